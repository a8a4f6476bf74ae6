import type {OmsClient} from '../client/oms-client.js';
import type {Config} from '../config/config.js';
import type {EpochMs} from '../domain/units.js';
import type {Clock} from '../polling/clock.js';
import {CredentialsHold, type Renewal} from '../polling/credentials-hold.js';
import {Discovery} from '../polling/discovery.js';
import {Poller} from '../polling/poller.js';
import {RequestBudget} from '../polling/request-budget.js';
import {SeriesStore} from '../series/store.js';

/** The store, its poller and discovery over one client: what the monitor, the stream and serve run on. */
export type Watch = {
	readonly store: SeriesStore;
	readonly poller: Poller;
	readonly discovery: Discovery;
	/** Stops discovery and polling; resolves when nothing is in flight. */
	stop(): Promise<void>;
};

/**
 * Starts polling the tasks named in the config (or a context's; or every listed one) and finding
 * new ones, all under one credentials hold and one request budget; `credentials` that may be
 * renewed can end a hold early.
 */
export function startWatch(
	config: Pick<Config, 'window' | 'interval' | 'taskIds' | 'status'>,
	client: OmsClient,
	clock: Clock,
	/** The process's one budget, shared by every context. */
	budget: RequestBudget,
	credentials?: Renewal,
): Watch {
	const serverNow = (): EpochMs => client.serverClock.now();
	const store = new SeriesStore({window: config.window, now: clock.now, serverNow});
	for (const taskId of config.taskIds) {
		store.addTask(taskId);
	}

	const hold = new CredentialsHold({clock, ...(credentials === undefined ? {} : {renewal: credentials})});
	const poller = new Poller({
		store,
		clock,
		hold,
		budget,
		serverNow,
		interval: config.interval,
		fetchStatistics: async (taskId, start, end, signal) => client.statistics(taskId, start, end, signal),
	});
	const discovery = new Discovery({
		catalog: client,
		store,
		watchlist: poller,
		clock,
		hold,
		budget,
		taskIds: config.taskIds,
		...(config.status === undefined ? {} : {status: config.status}),
	});
	poller.start();
	void discovery.refresh();
	return {
		store,
		poller,
		discovery,
		async stop() {
			await discovery.stop();
			await poller.stop();
			hold.stop();
		},
	};
}

import type {OmsClient} from '../client/oms-client.js';
import type {Config} from '../config/config.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import type {Clock} from '../polling/clock.js';
import {CredentialsHold, type Renewal} from '../polling/credentials-hold.js';
import {Discovery} from '../polling/discovery.js';
import {Poller} from '../polling/poller.js';
import type {RequestBudget} from '../polling/request-budget.js';
import {SeriesStore} from '../series/store.js';

/** The store, its poller and discovery over one client: what the monitor, the stream, serve, the test rig and the bench run on. */
export type Watch = {
	readonly store: SeriesStore;
	readonly poller: Poller;
	readonly discovery: Discovery;
	/** The hold the poller and discovery share. */
	readonly hold: CredentialsHold;
	/** Stops discovery and polling; resolves when nothing is in flight. */
	stop(): Promise<void>;
};

export type WatchOptions = {
	readonly config: Pick<Config, 'window' | 'interval' | 'taskIds' | 'status'>;
	readonly client: OmsClient;
	readonly clock: Clock;
	/** The process's one budget, shared by every context; none (no limit) when absent. */
	readonly budget?: RequestBudget;
	/** Credentials that may be renewed: they can end a hold early. */
	readonly credentials?: Renewal;
	/**
	 * Makes the random source of each part that jitters (the hold's lengths, the poller's
	 * retries), so that tests are repeatable and one part's draws do not shift the other's.
	 * Math.random by default.
	 */
	readonly random?: () => () => number;
	/** Statistics requests in flight at once; the poller's default otherwise. */
	readonly concurrency?: number;
	/** Between polls of tasks off screen; the poller's default otherwise. */
	readonly offScreenInterval?: DurationMs;
	/** The client a task's statistics are asked of; `client` by default (tests send some tasks to a dead address). */
	readonly statisticsClient?: (taskId: TaskId) => OmsClient;
	/**
	 * The tasks in the store from the start; `config.taskIds` by default. The test rig starts
	 * with every simulated task, as if a listing had found them, and leaves the listing to discovery.
	 */
	readonly tasks?: readonly TaskId[];
	/** Whether discovery's first round (a listing, or the details of the ids given) starts at once; otherwise the caller starts it. Default: true. */
	readonly discoverAtStart?: boolean;
};

/**
 * Starts polling the tasks named in the config (or a context's; or every listed one) and finding
 * new ones, all under one credentials hold and one request budget.
 */
export function startWatch(options: WatchOptions): Watch {
	const {config, client, clock, budget, credentials, random} = options;
	const serverNow = (): EpochMs => client.serverClock.now();
	const store = new SeriesStore({window: config.window, now: clock.now, serverNow});
	for (const taskId of options.tasks ?? config.taskIds) {
		store.addTask(taskId);
	}

	const hold = new CredentialsHold({
		clock,
		...(random === undefined ? {} : {random: random()}),
		...(credentials === undefined ? {} : {renewal: credentials}),
	});
	const statisticsClient = options.statisticsClient ?? (() => client);
	const poller = new Poller({
		store,
		clock,
		hold,
		serverNow,
		interval: config.interval,
		...(budget === undefined ? {} : {budget}),
		...(random === undefined ? {} : {random: random()}),
		...(options.concurrency === undefined ? {} : {concurrency: options.concurrency}),
		...(options.offScreenInterval === undefined ? {} : {offScreenInterval: options.offScreenInterval}),
		fetchStatistics: async (taskId, start, end, signal) => statisticsClient(taskId).statistics(taskId, start, end, signal),
	});
	const discovery = new Discovery({
		catalog: client,
		store,
		watchlist: poller,
		clock,
		hold,
		...(budget === undefined ? {} : {budget}),
		taskIds: config.taskIds,
		...(config.status === undefined ? {} : {status: config.status}),
	});
	poller.start();
	if (options.discoverAtStart ?? true) {
		void discovery.refresh();
	}

	return {
		store,
		poller,
		discovery,
		hold,
		async stop() {
			await discovery.stop();
			await poller.stop();
			hold.stop();
		},
	};
}

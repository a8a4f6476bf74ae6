import {DEFAULT_LIMITS} from '../../source/client/http.js';
import type {OmsClient} from '../../source/client/oms-client.js';
import {HOUR, SECOND, type DurationMs, type EpochMs, type TaskId} from '../../source/domain/units.js';
import {Poller} from '../../source/polling/poller.js';
import {SeriesStore} from '../../source/series/store.js';
import {startSimulator, type NewTask, type Simulator} from '../../source/simulator/index.js';
import {clientFor} from './connect.js';
import {FakeClock} from './fake-clock.js';

/** A fixed instant: frames depend on nothing but the test. */
export const T0: EpochMs = Date.UTC(2026, 10, 23, 8, 1, 10);
const ADDED_HISTORY: DurationMs = 3 * HOUR;

export type UiRig = {
	readonly clock: FakeClock;
	readonly simulator: Simulator;
	readonly client: OmsClient;
	readonly store: SeriesStore;
	readonly poller: Poller;
	/** The watched tasks, in store order. */
	readonly taskIds: readonly TaskId[];
	/** Moves the fake clock, letting every poll due on the way run over real HTTP. */
	advance(duration: DurationMs): Promise<void>;
	close(): Promise<void>;
};

/**
 * The real simulator over real HTTP, the real client, store and poller, all on one fake
 * clock; the first polls have landed when this resolves.
 */
export async function uiRig(options: {window?: DurationMs; tasks?: (simulator: Simulator) => TaskId[]; added?: NewTask[]} = {}): Promise<UiRig> {
	// Added tasks start where they are added: add them three hours back, so they have a history.
	const clock = new FakeClock(T0 - ADDED_HISTORY);
	const simulator = await startSimulator({now: clock.now});
	for (const spec of options.added ?? []) {
		simulator.addTask(spec);
	}

	clock.set(T0);

	const client = clientFor(simulator, {now: clock.now, limits: DEFAULT_LIMITS});
	const store = new SeriesStore(options.window ?? 6 * HOUR, clock.now);
	const taskIds = options.tasks?.(simulator) ?? simulator.tasks.map(task => task.id);
	for (const taskId of taskIds) {
		store.addTask(taskId);
	}

	let seed = 7;
	const poller = new Poller({
		store,
		clock,
		interval: 30 * SECOND,
		random: () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647,
		fetchStatistics: async (taskId, start, end, signal) => client.statistics(taskId, start, end, signal),
	});
	poller.start();
	await poller.idle();
	return {
		clock,
		simulator,
		client,
		store,
		poller,
		taskIds,
		async advance(duration) {
			await clock.runUntil(clock.now() + duration, async () => poller.idle());
		},
		async close() {
			await poller.stop();
			await client.close();
			await simulator.close();
		},
	};
}

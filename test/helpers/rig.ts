import type {CredentialProvider} from '../../source/auth/provider.js';
import {DEFAULT_LIMITS, type HttpLimits} from '../../source/client/http.js';
import type {OmsClient} from '../../source/client/oms-client.js';
import {HOUR, SECOND, type DurationMs, type EpochMs, type TaskId} from '../../source/domain/units.js';
import {startWatch} from '../../source/modes/watch.js';
import type {CredentialsHold} from '../../source/polling/credentials-hold.js';
import type {Discovery} from '../../source/polling/discovery.js';
import type {Poller} from '../../source/polling/poller.js';
import {RequestBudget} from '../../source/polling/request-budget.js';
import type {SeriesStore} from '../../source/series/store.js';
import {startSimulator, type NewTask, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';
import {clientFor} from './connect.js';
import {FakeClock} from './fake-clock.js';

/** A fixed instant, so that every run sees the same traffic. */
export const T0: EpochMs = Date.UTC(2026, 10, 23, 8, 1, 10);

/** The Park–Miller generator: a repeatable stand-in for Math.random in retry jitter. */
export function seededRandom(seed: number): () => number {
	let state = seed;
	return () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
}

export type RigOptions = {
	readonly start?: EpochMs;
	readonly window?: DurationMs;
	readonly interval?: DurationMs;
	readonly concurrency?: number;
	/** Requests per second for the poller and discovery together; no budget by default. */
	readonly budget?: number;
	/** Between polls of tasks off screen (after poller.setVisible); the poller's default otherwise. */
	readonly offScreenInterval?: DurationMs;
	readonly seed?: number;
	readonly simulator?: SimulatorOptions;
	/** Tasks added to the simulator `history` before `start`, so that they have traffic to show. */
	readonly added?: readonly NewTask[];
	readonly history?: DurationMs;
	/** The tasks to watch; all the simulator's by default. Ignored when `discover` is set. */
	readonly tasks?: readonly TaskId[] | ((simulator: Simulator) => readonly TaskId[]);
	/** Find the tasks by listing the project, as omstop does when given no ids. */
	readonly discover?: boolean;
	readonly limits?: Partial<HttpLimits>;
	/** Where to send requests instead of to the simulator: a relay in front of it. */
	readonly endpoint?: (simulator: Simulator) => Promise<string>;
	/** Credentials that may change under the rig; by default the simulator's token. */
	readonly credentials?: (simulator: Simulator, clock: FakeClock) => Promise<CredentialProvider>;
};

export type Rig = {
	readonly clock: FakeClock;
	readonly simulator: Simulator;
	readonly client: OmsClient;
	readonly store: SeriesStore;
	readonly poller: Poller;
	readonly discovery: Discovery;
	/** The hold the poller and discovery share. */
	readonly hold: CredentialsHold;
	/** The budget they share, when one was asked for. */
	readonly budget: RequestBudget | undefined;
	/** Tasks whose polls go through another client (to a dead address, say) instead of `client`. */
	readonly detours: Map<TaskId, OmsClient>;
	/** The watched tasks, in store order, as they were when the rig started. */
	readonly taskIds: readonly TaskId[];
	/** Moves the fake clock, letting every poll due on the way run over real HTTP. */
	run(duration: DurationMs): Promise<void>;
	runTo(time: EpochMs): Promise<void>;
	close(): Promise<void>;
};

/**
 * The embedded simulator over real HTTP, the real client, store, poller and discovery, all
 * on one fake clock; the first polls have landed when this resolves.
 */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
	const start = options.start ?? T0;
	const clock = new FakeClock(start - (options.added === undefined ? 0 : options.history ?? 3 * HOUR));
	const simulator = await startSimulator({now: clock.now, ...options.simulator});
	for (const spec of options.added ?? []) {
		simulator.addTask(spec);
	}

	clock.set(start);
	const credentials = await options.credentials?.(simulator, clock);
	const client = clientFor(simulator, {
		now: clock.now,
		limits: {...DEFAULT_LIMITS, ...options.limits},
		...(options.endpoint === undefined ? {} : {endpoint: await options.endpoint(simulator)}),
		...(credentials === undefined ? {} : {credentials}),
	});
	const budget = options.budget === undefined ? undefined : new RequestBudget({clock, perSecond: options.budget});
	const detours = new Map<TaskId, OmsClient>();
	const watched = typeof options.tasks === 'function' ? options.tasks(simulator) : options.tasks;
	const {store, poller, discovery, hold, stop} = startWatch({
		// Without `discover` every simulated task is polled from the start, and discovery, told of
		// only the tasks asked for, lists the project when a test starts a round.
		config: {window: options.window ?? 6 * HOUR, interval: options.interval ?? 30 * SECOND, taskIds: options.discover ? [] : [...(watched ?? [])], status: undefined},
		client,
		clock,
		...(budget === undefined ? {} : {budget}),
		...(credentials === undefined ? {} : {credentials}),
		random: () => seededRandom(options.seed ?? 7),
		concurrency: options.concurrency ?? 4,
		...(options.offScreenInterval === undefined ? {} : {offScreenInterval: options.offScreenInterval}),
		statisticsClient: taskId => detours.get(taskId) ?? client,
		tasks: options.discover ? [] : watched ?? simulator.tasks.map(task => task.id),
		discoverAtStart: options.discover === true,
	});
	if (options.discover) {
		// Under a budget the round may wait for the clock to move: then it goes on in run().
		await discovery.idle();
	}

	await poller.idle();
	// A look at the credentials during a hold may start the probe; then the probe settles.
	const settle = async (): Promise<void> => {
		await hold.idle();
		await discovery.idle();
		await poller.idle();
	};
	return {
		clock,
		simulator,
		client,
		store,
		poller,
		discovery,
		hold,
		budget,
		detours,
		taskIds: store.taskIds(),
		run: async duration => clock.runUntil(clock.now() + duration, settle),
		runTo: async time => clock.runUntil(time, settle),
		async close() {
			await stop();
			await credentials?.close();
			await Promise.all([client, ...detours.values()].map(async each => each.close()));
			await simulator.close();
		},
	};
}

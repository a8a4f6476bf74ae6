import type {DataType, Granularity} from '../domain/statistics.js';
import {DAY, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import {answer} from './app.js';
import {FaultBook, type Fault, type FaultScope} from './faults.js';
import {listen, type RequestRecord} from './server.js';
import {chooseGranularity, series} from './statistics.js';
import {addedTask, generatedTask, seededTasks, trafficOf, withStatus, type NewTask, type SimulatedTask, type TaskStatus} from './tasks.js';
import {FIVE_MINUTES} from './traffic.js';

export type {Fault, FaultScope} from './faults.js';
export type {ProfileName, TrafficProfile} from './profiles.js';
export type {RequestRecord} from './server.js';
export {SEEDED_TASK_IDS, type NewTask, type SimulatedTask, type TaskStatus} from './tasks.js';

export type SimulatorOptions = {
	/** The clock the traffic follows; default Date.now. */
	readonly now?: () => EpochMs;
	/** Same seed, same traffic; default 1. */
	readonly seed?: number;
	/** Default 0123456789abcdef0123456789abcdef. */
	readonly projectId?: string;
	/** The accepted X-Auth-Token; default omstop-demo-token. */
	readonly token?: string;
	/** The accepted AK/SK pair; defaults are the example pair of oms-api.md §5.2. */
	readonly accessKey?: string;
	readonly secretKey?: string;
	/** Generated tasks added after the five seeded ones; default 0. */
	readonly extraTasks?: number;
	/** Ranges longer than this are answered in ONE_HOUR buckets; default 24 hours. */
	readonly hourlyAbove?: DurationMs;
	/** Default 127.0.0.1. */
	readonly host?: string;
	/** Default 0: any free port. */
	readonly port?: number;
	/** Requests the log keeps, the newest; default 10,000 (a test of the trimming needs fewer). */
	readonly logLimit?: number;
};

export type Simulator = {
	/** Such as http://127.0.0.1:PORT, without a trailing slash. */
	readonly url: string;
	readonly projectId: string;
	readonly token: string;
	readonly accessKey: string;
	readonly secretKey: string;
	/** The catalogue as it stands now. */
	readonly tasks: readonly SimulatedTask[];
	/**
	 * Exactly what the statistics endpoint would answer now, as data, for all five types.
	 * Throws for an unknown task; unlike the endpoint, it answers ranges past 1000 hours too.
	 */
	statistics(
		taskId: TaskId,
		start: EpochMs,
		end: EpochMs,
		granularity?: Granularity,
	): {granularity: Granularity; series: Record<DataType, Array<[EpochMs, bigint]>>};
	setFault(fault: Fault, scope?: FaultScope): void;
	/** From now on the gateway accepts these instead (a token renewed, keys rotated); the old ones are refused. */
	setCredentials(credentials: Partial<Pick<Simulator, 'token' | 'accessKey' | 'secretKey'>>): void;
	clearFaults(): void;
	setTaskStatus(taskId: TaskId, status: TaskStatus): void;
	/** A task created now; unspecified fields are generated from the seed. */
	addTask(spec?: NewTask): SimulatedTask;
	removeTask(taskId: TaskId): void;
	/** The server-side log of the last 10,000 requests (or `logLimit`), oldest first. */
	readonly requests: readonly RequestRecord[];
	/** Closes the server and every open connection, and drops held answers. */
	close(): Promise<void>;
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const clock = options.now ?? Date.now;
	// Whole milliseconds, as the API counts them; the bigint scaling of partial buckets needs integers.
	const now = (): EpochMs => Math.floor(clock());
	const seed = options.seed ?? 1;
	const hourlyAbove = options.hourlyAbove ?? DAY;
	const projectId = options.projectId ?? '0123456789abcdef0123456789abcdef';
	let credentials = {
		token: options.token ?? 'omstop-demo-token',
		accessKey: options.accessKey ?? 'EXAMPLEAK0000000000',
		secretKey: options.secretKey ?? 'EXAMPLESK0000000000000000000000000000000',
	};
	const anchor = Math.floor(now() / FIVE_MINUTES) * FIVE_MINUTES;
	let generated = options.extraTasks ?? 0;
	let tasks: readonly SimulatedTask[] = [
		...seededTasks(anchor),
		...Array.from({length: generated}, (_, index) => generatedTask(seed, index, anchor)),
	];
	const faults = new FaultBook();

	function find(taskId: TaskId): SimulatedTask {
		const task = tasks.find(candidate => candidate.id === taskId);
		if (!task) {
			throw new Error(`No simulated task has the id ${taskId}`);
		}

		return task;
	}

	const edge = await listen({
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		now,
		answer: incoming => answer(incoming, {projectId, credentials, seed, hourlyAbove, tasks, faults}),
		...(options.logLimit === undefined ? {} : {logLimit: options.logLimit}),
	});

	return {
		url: edge.url,
		projectId,
		get token() {
			return credentials.token;
		},
		get accessKey() {
			return credentials.accessKey;
		},
		get secretKey() {
			return credentials.secretKey;
		},
		get tasks() {
			return tasks;
		},
		statistics(taskId, start, end, granularity = chooseGranularity(start, end, hourlyAbove)) {
			return {granularity, series: series(trafficOf(find(taskId), seed), start, end, granularity, now())};
		},
		setFault(fault, scope) {
			faults.set(fault, scope);
		},
		clearFaults() {
			faults.clear();
		},
		setCredentials(next) {
			credentials = {...credentials, ...next};
		},
		setTaskStatus(taskId, status) {
			const updated = withStatus(find(taskId), status, now());
			tasks = tasks.map(task => (task.id === taskId ? updated : task));
		},
		addTask(spec = {}) {
			const task = addedTask(seed, generated++, now(), spec);
			if (tasks.some(candidate => candidate.id === task.id)) {
				throw new Error(`A simulated task already has the id ${task.id}`);
			}

			tasks = [...tasks, task];
			return task;
		},
		removeTask(taskId) {
			find(taskId);
			tasks = tasks.filter(task => task.id !== taskId);
		},
		requests: edge.requests,
		close: async () => edge.close(),
	};
}

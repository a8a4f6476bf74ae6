import {OmstopError, ResponseError} from '../domain/errors.js';
import type {TaskInfo, TaskPage, TaskStatusName} from '../domain/task-info.js';
import {MINUTE, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import type {CatalogChange, SeriesStore} from '../series/store.js';
import type {Clock, TimerHandle} from './clock.js';

export type TaskCatalog = {
	listTasks(page: {limit: number; offset: number; status?: TaskStatusName}, signal?: AbortSignal): Promise<TaskPage>;
	showTask(taskId: TaskId, monthOf: EpochMs, signal?: AbortSignal): Promise<TaskInfo>;
};

/** What discovery does to the set of polled tasks. */
export type Watchlist = {
	add(taskId: TaskId): void;
	remove(taskId: TaskId): void;
};

export type DiscoveryOptions = {
	readonly catalog: TaskCatalog;
	readonly store: SeriesStore;
	readonly watchlist: Watchlist;
	readonly clock: Clock;
	/** Task ids named on the command line: watched as given, never listed. */
	readonly taskIds: readonly TaskId[];
	readonly status?: TaskStatusName;
	/** Between two listings (or rounds of show calls for the ids given). */
	readonly every?: DurationMs;
	/**
	 * After each listing, ask for every task's details too, one task at a time: serve exports
	 * every task's month counters, which only the show call gives.
	 */
	readonly detailsOfAll?: boolean;
};

const PAGE = 100;
/** The list call refuses offsets above 10000. */
const MAX_OFFSET = 10_000;
export const DISCOVERY_INTERVAL: DurationMs = 5 * MINUTE;

function unexpected(error: unknown): OmstopError {
	return error instanceof OmstopError
		? error
		: new ResponseError(`Unexpected failure listing tasks: ${String(error)}`, 'omstop keeps the tasks it knows.', {cause: error});
}

/** Every task, page by page, as the provider's Terraform provider does: until a short page. */
export async function listAllTasks(catalog: TaskCatalog, status: TaskStatusName | undefined, signal?: AbortSignal): Promise<TaskInfo[]> {
	const tasks: TaskInfo[] = [];
	for (let offset = 0; offset <= MAX_OFFSET; offset += PAGE) {
		const page = await catalog.listTasks({limit: PAGE, offset, ...(status === undefined ? {} : {status})}, signal);
		tasks.push(...page.tasks);
		if (page.tasks.length < PAGE || (page.count !== undefined && offset + PAGE >= page.count)) {
			break;
		}
	}

	return tasks;
}

/**
 * Finds the tasks to watch and keeps their details fresh. With no ids given it lists the
 * project every few minutes, adds new tasks, drops deleted ones and records what changed;
 * with ids given it asks for each one's details (name, status, this month's counters).
 * A failure keeps every task already known.
 */
export class Discovery {
	readonly #options: DiscoveryOptions;
	readonly #abort = new AbortController();
	#timer: TimerHandle | undefined;
	#running: Promise<void> | undefined;
	#known = new Map<TaskId, TaskInfo>();
	readonly #detailsAt = new Map<TaskId, EpochMs>();

	constructor(options: DiscoveryOptions) {
		this.#options = options;
	}

	/** Runs one round now and schedules the next; resolves when this round is done. */
	async refresh(): Promise<void> {
		this.#running ??= this.#round().finally(() => {
			this.#running = undefined;
			this.#schedule();
		});
		return this.#running;
	}

	/**
	 * One task's details with this month's counters (the list call has none), unless they
	 * were fetched within the discovery interval: for a task screen being opened.
	 */
	async details(taskId: TaskId): Promise<void> {
		const {catalog, store, clock} = this.#options;
		const last = this.#detailsAt.get(taskId);
		if (this.#abort.signal.aborted || (last !== undefined && clock.now() - last < (this.#options.every ?? DISCOVERY_INTERVAL))) {
			return;
		}

		this.#detailsAt.set(taskId, clock.now());
		try {
			store.setInfo(taskId, await catalog.showTask(taskId, clock.now(), this.#abort.signal));
		} catch {
			// The statistics poll of the same task reports what is wrong with it.
			this.#detailsAt.delete(taskId);
		}
	}

	async stop(): Promise<void> {
		this.#abort.abort(new Error('omstop is stopping'));
		if (this.#timer !== undefined) {
			this.#options.clock.clearTimer(this.#timer);
			this.#timer = undefined;
		}

		await this.#running?.catch(() => undefined);
	}

	#schedule(): void {
		if (this.#abort.signal.aborted) {
			return;
		}

		if (this.#timer !== undefined) {
			this.#options.clock.clearTimer(this.#timer);
		}

		this.#timer = this.#options.clock.setTimer(() => {
			this.#timer = undefined;
			void this.refresh();
		}, this.#options.every ?? DISCOVERY_INTERVAL);
	}

	async #round(): Promise<void> {
		if (this.#options.taskIds.length > 0) {
			await this.#show(this.#options.taskIds);
		} else {
			await this.#listProject();
			if (this.#options.detailsOfAll === true) {
				await this.#show([...this.#known.keys()]);
			}
		}
	}

	async #show(taskIds: readonly TaskId[]): Promise<void> {
		for (const taskId of taskIds) {
			this.#detailsAt.delete(taskId);
			await this.details(taskId);
		}
	}

	async #listProject(): Promise<void> {
		const {catalog, store, watchlist, clock, status} = this.#options;
		let listed: TaskInfo[];
		try {
			listed = await listAllTasks(catalog, status, this.#abort.signal);
		} catch (error) {
			if (!this.#abort.signal.aborted) {
				store.setDiscovery({at: clock.now(), error: unexpected(error)});
			}

			return;
		}

		const now = clock.now();
		const first = this.#known.size === 0 && store.getSnapshot().discovery.lastListedAt === undefined;
		const changes: CatalogChange[] = [];
		const seen = new Set<TaskId>();
		for (const info of listed) {
			seen.add(info.id);
			const before = this.#known.get(info.id);
			if (before === undefined) {
				watchlist.add(info.id);
				if (!first) {
					changes.push({at: now, taskId: info.id, what: 'appeared'});
				}
			} else if (before.status !== info.status && (info.status === 'STOPPED' || info.status === 'SYNCHRONIZING')) {
				changes.push({at: now, taskId: info.id, what: info.status === 'STOPPED' ? 'stopped' : 'started'});
			}

			this.#known.set(info.id, info);
			// The list call has no month counters: those of the last show call stay until the next one.
			store.setInfo(info.id, {...info, monthly: info.monthly ?? store.task(info.id)?.info?.monthly});
		}

		for (const taskId of [...this.#known.keys()]) {
			if (!seen.has(taskId)) {
				this.#known.delete(taskId);
				watchlist.remove(taskId);
				changes.push({at: now, taskId, what: 'deleted'});
			}
		}

		store.setDiscovery({at: now, error: undefined, changes});
	}
}

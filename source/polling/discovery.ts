import {OmstopError, ResponseError} from '../domain/errors.js';
import type {TaskInfo, TaskPage, TaskStatusName} from '../domain/task-info.js';
import {MINUTE, SECOND, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import type {CatalogChange, SeriesStore} from '../series/store.js';
import type {Clock, TimerHandle} from './clock.js';
import {HeldError, type CredentialsHold} from './credentials-hold.js';
import type {RequestBudget} from './request-budget.js';

export type TaskCatalog = {
	listTasks(page: {limit: number; offset: number; status?: TaskStatusName}, signal?: AbortSignal): Promise<TaskPage>;
	showTask(taskId: TaskId, monthOf: EpochMs, signal?: AbortSignal): Promise<TaskInfo>;
};

/** What discovery does to the set of polled tasks. */
export type Watchlist = {
	add(taskId: TaskId): void;
	remove(taskId: TaskId): void;
	/** The server said 404 for the task's details. */
	deleted(taskId: TaskId): void;
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
	/** The hold shared with the poller: while it is on, discovery sends nothing (but the probe, when its turn comes). */
	readonly hold?: CredentialsHold;
	/** The requests per second shared with the poller: each list or show call waits its turn. */
	readonly budget?: RequestBudget;
};

const PAGE = 100;
/** The list call refuses offsets above 10000. */
const MAX_OFFSET = 10_000;
export const DISCOVERY_INTERVAL: DurationMs = 5 * MINUTE;
/**
 * The month's counters are asked for again after this long: they move slowly against a
 * month, and with many tasks a show call per task per listing would be most of the traffic.
 */
export const MONTH_REFRESH: DurationMs = 15 * MINUTE;
/** After the month turns, the show call is asked this much later, past any clock difference. */
const MONTH_TURN_MARGIN: DurationMs = 5 * SECOND;

/** Start of the calendar month (UTC) holding `time`: the month the show call's counters are for. */
export function monthStart(time: EpochMs): EpochMs {
	const date = new Date(time);
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonthStart(time: EpochMs): EpochMs {
	const date = new Date(time);
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

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
	/** On the monotonic clock. */
	readonly #detailsAt = new Map<TaskId, number>();
	/** A round was skipped for a hold, or began it: it runs again as soon as the hold is cut short or lifted. */
	#missed = false;
	readonly #unsubscribe: (() => void) | undefined;
	/** The catalog, its every call sent in its turn under the budget, and under the hold. */
	readonly #catalog: TaskCatalog;
	/** Calls waiting for their turn in the budget, each with what takes it off the queue and wakes it. */
	readonly #waiting = new Set<() => void>();
	readonly #idleWaiters: Array<() => void> = [];

	constructor(options: DiscoveryOptions) {
		this.#options = options;
		const {catalog, hold} = options;
		const send = async <T>(call: () => Promise<T>): Promise<T> => {
			// A call the hold turns away is not sent, and takes nothing from the budget.
			if (hold?.blocks() !== true) {
				await this.#turn();
			}

			return hold === undefined ? call() : hold.guard(call);
		};

		this.#catalog = {
			listTasks: async (page, signal) => send(async () => catalog.listTasks(page, signal)),
			showTask: async (taskId, monthOf, signal) => send(async () => catalog.showTask(taskId, monthOf, signal)),
		};
		this.#unsubscribe = hold?.subscribe(event => {
			if ((event.kind === 'released' || event.kind === 'lifted') && this.#missed) {
				this.#missed = false;
				void this.refresh();
			}
		});
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
	 * were fetched within the discovery interval and in the same month.
	 */
	async details(taskId: TaskId): Promise<void> {
		const {store, clock} = this.#options;
		const catalog = this.#catalog;
		const last = this.#detailsAt.get(taskId);
		const asOf = store.task(taskId)?.month?.asOf;
		const sameMonth = asOf !== undefined && monthStart(asOf) === monthStart(clock.now());
		if (this.#abort.signal.aborted || (last !== undefined && sameMonth && clock.monotonic() - last < MONTH_REFRESH)) {
			return;
		}

		this.#detailsAt.set(taskId, clock.monotonic());
		try {
			const at = clock.now();
			store.setInfo(taskId, await catalog.showTask(taskId, at, this.#abort.signal), at);
		} catch (error) {
			this.#detailsAt.delete(taskId);
			this.#missed ||= error instanceof HeldError;
			if (error instanceof OmstopError && error.code === 'not-found') {
				this.#options.watchlist.deleted(taskId);
			} else if (error instanceof OmstopError && !(error instanceof HeldError) && !this.#abort.signal.aborted) {
				// What is shown of the task's details says why they are missing.
				store.setDetailsError(taskId, error);
			}
		}
	}

	get #every(): DurationMs {
		return this.#options.every ?? DISCOVERY_INTERVAL;
	}

	/**
	 * Resolves when no round is under way, or the round waits for the budget, which only time
	 * passing ends (tests step a fake clock with it).
	 */
	async idle(): Promise<void> {
		while (this.#running !== undefined && this.#waiting.size === 0) {
			const running = this.#running;
			await new Promise<void>(resolve => {
				this.#idleWaiters.push(resolve);
				void running.then(resolve, resolve);
			});
		}
	}

	async stop(): Promise<void> {
		this.#unsubscribe?.();
		this.#abort.abort(new Error('omstop is stopping'));
		if (this.#timer !== undefined) {
			this.#options.clock.clearTimer(this.#timer);
			this.#timer = undefined;
		}

		// What waits for the budget goes on, to find the signal aborted.
		for (const giveUp of [...this.#waiting]) {
			giveUp();
		}

		await this.#running?.catch(() => undefined);
	}

	/** Waits for the budget's turn and takes one request of it. */
	async #turn(): Promise<void> {
		const {budget} = this.#options;
		if (budget === undefined) {
			return;
		}

		if (budget.ready()) {
			budget.take();
			return;
		}

		await new Promise<void>(resolve => {
			let leave = (): void => undefined;
			const giveUp = (): void => {
				leave();
				this.#waiting.delete(giveUp);
				resolve();
			};

			this.#waiting.add(giveUp);
			leave = budget.queue(() => {
				// Taken in the turn itself: the next in the queue may go only after it.
				budget.take();
				this.#waiting.delete(giveUp);
				resolve();
			});
			if (this.#waiting.has(giveUp)) {
				for (const waiter of this.#idleWaiters.splice(0)) {
					waiter();
				}
			}
		});
	}

	#schedule(): void {
		if (this.#abort.signal.aborted) {
			return;
		}

		if (this.#timer !== undefined) {
			this.#options.clock.clearTimer(this.#timer);
		}

		// At the turn of the month too, so that last month's counters are not shown as this month's.
		const now = this.#options.clock.now();
		const untilMonthTurns = nextMonthStart(now) - now + MONTH_TURN_MARGIN;
		this.#timer = this.#options.clock.setTimer(() => {
			this.#timer = undefined;
			void this.refresh();
		}, Math.min(this.#every, untilMonthTurns));
	}

	async #round(): Promise<void> {
		const taskIds = this.#options.taskIds.length > 0 ? this.#options.taskIds : await this.#listProject();
		// The month's counters of every task, one call at a time: they come only with the show call.
		for (const taskId of taskIds) {
			await this.details(taskId);
		}
	}

	/** Lists the project, records what changed, and returns the tasks listed (none when the listing failed). */
	async #listProject(): Promise<readonly TaskId[]> {
		const {store, watchlist, clock, status} = this.#options;
		let listed: TaskInfo[];
		try {
			listed = await listAllTasks(this.#catalog, status, this.#abort.signal);
		} catch (error) {
			this.#missed = error instanceof HeldError || (error instanceof OmstopError && (error.code === 'unauthorized' || error.code === 'blacklisted'));
			// A call held back was not sent: that is no failure of the listing.
			if (!(error instanceof HeldError) && !this.#abort.signal.aborted) {
				store.setDiscovery({at: clock.now(), error: unexpected(error)});
			}

			return [];
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
			// The list call has no month counters: the store keeps those of the last show call.
			store.setInfo(info.id, info);
		}

		for (const taskId of [...this.#known.keys()]) {
			if (!seen.has(taskId)) {
				this.#known.delete(taskId);
				if (status === undefined) {
					// Gone from the whole project: marked deleted, left out of the totals, and dropped
					// by the poller once its own 404s have lasted the grace.
					watchlist.deleted(taskId);
					changes.push({at: now, taskId, what: 'deleted'});
				} else {
					// Only out of the filter (--status): nothing to keep showing.
					watchlist.remove(taskId);
					changes.push({at: now, taskId, what: status === 'SYNCHRONIZING' ? 'stopped' : 'started'});
				}
			}
		}

		store.setDiscovery({at: now, error: undefined, changes});
		return [...seen];
	}
}

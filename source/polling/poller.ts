import {OmstopError, ResponseError} from '../domain/errors.js';
import type {StatisticsAnswer} from '../domain/statistics.js';
import {MINUTE, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import type {SeriesStore} from '../series/store.js';
import {backfillSpans, incrementalSpans, type Span} from '../series/window.js';
import type {Clock, MonotonicMs, TimerHandle} from './clock.js';
import {CredentialsHold, type HoldEvent} from './credentials-hold.js';
import type {RequestBudget} from './request-budget.js';
import {planRetry} from './retry-policy.js';

export type FetchStatistics = (
	taskId: TaskId,
	start: EpochMs,
	end: EpochMs,
	signal: AbortSignal,
) => Promise<StatisticsAnswer>;

export type PollerOptions = {
	readonly store: SeriesStore;
	readonly fetchStatistics: FetchStatistics;
	readonly clock: Clock;
	/** The server's clock (its Date header); spans are asked in its time. Default: the clock's wall time. */
	readonly serverNow?: () => EpochMs;
	/** Between two polls of one task; the config keeps it at 5 s or more. */
	readonly interval: DurationMs;
	/** Requests in flight at once, over all tasks. */
	readonly concurrency?: number;
	/** For retry jitter; injected so that tests are repeatable. */
	readonly random?: () => number;
	/** A task was dropped after it stayed deleted (404) for DELETED_GRACE. */
	readonly onDropped?: (taskId: TaskId) => void;
	/** The hold shared with every other caller of the API; by default one of the poller's own. */
	readonly hold?: CredentialsHold;
	/** The requests per second shared with every other caller of the API; none by default. */
	readonly budget?: RequestBudget;
	/** Between two polls of a task not on screen (see setVisible); never shorter than `interval`. */
	readonly offScreenInterval?: DurationMs;
};

/**
 * Tasks not on screen are polled this often: statistics come in 5-minute buckets, so a task
 * that starts failing is still seen within one bucket, and most of a faster poll would
 * re-read the bucket that is filling.
 */
export const OFF_SCREEN_INTERVAL: DurationMs = 5 * MINUTE;
/** A task the server no longer knows is shown as deleted this long, then dropped. */
export const DELETED_GRACE: DurationMs = 15 * MINUTE;
/** How often a deleted task is asked about during its grace: a 404 now and then is not a deletion. */
const DELETED_RECHECK: DurationMs = 5 * MINUTE;
/** A jump of the server's clock against ours larger than this gets a poll at once: the last one asked for the wrong span. */
const CLOCK_JUMP: DurationMs = MINUTE;

type TaskState = {
	/** Where this task's polls fall within its cadence (0 to 1), so that tasks are spread over it. */
	share: number;
	/** On screen (see setVisible): polled at the interval, else at the off-screen interval. */
	shown: boolean;
	/** When the last poll succeeded (monotonic). */
	polledAt: MonotonicMs;
	/** On the monotonic clock: a wall-clock step moves no poll. */
	due: MonotonicMs;
	inFlight: boolean;
	failures: number;
	/** Bumped by every window change: an answer to an older window does not end the backfill the change asked for. */
	generation: number;
	/** The generation whose full window has been fetched; below `generation`, the next poll backfills. */
	filled: number;
	/** When the server first said 404 (monotonic), while it keeps saying so. */
	deletedAt: MonotonicMs | undefined;
};

/**
 * Polls the statistics of every task in the store: a full poll of the window, then
 * incremental polls from where the last answer left off (less a bucket, for late
 * corrections) to the server's now. One timer, armed for the next due poll; a task is
 * never polled twice at once; failures are handled per task, except those of the
 * credentials or the caller's address, which hold every task.
 */
export class Poller {
	readonly #options: PollerOptions;
	readonly #store: SeriesStore;
	readonly #clock: Clock;
	readonly #serverNow: () => EpochMs;
	readonly #concurrency: number;
	readonly #random: () => number;
	readonly #tasks = new Map<TaskId, TaskState>();
	readonly #abort = new AbortController();
	readonly #idleWaiters: Array<() => void> = [];
	#interval: DurationMs;
	/** Set while the poller waits in the budget's queue. */
	#leaveQueue: (() => void) | undefined;
	readonly #offScreenInterval: DurationMs;
	/** The tasks on screen; undefined: every task counts as on screen. */
	#visible: ReadonlySet<TaskId> | undefined;
	#timer: TimerHandle | undefined;
	#inFlight = 0;
	#paused = false;
	#stopped = false;
	/** While it blocks no poll starts: the credentials or our address were refused. */
	readonly #hold: CredentialsHold;
	readonly #unsubscribe: () => void;

	constructor(options: PollerOptions) {
		this.#options = options;
		this.#store = options.store;
		this.#clock = options.clock;
		this.#serverNow = options.serverNow ?? (() => options.clock.now());
		this.#interval = options.interval;
		this.#offScreenInterval = Math.max(this.#interval, options.offScreenInterval ?? OFF_SCREEN_INTERVAL);
		this.#concurrency = Math.max(1, options.concurrency ?? 4);
		this.#random = options.random ?? Math.random;
		this.#hold = options.hold ?? new CredentialsHold({clock: this.#clock, random: this.#random});
		this.#unsubscribe = this.#hold.subscribe(event => {
			this.#holdChanged(event);
		});
	}

	get paused(): boolean {
		return this.#paused;
	}

	get interval(): DurationMs {
		return this.#interval;
	}

	/** Starts watching the store's tasks and any added later through add(). */
	start(): void {
		for (const taskId of this.#store.taskIds()) {
			this.#track(taskId);
		}

		this.#spread();
		this.#pump();
	}

	add(taskId: TaskId): void {
		this.#store.addTask(taskId);
		this.#track(taskId);
		this.#spread();
		this.#pump();
	}

	remove(taskId: TaskId): void {
		this.#tasks.delete(taskId);
		this.#store.removeTask(taskId);
		this.#spread();
		this.#pump();
	}

	/** The server no longer knows the task (a details call said 404): shown as deleted, looked at again after the grace. */
	deleted(taskId: TaskId): void {
		const task = this.#tasks.get(taskId);
		if (task !== undefined && task.deletedAt === undefined) {
			task.deletedAt = this.#clock.monotonic();
			this.#markDeleted(taskId, task);
		}
	}

	pause(): void {
		this.#paused = true;
		this.#disarm();
		this.#leaveBudgetQueue();
		this.#store.batch(() => {
			for (const taskId of this.#tasks.keys()) {
				this.#store.setStatus(taskId, {phase: 'paused', nextPollAt: undefined});
			}
		});
	}

	resume(): void {
		if (!this.#paused) {
			return;
		}

		this.#paused = false;
		const now = this.#clock.monotonic();
		this.#store.batch(() => {
			for (const [taskId, task] of this.#tasks) {
				const status = this.#store.task(taskId)?.status;
				this.#store.setStatus(taskId, {phase: status?.lastSuccessAt === undefined ? 'loading' : 'live'});
				task.due = Math.min(task.due, now);
			}
		});
		this.#pump();
	}

	/**
	 * The tasks on screen now: they are polled at the interval, the others at the off-screen
	 * interval. One that comes on screen is polled at once unless its last poll is recent.
	 * Until this is called every task counts as on screen (serve, the JSON stream).
	 */
	setVisible(taskIds: Iterable<TaskId>): void {
		const visible = new Set(taskIds);
		const now = this.#clock.monotonic();
		this.#store.batch(() => {
			for (const [taskId, task] of this.#tasks) {
				const shown = visible.has(taskId);
				// One in backoff, held, deleted or still backfilling keeps the time it has.
				if (shown && !task.shown && !task.inFlight && task.failures === 0 && task.filled === task.generation) {
					const due = Math.max(now, task.polledAt + this.#interval);
					if (due < task.due) {
						task.due = due;
						this.#store.setStatus(taskId, {nextPollAt: this.#wallTime(due)});
					}
				}

				task.shown = shown;
			}
		});

		this.#visible = visible;
		this.#pump();
	}

	/** Polls every task on screen now, cutting short any backoff; during a credentials hold, one task probes. */
	refresh(): void {
		const now = this.#clock.monotonic();
		if (this.#hold.blocks(now)) {
			this.#hold.release();
		} else {
			// Not those off screen: with many tasks they would queue, under the budget, ahead of the screen's next polls.
			for (const task of this.#tasks.values()) {
				if (task.shown) {
					task.due = now;
				}
			}
		}

		if (this.#paused) {
			this.resume();
		} else {
			this.#pump();
		}
	}

	/** Another window needs other buckets: every task polls its whole window again, even one whose poll is in flight. */
	setWindow(window: DurationMs): void {
		this.#store.setWindow(window);
		const now = this.#clock.monotonic();
		for (const task of this.#tasks.values()) {
			task.generation++;
			task.due = now;
		}

		this.#pump();
	}

	/** Aborts what is in flight and arms no timer again; resolves when every request settled. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#disarm();
		this.#leaveBudgetQueue();
		this.#unsubscribe();
		if (this.#options.hold === undefined) {
			this.#hold.stop();
		}

		this.#abort.abort(new Error('omstop is stopping'));
		await this.idle();
	}

	/** Resolves when no request is in flight (tests step a fake clock with it). */
	async idle(): Promise<void> {
		// A settled request may start the next queued one before the waiter resumes.
		while (this.#inFlight > 0) {
			await new Promise<void>(resolve => {
				this.#idleWaiters.push(resolve);
			});
		}
	}

	#track(taskId: TaskId): void {
		if (!this.#tasks.has(taskId)) {
			this.#tasks.set(taskId, {
				share: 0,
				shown: this.#visible?.has(taskId) ?? true,
				polledAt: Number.NEGATIVE_INFINITY,
				due: this.#clock.monotonic(),
				inFlight: false,
				failures: 0,
				generation: 1,
				filled: 0,
				deletedAt: undefined,
			});
		}
	}

	/** Gives each task an even share of its cadence, in the order they were added. */
	#spread(): void {
		const step = 1 / Math.max(1, this.#tasks.size);
		let index = 0;
		for (const task of this.#tasks.values()) {
			task.share = index * step;
			index++;
		}
	}

	#nextSlot(task: TaskState, after: MonotonicMs): MonotonicMs {
		const cadence = task.shown ? this.#interval : this.#offScreenInterval;
		const offset = Math.round(task.share * cadence);
		const cycle = Math.floor((after - offset) / cadence) + 1;
		return cycle * cadence + offset;
	}

	/** A monotonic time as the wall-clock time it will be, for the status line. */
	#wallTime(time: MonotonicMs): EpochMs {
		return this.#clock.now() + (time - this.#clock.monotonic());
	}

	#disarm(): void {
		if (this.#timer !== undefined) {
			this.#clock.clearTimer(this.#timer);
			this.#timer = undefined;
		}
	}

	/** Paused or stopped: no turn of the budget is wanted. */
	#leaveBudgetQueue(): void {
		this.#leaveQueue?.();
		this.#leaveQueue = undefined;
	}

	#pump(): void {
		if (this.#stopped || this.#paused) {
			return;
		}

		this.#disarm();
		const now = this.#clock.monotonic();
		const held = this.#hold.blocks(now);
		const budget = this.#options.budget;
		if (!held) {
			// The tasks on screen first: what the operator looks at is never queued behind the others.
			const ready = [...this.#tasks.entries()]
				.filter(([, task]) => !task.inFlight && task.due <= now)
				.sort(([, a], [, b]) => Number(b.shown) - Number(a.shown) || a.due - b.due);
			for (const [taskId, task] of ready) {
				// After a hold's wait the first poll is its probe, and blocks the others.
				if (this.#inFlight >= this.#concurrency || this.#hold.blocks(now)) {
					break;
				}

				if (budget !== undefined && !budget.ready()) {
					// The budget calls back in the poller's turn; no timer is needed for that.
					this.#leaveQueue ??= budget.queue(() => {
						this.#leaveQueue = undefined;
						this.#pump();
					});
					return;
				}

				void this.#poll(taskId, task);
			}
		}

		// The probe's answer re-pumps.
		if (this.#hold.probing) {
			return;
		}

		let next = Number.POSITIVE_INFINITY;
		for (const task of this.#tasks.values()) {
			if (!task.inFlight) {
				next = Math.min(next, held ? Math.max(task.due, this.#hold.until) : task.due);
			}
		}


		// A full pipeline re-pumps when a request settles; no timer is needed for that.
		if (Number.isFinite(next) && (next > now || held)) {
			this.#timer = this.#clock.setTimer(() => {
				this.#timer = undefined;
				this.#pump();
			}, Math.max(0, next - now));
		}
	}

	/** What this poll asks for, in the server's time: the whole window, or from where the last answer left off. */
	#spans(taskId: TaskId, task: TaskState, serverNow: EpochMs): {spans: Span[]; full: boolean} {
		const window = this.#store.window;
		const through = this.#store.fetchedThrough(taskId);
		const incremental = task.filled === task.generation && through !== undefined ? incrementalSpans(serverNow, through) : undefined;
		return incremental === undefined ? {spans: backfillSpans(window, serverNow), full: true} : {spans: incremental, full: false};
	}

	async #poll(taskId: TaskId, task: TaskState): Promise<void> {
		task.inFlight = true;
		this.#inFlight++;
		const {generation} = task;
		const offsetBefore = this.#serverNow() - this.#clock.now();
		const {spans, full} = this.#spans(taskId, task, this.#serverNow());
		this.#options.budget?.take(spans.length);
		let outcome: StatisticsAnswer[] | OmstopError;
		try {
			// The spans of one poll go under the hold as one call: a refusal stops the rest.
			outcome = await this.#hold.guard(async () => {
				const answers: StatisticsAnswer[] = [];
				for (const span of spans) {
					answers.push(await this.#options.fetchStatistics(taskId, span.start, span.end, this.#abort.signal));
				}

				return answers;
			});
		} catch (error) {
			outcome =
				error instanceof OmstopError
					? error
					: new ResponseError(`Unexpected failure polling task ${taskId}: ${String(error)}`, 'omstop keeps the last data and retries.', {cause: error});
		}

		task.inFlight = false;
		this.#inFlight--;
		if (!this.#stopped && this.#tasks.get(taskId) === task) {
			if (outcome instanceof OmstopError) {
				this.#failed(taskId, task, outcome);
			} else {
				const jumped = Math.abs(this.#serverNow() - this.#clock.now() - offsetBefore) > CLOCK_JUMP;
				this.#succeeded(task, outcome, full && generation === task.generation, jumped);
			}
		}

		if (this.#inFlight === 0) {
			for (const resolve of this.#idleWaiters.splice(0)) {
				resolve();
			}
		}

		this.#pump();
	}

	#succeeded(task: TaskState, answers: StatisticsAnswer[], filled: boolean, clockJumped: boolean): void {
		const now = this.#clock.monotonic();
		task.failures = 0;
		task.deletedAt = undefined;
		task.polledAt = now;
		// The clocks moved apart by more than the poll could see (a first answer from a server
		// whose clock is not ours, a step of either clock): it asked for the wrong span, so
		// the whole window is asked for again, at once.
		if (clockJumped) {
			task.filled = 0;
		} else if (filled) {
			task.filled = task.generation;
		}

		// Also at once when the window changed while this poll was out.
		task.due = task.filled === task.generation ? this.#nextSlot(task, now) : now;
		this.#store.setServerOffset(this.#serverNow() - this.#clock.now());
		this.#store.applyAnswers(answers, {phase: this.#paused ? 'paused' : 'live', nextPollAt: this.#wallTime(task.due)});
	}

	/** The shared hold began, was cut short or lifted (by any caller's answer): the tasks follow. */
	#holdChanged(event: HoldEvent): void {
		// Every task follows the hold in one change of the store.
		this.#store.batch(() => {
			this.#followHold(event);
		});
	}

	#followHold(event: HoldEvent): void {
		const now = this.#clock.monotonic();
		// A task in flight is settled by its own answer.
		const idle = [...this.#tasks].filter(([, task]) => !task.inFlight);
		switch (event.kind) {
			case 'began': {
				const {phase} = planRetry(event.error, 1, this.#random);
				for (const [taskId, task] of idle) {
					task.due = Math.max(task.due, this.#hold.until);
					this.#store.setStatus(taskId, {phase, nextPollAt: this.#wallTime(task.due)});
				}

				break;
			}

			case 'released': {
				const probe = idle[0]?.[1];
				if (probe !== undefined) {
					probe.due = now;
				}

				break;
			}

			case 'lifted': {
				// A refused credential or address held every task; one success means it is mended.
				for (const [taskId, task] of idle) {
					const phase = this.#store.task(taskId)?.status.phase;
					if (phase === 'credentials' || phase === 'blacklisted') {
						task.due = Math.min(task.due, now);
						this.#store.setStatus(taskId, {phase: 'retrying', nextPollAt: this.#wallTime(now)});
					}
				}

				break;
			}

			case 'probed': {
				break;
			}
		}

		this.#pump();
	}

	#markDeleted(taskId: TaskId, task: TaskState): void {
		task.due = Math.max(task.due, this.#clock.monotonic() + DELETED_RECHECK);
		this.#store.setStatus(taskId, {phase: 'deleted', nextPollAt: this.#wallTime(task.due)});
	}

	#failed(taskId: TaskId, task: TaskState, error: OmstopError): void {
		const now = this.#clock.monotonic();
		task.failures++;
		if (error.code === 'not-found') {
			// Still gone after the grace: drop it. Otherwise shown as deleted until then.
			if (task.deletedAt !== undefined && now - task.deletedAt >= DELETED_GRACE) {
				this.remove(taskId);
				this.#options.onDropped?.(taskId);
				return;
			}

			task.deletedAt ??= now;
			this.#store.setStatus(taskId, {lastError: error, failures: task.failures});
			this.#markDeleted(taskId, task);
			return;
		}

		const plan = planRetry(error, task.failures, this.#random, this.#interval);
		if (plan.scope === 'all') {
			// The hold's length is the hold's; the other tasks moved when it began.
			task.due = Math.max(task.due, this.#hold.until);
			this.#store.setStatus(taskId, {phase: plan.phase, nextPollAt: this.#wallTime(task.due), lastError: error, failures: task.failures});
			return;
		}

		task.due = now + plan.delay;
		this.#store.setStatus(taskId, {
			phase: this.#paused ? 'paused' : plan.phase,
			lastError: error,
			failures: task.failures,
			nextPollAt: this.#wallTime(task.due),
		});
	}
}

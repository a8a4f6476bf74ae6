import type {OmstopError} from '../domain/errors.js';
import type {StatisticsAnswer} from '../domain/statistics.js';
import type {MonthlyCounters, TaskInfo} from '../domain/task-info.js';
import {MINUTE, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import {deriveFigures, type Figures} from './figures.js';
import {TaskSeries, type SeriesView} from './task-series.js';

/**
 * Where polling of one task stands.
 * - loading: no answer yet; live: the last poll succeeded; retrying: the last poll failed
 *   and another is scheduled (the data shown is stale); paused: the operator paused;
 * - credentials, blacklisted: polling waits for a long pause or for the operator, because
 *   retrying soon cannot help and (for AK/SK) can lock the keys;
 * - deleted: the server no longer knows the task (404); it leaves every total and is
 *   dropped if it is still gone after a grace period.
 */
export type PollPhase = 'loading' | 'live' | 'retrying' | 'paused' | 'credentials' | 'blacklisted' | 'deleted';

export type TaskStatus = {
	readonly phase: PollPhase;
	readonly lastSuccessAt: EpochMs | undefined;
	/** The error of the last poll; undefined after a success. */
	readonly lastError: OmstopError | undefined;
	readonly nextPollAt: EpochMs | undefined;
	/** Failed polls in a row. */
	readonly failures: number;
};

/** This month's counters from the show call, and when they were asked for. */
export type MonthFigures = {
	readonly counters: MonthlyCounters;
	/** The wall-clock time of the show call: the counters run to then. */
	readonly asOf: EpochMs;
};

export type TaskSnapshot = {
	readonly taskId: TaskId;
	/** Name, buckets and status, once the list or show call told them. */
	readonly info: TaskInfo | undefined;
	/** Kept across listings, which carry no counters. */
	readonly month: MonthFigures | undefined;
	/** Why the last show call for the task failed; undefined once one succeeds. */
	readonly detailsError: OmstopError | undefined;
	/** Undefined until the first answer. */
	readonly view: SeriesView | undefined;
	readonly figures: Figures | undefined;
	readonly status: TaskStatus;
};

/** A change in the task list that the operator should hear of. */
export type CatalogChange = {
	readonly at: EpochMs;
	readonly taskId: TaskId;
	readonly what: 'appeared' | 'deleted' | 'stopped' | 'started';
};

/** Where finding the tasks stands (listing, or the show calls for the ids given). */
export type DiscoveryState = {
	readonly lastListedAt: EpochMs | undefined;
	/** The last listing failure; undefined once a listing succeeds. */
	readonly error: OmstopError | undefined;
	/** Newest last; at most MAX_CHANGES. */
	readonly changes: readonly CatalogChange[];
};

const MAX_CHANGES = 20;

export type StoreSnapshot = {
	readonly version: number;
	readonly window: DurationMs;
	readonly discovery: DiscoveryState;
	/** In the order the tasks were added. */
	readonly tasks: readonly TaskSnapshot[];
	/** The server's clock less ours, to the minute, as its answers tell it. */
	readonly serverOffset: DurationMs;
};

type Entry = {series: TaskSeries; snapshot: TaskSnapshot};

export type StoreOptions = {
	readonly window: DurationMs;
	/** The wall clock: when answers landed, as shown. */
	readonly now: () => EpochMs;
	/** The server's clock: which buckets exist and are complete (default: `now`). */
	readonly serverNow?: () => EpochMs;
};

function sameStatus(a: TaskStatus, b: TaskStatus): boolean {
	return (
		a.phase === b.phase && a.lastSuccessAt === b.lastSuccessAt && a.lastError === b.lastError && a.nextPollAt === b.nextPollAt && a.failures === b.failures
	);
}

/** Two answers of the list or show call that say the same (each answer is a new object). */
function sameInfo(a: TaskInfo | undefined, b: TaskInfo): boolean {
	return a !== undefined && (Object.keys(b) as Array<keyof TaskInfo>).every(key => key === 'monthly' || a[key] === b[key]);
}

const INITIAL_STATUS: TaskStatus = {
	phase: 'loading',
	lastSuccessAt: undefined,
	lastError: undefined,
	nextPollAt: undefined,
	failures: 0,
};

/**
 * The rolling series of every watched task and where their polling stands: plain data
 * outside React. Views and figures are derived when an answer lands, not when a frame is
 * drawn; subscribers hear of every change and read an immutable snapshot.
 */
export class SeriesStore {
	readonly #entries = new Map<TaskId, Entry>();
	readonly #listeners = new Set<() => void>();
	readonly #now: () => EpochMs;
	readonly #serverNow: () => EpochMs;
	#window: DurationMs;
	#discovery: DiscoveryState = {lastListedAt: undefined, error: undefined, changes: []};
	#version = 0;
	#serverOffset: DurationMs = 0;
	#snapshot: StoreSnapshot | undefined;
	/** Inside batch(): changes wait to be told as one. */
	#batching = 0;
	#pending = false;

	constructor(options: StoreOptions) {
		this.#window = options.window;
		this.#now = options.now;
		this.#serverNow = options.serverNow ?? options.now;
	}

	get window(): DurationMs {
		return this.#window;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/**
	 * Runs `change` and tells subscribers of whatever it changed once, at its end: a pause,
	 * a credentials hold or a new visible set touches every task, and is one change.
	 */
	batch<T>(change: () => T): T {
		this.#batching++;
		try {
			return change();
		} finally {
			this.#batching--;
			if (this.#batching === 0 && this.#pending) {
				this.#pending = false;
				this.#tell();
			}
		}
	}

	getSnapshot = (): StoreSnapshot => {
		this.#snapshot ??= {
			version: this.#version,
			window: this.#window,
			discovery: this.#discovery,
			tasks: [...this.#entries.values()].map(entry => entry.snapshot),
			serverOffset: this.#serverOffset,
		};
		return this.#snapshot;
	};

	task(taskId: TaskId): TaskSnapshot | undefined {
		return this.#entries.get(taskId)?.snapshot;
	}

	has(taskId: TaskId): boolean {
		return this.#entries.has(taskId);
	}

	taskIds(): TaskId[] {
		return [...this.#entries.keys()];
	}

	/** The server's time at the task's newest answer: where its next poll takes up. */
	fetchedThrough(taskId: TaskId): EpochMs | undefined {
		return this.#entries.get(taskId)?.series.fetchedThrough();
	}

	addTask(taskId: TaskId): void {
		if (this.#entries.has(taskId)) {
			return;
		}

		this.#entries.set(taskId, {
			series: new TaskSeries(this.#window),
			snapshot: {taskId, info: undefined, month: undefined, detailsError: undefined, view: undefined, figures: undefined, status: INITIAL_STATUS},
		});
		this.#changed();
	}

	removeTask(taskId: TaskId): void {
		if (this.#entries.delete(taskId)) {
			this.#changed();
		}
	}

	/** Changes the window of every task; buckets that still fit are kept. */
	setWindow(window: DurationMs): void {
		if (window === this.#window) {
			return;
		}

		this.#window = window;
		const serverNow = this.#serverNow();
		for (const entry of this.#entries.values()) {
			entry.series.setWindow(window, serverNow);
			this.#derive(entry);
		}

		this.#changed();
	}

	/**
	 * Merges an answer and records the success, with `status` (the poll's phase and next
	 * poll) in the same change: no subscriber sees new data under the old state.
	 */
	applyAnswer(answer: StatisticsAnswer, status: Partial<Pick<TaskStatus, 'phase' | 'nextPollAt'>> = {}): void {
		this.applyAnswers([answer], status);
	}

	/** Several answers of one poll (a window asked for in two granularities) as one change. */
	applyAnswers(answers: readonly StatisticsAnswer[], status: Partial<Pick<TaskStatus, 'phase' | 'nextPollAt'>> = {}): void {
		const entry = answers[0] === undefined ? undefined : this.#entries.get(answers[0].taskId);
		if (entry === undefined) {
			return;
		}

		for (const answer of answers) {
			entry.series.merge(answer);
		}

		this.#derive(entry);
		entry.snapshot = {
			...entry.snapshot,
			status: {...entry.snapshot.status, ...status, lastSuccessAt: this.#now(), lastError: undefined, failures: 0},
		};
		this.#changed();
	}

	/** Changes the task's status; a change that changes nothing is not one (no subscriber hears of it). */
	setStatus(taskId: TaskId, status: Partial<TaskStatus>): void {
		const entry = this.#entries.get(taskId);
		if (entry === undefined) {
			return;
		}

		const next = {...entry.snapshot.status, ...status};
		if (!sameStatus(next, entry.snapshot.status)) {
			entry.snapshot = {...entry.snapshot, status: next};
			this.#changed();
		}
	}

	/** What the list or show call said; the month's counters, when it carries them, as of `at` (a show call's time). */
	setInfo(taskId: TaskId, info: TaskInfo, at?: EpochMs): void {
		const entry = this.#entries.get(taskId);
		if (entry === undefined) {
			return;
		}

		const month = info.monthly === undefined || at === undefined ? entry.snapshot.month : {counters: info.monthly, asOf: at};
		const detailsError = at === undefined ? entry.snapshot.detailsError : undefined;
		if (month !== entry.snapshot.month || detailsError !== entry.snapshot.detailsError || !sameInfo(entry.snapshot.info, info)) {
			entry.snapshot = {...entry.snapshot, info, month, detailsError};
			this.#changed();
		}
	}

	/** The show call for the task failed: what is shown of its details says why. */
	setDetailsError(taskId: TaskId, error: OmstopError): void {
		const entry = this.#entries.get(taskId);
		if (entry !== undefined && entry.snapshot.detailsError?.message !== error.message) {
			entry.snapshot = {...entry.snapshot, detailsError: error};
			this.#changed();
		}
	}

	/** Records a listing: its time, its error (undefined on success), and what changed. */
	setDiscovery(result: {at: EpochMs; error: OmstopError | undefined; changes?: readonly CatalogChange[]}): void {
		const changes = [...this.#discovery.changes, ...(result.changes ?? [])].slice(-MAX_CHANGES);
		this.#discovery = {
			lastListedAt: result.error === undefined ? result.at : this.#discovery.lastListedAt,
			error: result.error,
			changes,
		};
		this.#changed();
	}

	/** Records how far the server's clock is from ours; to the minute, so that the jitter of its Date header is no change. */
	setServerOffset(offset: DurationMs): void {
		const rounded = Math.round(offset / MINUTE) * MINUTE || 0;
		if (rounded !== this.#serverOffset) {
			this.#serverOffset = rounded;
			this.#changed();
		}
	}

	/** Bytes held by every task's buckets: bounded by tasks × window ÷ bucket length. */
	bytes(): number {
		let total = 0;
		for (const entry of this.#entries.values()) {
			total += entry.series.bytes;
		}

		return total;
	}

	#derive(entry: Entry): void {
		const view = entry.series.view(this.#serverNow());
		entry.snapshot = {...entry.snapshot, view, figures: deriveFigures(view, entry.series.recent())};
	}

	#changed(): void {
		this.#version++;
		this.#snapshot = undefined;
		if (this.#batching > 0) {
			this.#pending = true;
		} else {
			this.#tell();
		}
	}

	#tell(): void {
		for (const listener of this.#listeners) {
			listener();
		}
	}
}

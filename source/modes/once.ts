import {OmstopError, ResponseError} from '../domain/errors.js';
import type {TaskInfo} from '../domain/task-info.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import type {OnceReport, OnceResult} from '../output/once-report.js';
import type {FetchStatistics} from '../polling/poller.js';
import {SeriesStore} from '../series/store.js';
import type {TroubleRules} from '../series/trouble.js';
import {backfillSpans, windowBuckets} from '../series/window.js';

export type OnceOptions = {
	readonly taskIds: readonly TaskId[];
	/** What the listing said of the tasks, when they were found by listing: their status tells whether one is stalled. */
	readonly listed?: readonly TaskInfo[];
	readonly window: DurationMs;
	readonly fetchStatistics: FetchStatistics;
	readonly now: () => EpochMs;
	/** The server's clock (default `now`): the window is the server's buckets. */
	readonly serverNow?: () => EpochMs;
	readonly concurrency?: number;
	readonly signal?: AbortSignal;
};

/** Fetches the window of every task once into a store and reports what it holds (the caller adds its rules for failing and stalled). */
export async function fetchOnce(options: OnceOptions): Promise<Omit<OnceReport, keyof TroubleRules>> {
	const serverNow = options.serverNow ?? options.now;
	const end = serverNow();
	// The same requests as the monitor's first poll, so that both report the same figures.
	const spans = backfillSpans(options.window, end);
	const {first: start} = windowBuckets(options.window, end);
	const store = new SeriesStore({window: options.window, now: options.now, serverNow: () => end});
	const errors = new Map<TaskId, OmstopError>();
	const signal = options.signal ?? new AbortController().signal;
	for (const taskId of options.taskIds) {
		store.addTask(taskId);
	}

	for (const info of options.listed ?? []) {
		store.setInfo(info.id, info);
	}

	const queue = [...new Set(options.taskIds)];
	const worker = async (): Promise<void> => {
		for (let taskId = queue.shift(); taskId !== undefined; taskId = queue.shift()) {
			try {
				const answers = [];
				for (const span of spans) {
					answers.push(await options.fetchStatistics(taskId, span.start, span.end, signal));
				}

				store.applyAnswers(answers, {phase: 'live'});
			} catch (error) {
				errors.set(
					taskId,
					error instanceof OmstopError ? error : new ResponseError(`Unexpected failure: ${String(error)}`, 'Report this as a bug.', {cause: error}),
				);
			}
		}
	};

	await Promise.all(Array.from({length: Math.min(queue.length, options.concurrency ?? 4)}, worker));
	const results: OnceResult[] = options.taskIds.map(taskId => {
		const error = errors.get(taskId);
		return {taskId, snapshot: error === undefined ? store.task(taskId) : undefined, error};
	});
	return {generatedAt: options.now(), start, end, results};
}

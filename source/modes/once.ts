import {OmstopError, ResponseError} from '../domain/errors.js';
import {BUCKET_LENGTH} from '../domain/statistics.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import type {OnceReport, OnceResult} from '../output/once-report.js';
import type {FetchStatistics} from '../polling/poller.js';
import {SeriesStore} from '../series/store.js';
import {alignDown} from '../series/task-series.js';

export type OnceOptions = {
	readonly taskIds: readonly TaskId[];
	readonly window: DurationMs;
	readonly fetchStatistics: FetchStatistics;
	readonly now: () => EpochMs;
	readonly concurrency?: number;
	readonly signal?: AbortSignal;
};

/** Fetches the window of every task once into a store and reports what it holds. */
export async function fetchOnce(options: OnceOptions): Promise<OnceReport> {
	const end = options.now();
	const start = alignDown(end - options.window, BUCKET_LENGTH.FIVE_MINUTES);
	const store = new SeriesStore(options.window, () => end);
	const errors = new Map<TaskId, OmstopError>();
	const signal = options.signal ?? new AbortController().signal;
	for (const taskId of options.taskIds) {
		store.addTask(taskId);
	}

	const queue = [...new Set(options.taskIds)];
	const worker = async (): Promise<void> => {
		for (let taskId = queue.shift(); taskId !== undefined; taskId = queue.shift()) {
			try {
				store.applyAnswer(await options.fetchStatistics(taskId, start, end, signal));
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
	return {generatedAt: end, start, end, results};
}

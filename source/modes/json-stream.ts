import type {Writable} from 'node:stream';
import type {OmstopError} from '../domain/errors.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import {renderJson} from '../output/once-report.js';
import type {SeriesStore, TaskSnapshot} from '../series/store.js';
import {windowBuckets} from '../series/window.js';

type Outcome = {readonly lastSuccessAt: EpochMs | undefined; readonly lastError: OmstopError | undefined};

/** A poll answered or failed since `before` was taken. */
function polledSince(task: TaskSnapshot, before: Outcome | undefined): boolean {
	return before === undefined
		? task.status.lastSuccessAt !== undefined || task.status.lastError !== undefined
		: task.status.lastSuccessAt !== before.lastSuccessAt || task.status.lastError !== before.lastError;
}

/**
 * `omstop --json` without --once: one `--once --json` document per poll cycle, one per line.
 * A cycle ends when every watched task has been polled (answered or failed) since the last
 * document; a task whose next poll is more than an interval after that document (in backoff,
 * or held because the credentials were refused) does not hold the cycle up. The poller polls
 * each task once per interval, so a healthy project gives one document per interval; with no
 * task to watch, one (empty) document per listing.
 */
export function streamJson(store: SeriesStore, out: Writable, options: {interval: DurationMs; now: () => EpochMs}): () => void {
	let printedAt: EpochMs | undefined;
	let outcomes = new Map<TaskId, Outcome>();
	let printedVersion = -1;
	const cycleDone = (tasks: readonly TaskSnapshot[]): boolean =>
		tasks.every(task => {
			const next = task.status.nextPollAt;
			const skipped = printedAt !== undefined && next !== undefined && next > printedAt + options.interval;
			return skipped || polledSince(task, outcomes.get(task.taskId));
		});

	return store.subscribe(() => {
		const snapshot = store.getSnapshot();
		const listed = snapshot.discovery.lastListedAt !== undefined || snapshot.discovery.error !== undefined;
		if (snapshot.version === printedVersion || (snapshot.tasks.length === 0 && !listed) || !cycleDone(snapshot.tasks)) {
			return;
		}

		const now = options.now();
		printedAt = now;
		printedVersion = snapshot.version;
		outcomes = new Map(snapshot.tasks.map(task => [task.taskId, {lastSuccessAt: task.status.lastSuccessAt, lastError: task.status.lastError}]));
		out.write(
			renderJson({
				generatedAt: now,
				start: windowBuckets(snapshot.window, now).first,
				end: now,
				results: snapshot.tasks.map(task => ({taskId: task.taskId, snapshot: task.view === undefined ? undefined : task, error: task.status.lastError})),
			}),
		);
	});
}

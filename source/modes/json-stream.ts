import type {Writable} from 'node:stream';
import type {OmstopError} from '../domain/errors.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import {renderJson} from '../output/once-report.js';
import type {SeriesStore, StoreSnapshot, TaskSnapshot} from '../series/store.js';
import type {TroubleRules} from '../series/trouble.js';
import {windowBuckets} from '../series/window.js';

type Outcome = {readonly lastSuccessAt: EpochMs | undefined; readonly lastError: OmstopError | undefined};

/** A poll answered or failed since `before` was taken. */
function polledSince(task: TaskSnapshot, before: Outcome | undefined): boolean {
	return before === undefined
		? task.status.lastSuccessAt !== undefined || task.status.lastError !== undefined
		: task.status.lastSuccessAt !== before.lastSuccessAt || task.status.lastError !== before.lastError;
}

/** One context's store, and its interval (a task due later than that does not hold a cycle up). */
export type StreamSource = {readonly context: string; readonly store: SeriesStore; readonly interval: DurationMs};

/**
 * `omstop --json` without --once: one `--once --json` document per poll cycle, one per line,
 * every task with its context. A cycle ends when every watched task of every context has been
 * polled (answered or failed) since the last document; a task whose next poll is more than
 * its context's interval after that document (in backoff, or held because the credentials
 * were refused) does not hold the cycle up. The poller polls each task once per interval, so
 * a healthy project gives one document per interval; with no task to watch, one (empty)
 * document per listing.
 */
export function streamJson(sources: readonly StreamSource[], out: Writable, options: TroubleRules & {readonly now: () => EpochMs}): () => void {
	let printedAt: EpochMs | undefined;
	// By context, then task: two contexts may watch the same task id.
	let outcomes = new Map<string, Map<TaskId, Outcome>>();
	let printedVersions: readonly number[] = [];
	const cycleDone = (source: StreamSource, snapshot: StoreSnapshot): boolean => {
		const listed = snapshot.discovery.lastListedAt !== undefined || snapshot.discovery.error !== undefined;
		const before = outcomes.get(source.context);
		return (snapshot.tasks.length > 0 || listed) && snapshot.tasks.every(task => {
			const next = task.status.nextPollAt;
			const skipped = printedAt !== undefined && next !== undefined && next > printedAt + source.interval;
			return skipped || polledSince(task, before?.get(task.taskId));
		});
	};

	const check = (): void => {
		const snapshots = sources.map(source => source.store.getSnapshot());
		if (snapshots.every((snapshot, index) => snapshot.version === printedVersions[index]) || !sources.every((source, index) => cycleDone(source, snapshots[index]!))) {
			return;
		}

		const now = options.now();
		printedAt = now;
		printedVersions = snapshots.map(snapshot => snapshot.version);
		outcomes = new Map(sources.map((source, index) => [
			source.context,
			new Map(snapshots[index]!.tasks.map(task => [task.taskId, {lastSuccessAt: task.status.lastSuccessAt, lastError: task.status.lastError}])),
		]));
		out.write(
			renderJson({
				generatedAt: now,
				start: windowBuckets(snapshots[0]!.window, now).first,
				end: now,
				failureThreshold: options.failureThreshold,
				stallAfter: options.stallAfter,
				results: sources.flatMap((source, index) =>
					snapshots[index]!.tasks.map(task => ({context: source.context, taskId: task.taskId, snapshot: task.view === undefined ? undefined : task, error: task.status.lastError})),
				),
			}),
		);
	};

	const unsubscribes = sources.map(source => source.store.subscribe(check));
	return () => {
		for (const unsubscribe of unsubscribes) {
			unsubscribe();
		}
	};
}

import type {Writable} from 'node:stream';
import type {DurationMs, EpochMs} from '../domain/units.js';
import {formatByteRate, formatCount, formatDuration, formatPerMinute, formatPercent} from '../format/numbers.js';
import {sanitize} from '../format/sanitize.js';
import type {SeriesStore, TaskSnapshot} from '../series/store.js';
import {troubleOf, type TroubleRules} from '../series/trouble.js';

/** `context` is named on each line when several contexts are watched; the rules say `failing` or `stalled` as the screens do. */
export type LineOptions = TroubleRules & {readonly context: string | undefined};

/** A task's plain line: its state and figures as `key=value` fields, as of `now`. */
export function plainLine(task: TaskSnapshot, now: EpochMs, window: DurationMs, {context, failureThreshold, stallAfter}: LineOptions): string {
	const {status, figures} = task;
	const trouble = troubleOf(task, failureThreshold, stallAfter);
	const parts = [new Date(now).toISOString(), task.taskId, ...(context === undefined ? [] : [`context=${context}`]), status.phase];
	// The word the overview marks with a glyph, so that `grep failing` finds what the screen shows.
	if (trouble.isFailing || trouble.isStalled) {
		parts.push(trouble.isFailing ? 'failing' : 'stalled');
	}

	if (figures !== undefined) {
		const {totals} = figures;
		// Totals and failure_rate over the window; now_* over the last 15 minutes; fail_1h over the last hour.
		parts.push(
			`window=${formatDuration(window)}`,
			`requested=${formatCount(totals.REQUEST)}`,
			`succeeded=${formatCount(totals.SUCCESS)}`,
			`failed=${formatCount(totals.FAILURE)}`,
			`skipped=${formatCount(totals.SKIP)}`,
			`bytes=${totals.SIZE}`,
			`failure_rate=${formatPercent(figures.failureRate)}`,
			`now_requested=${formatPerMinute(figures.perMinute?.REQUEST)}`,
			`now_throughput=${formatByteRate(figures.bytesPerSecond)}`,
			`fail_1h=${formatPercent(figures.failureRateLastHour)}`,
		);
	}

	if (status.lastError !== undefined) {
		parts.push(`error="${sanitize(status.lastError.message)}"`);
	}

	return parts.join(' ');
}

/**
 * When stdout is not a terminal: one plain line per task each time its state changes,
 * never an escape code, so that the output can go to a file or a pipe.
 */
export function printLines(store: SeriesStore, out: Writable, now: () => EpochMs, options: LineOptions): () => void {
	const printed = new Map<string, TaskSnapshot>();
	return store.subscribe(() => {
		const snapshot = store.getSnapshot();
		for (const task of snapshot.tasks) {
			const before = printed.get(task.taskId);
			if (before?.figures === task.figures && before?.status.phase === task.status.phase && before?.status.lastError === task.status.lastError) {
				continue;
			}

			printed.set(task.taskId, task);
			if (task.status.phase !== 'loading') {
				out.write(`${plainLine(task, now(), snapshot.window, options)}\n`);
			}
		}
	});
}

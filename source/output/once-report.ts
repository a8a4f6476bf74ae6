import {stringify} from 'lossless-json';
import {ApiError, type OmstopError} from '../domain/errors.js';
import {DATA_TYPES} from '../domain/statistics.js';
import type {EpochMs, TaskId} from '../domain/units.js';
import {formatByteRate, formatBytes, formatCount, formatPercent, formatPerMinute} from '../format/numbers.js';
import {sanitize} from '../format/sanitize.js';
import type {TaskSnapshot} from '../series/store.js';
import {troubleOf, type Trouble, type TroubleRules} from '../series/trouble.js';

export type OnceResult = {
	/** The context the task was watched in; every task of a run has one. */
	readonly context?: string;
	readonly taskId: TaskId;
	/** What the store holds for the task; without a view the fetch failed. */
	readonly snapshot: TaskSnapshot | undefined;
	readonly error: OmstopError | undefined;
};

export type OnceReport = {
	readonly generatedAt: EpochMs;
	readonly start: EpochMs;
	readonly end: EpochMs;
	readonly results: readonly OnceResult[];
} & TroubleRules;

function troubleOfResult(snapshot: TaskSnapshot | undefined, report: OnceReport): Trouble | undefined {
	return snapshot?.figures === undefined ? undefined : troubleOf(snapshot, report.failureThreshold, report.stallAfter);
}

function errorJson(error: OmstopError | undefined): unknown {
	if (error === undefined) {
		return null;
	}

	const detail = error instanceof ApiError ? error.detail : undefined;
	return {
		status: detail?.status ?? null,
		error_code: detail?.errorCode ?? error.code,
		error_msg: sanitize(error.message, 500),
		hint: error.hint,
	};
}

/** One JSON document; counts are exact integers even past 2^53. */
export function renderJson(report: OnceReport): string {
	const document = {
		generated_at: report.generatedAt,
		window: {start_time: report.start, end_time: report.end},
		tasks: report.results.map(({context, taskId, snapshot, error}) => {
			const view = snapshot?.view;
			const figures = snapshot?.figures;
			const trouble = troubleOfResult(snapshot, report);
			return {
				...(context === undefined ? {} : {context}),
				sync_task_id: taskId,
				statistic_time_type: view?.granularity ?? null,
				// Over the window's buckets; failure_rate too (failure_rate_last_hour is the last hour's).
				totals: figures === undefined ? null : Object.fromEntries(DATA_TYPES.map(type => [type, figures.totals[type]])),
				unknown_buckets: figures?.unknownBuckets ?? null,
				failure_rate: figures?.failureRate ?? null,
				failure_rate_last_hour: figures?.failureRateLastHour ?? null,
				// As the overview marks the task; null without figures.
				failing: trouble?.isFailing ?? null,
				// Null also where the task's status is not known (--once with task ids asks no show call).
				stalled: snapshot?.info?.status === undefined ? null : (trouble?.isStalled ?? null),
				now:
					figures?.perMinute === undefined || figures.nowSpan === undefined
						? null
						: {
								start_time: figures.nowSpan.from,
								end_time: figures.nowSpan.to,
								objects_per_minute: {...figures.perMinute},
								bytes_per_second: figures.bytesPerSecond ?? null,
							},
				// A bucket never fetched is null, not zero.
				series:
					view === undefined
						? null
						: Object.fromEntries(
								DATA_TYPES.map(type => [type, view.times.map((time, index) => [time, view.known[index] ? (view.values[type][index] ?? 0n) : null])]),
							),
				error: errorJson(error),
			};
		}),
	};
	return `${stringify(document)}\n`;
}

function isoMinute(time: EpochMs): string {
	return new Date(time).toISOString().slice(0, 16).replace('T', ' ');
}

/** Plain text for a person or a log: a small table per task, no escape codes. */
export function renderText(report: OnceReport): string {
	const lines: string[] = [];
	// One zone (UTC) throughout, with dates: a window can span days.
	lines.push(`Window ${isoMinute(report.start)} – ${isoMinute(report.end)} (UTC)`);
	const contexts = new Set(report.results.map(result => result.context));
	for (const {context, taskId, snapshot, error} of report.results) {
		lines.push('');
		const view = snapshot?.view;
		const figures = snapshot?.figures;
		const bucket = view === undefined ? '' : ` (${view.granularity === 'FIVE_MINUTES' ? '5-minute' : 'hourly'} buckets)`;
		// The context only where there are several: one context's report reads as before.
		lines.push(`Task ${taskId}${contexts.size > 1 && context !== undefined ? ` in ${context}` : ''}${bucket}`);
		if (figures !== undefined) {
			const rows: Array<[string, string]> = [
				['Requested', formatCount(figures.totals.REQUEST)],
				['Succeeded', formatCount(figures.totals.SUCCESS)],
				['Failed', formatCount(figures.totals.FAILURE)],
				['Skipped', formatCount(figures.totals.SKIP)],
				['Size', `${formatBytes(figures.totals.SIZE)} (${formatCount(figures.totals.SIZE)} bytes)`],
				['Failure rate', `${formatPercent(figures.failureRate)} of the window, ${formatPercent(figures.failureRateLastHour)} of the last hour`],
				['Now (15 min)', figures.perMinute === undefined ? '–' : `${formatPerMinute(figures.perMinute.REQUEST)} requested, ${formatByteRate(figures.bytesPerSecond)}`],
			];
			const trouble = troubleOfResult(snapshot, report);
			if (trouble?.isFailing === true || trouble?.isStalled === true) {
				rows.push(['State', trouble.isFailing ? 'failing' : 'stalled']);
			}

			if (figures.unknownBuckets > 0) {
				rows.push(['Unknown', `${figures.unknownBuckets} buckets could not be fetched; the totals leave them out`]);
			}

			if (figures.lastFailureAt !== undefined) {
				rows.push(['Last failure', `bucket starting ${isoMinute(figures.lastFailureAt)} UTC`]);
			}

			const width = Math.max(...rows.map(([label]) => label.length));
			for (const [label, value] of rows) {
				lines.push(`  ${label.padEnd(width)}  ${value}`);
			}
		}

		if (error !== undefined) {
			lines.push(`  Error: ${sanitize(error.message, 500)}`, `  What to do: ${error.hint}`);
		}
	}

	return `${lines.join('\n')}\n`;
}

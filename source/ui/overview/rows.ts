import type {DurationMs, EpochMs, TaskId} from '../../domain/units.js';
import {formatByteRate, formatBytes, formatClock, formatCompact, formatDay, formatDuration, formatPercent, isSameDay} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {TaskSnapshot} from '../../series/store.js';
import type {SeriesView} from '../../series/task-series.js';
import {DEFAULT_STALL_AFTER, type Figures} from '../../series/figures.js';
import {troubleOf} from '../../series/trouble.js';
import {reason, staleness} from '../kit/status.js';
import type {Tone} from '../kit/style.js';

export const SORTS = ['trouble', 'name', 'throughput', 'failures', 'context'] as const;
export type SortKey = (typeof SORTS)[number];

/** Buckets in a row's trend: the newest complete ones. */
const TREND_BUCKETS = 24;

/** The view's buckets up to the newest complete one. */
function completeBuckets(view: SeriesView | undefined): number {
	if (view === undefined) {
		return 0;
	}

	let count = view.times.length;
	while (count > 0 && !view.complete[count - 1]) {
		count--;
	}

	return count;
}

/**
 * One task as the overview shows it: text and numbers only, derived when the store
 * changes, so that sorting, filtering and drawing read plain values.
 */
export type OverviewRow = {
	readonly taskId: TaskId;
	/** The description, or the id when the task has none. */
	readonly name: string;
	readonly status: 'SYNCHRONIZING' | 'STOPPED' | 'other' | 'unknown';
	/** The status text as the server sent it, for a status outside the known two. */
	readonly statusText: string | undefined;
	/** "src-bucket → dst-bucket", or undefined before the list call told it. */
	readonly route: string | undefined;
	readonly requested: string;
	readonly succeeded: string;
	readonly failed: string;
	readonly skipped: string;
	readonly bytes: string;
	readonly throughput: string;
	readonly failureRate: string;
	/** REQUEST per bucket, newest last. */
	readonly trend: readonly number[];
	/** The view's newest bucket is still filling: drawn after the trend with its own glyph, not as a drop. */
	readonly isFilling: boolean;
	readonly freshness: {readonly text: string; readonly tone: Tone};
	/** What the line under the rows says of the task when its row is selected: what is wrong first. */
	readonly focus: {readonly text: string; readonly tone: Tone | undefined};
	readonly isFailing: boolean;
	/** Synchronizing, yet no request for --stall-after, or requests and nothing finished (see isStalled). */
	readonly isStalled: boolean;
	/** The last poll failed: the figures are the last good ones, not now's. */
	readonly isStale: boolean;
	/** 0 failing or stalled, 1 stale or in error, 2 waiting, 3 fine: sorted first to last. */
	readonly trouble: number;
	readonly failures: number;
	/** The failure rate the row shows, as a number: the worst failing task is sorted first. */
	readonly failureRatio: number;
	readonly bytesPerSecond: number;
	/** Lower-case id, description and buckets (and context), for `/`. */
	readonly search: string;
	/** The context the task is watched in, when several are shown. */
	readonly context?: RowContext;
};

/** A row's context as the overview shows it: its label, in its colour. */
export type RowContext = {readonly name: string; readonly label: string; readonly color: string | undefined};

/** The row with its context, found by `/` under the context's name and label too. */
export function inContext(row: OverviewRow, context: RowContext): OverviewRow {
	return {...row, context, search: `${row.search} ${context.name.toLowerCase()} ${context.label.toLowerCase()}`};
}

function freshness(task: TaskSnapshot, now: EpochMs): {text: string; tone: Tone; trouble: number} {
	const {status} = task;
	switch (status.phase) {
		case 'loading': {
			return {text: 'loading', tone: 'muted', trouble: 2};
		}

		case 'paused': {
			return {text: 'paused', tone: 'warn', trouble: 2};
		}

		case 'live': {
			return {text: 'live', tone: 'good', trouble: 3};
		}

		case 'retrying': {
			const last = status.lastSuccessAt;
			// The column has room for a time or a date: the date when it was not today.
			const since = last === undefined ? 'error' : `stale ${isSameDay(last, now) ? formatClock(last) : formatDay(last)}`;
			return {text: since, tone: 'warn', trouble: 1};
		}

		case 'credentials': {
			return {text: 'credentials', tone: 'bad', trouble: 1};
		}

		case 'blacklisted': {
			return {text: 'blacklisted', tone: 'bad', trouble: 1};
		}

		case 'deleted': {
			return {text: 'deleted', tone: 'muted', trouble: 2};
		}
	}
}

/** The task's state in words that do not depend on the time they are read (the overview does not tick). */
function focusOf(task: TaskSnapshot, failing: boolean, route: string | undefined, now: EpochMs): {text: string; tone: Tone | undefined} {
	const {status, figures, info} = task;
	const why = reason(status);
	const because = (text: string, reason = why): string => (reason === undefined ? text : `${text}: ${reason}`);
	switch (status.phase) {
		case 'retrying': {
			return {text: because(staleness(status, now)), tone: 'warn'};
		}

		case 'credentials': {
			return {text: because('credentials need attention'), tone: 'bad'};
		}

		case 'blacklisted': {
			return {text: because('this address is refused', why ?? 'the API refuses this address'), tone: 'bad'};
		}

		case 'deleted': {
			return {text: because('deleted: left out of the totals, dropped if still gone in 15 min'), tone: 'muted'};
		}

		case 'paused': {
			return {text: 'paused: p resumes', tone: 'warn'};
		}

		case 'loading': {
			return {text: because('waiting for the first answer'), tone: 'muted'};
		}

		case 'live': {
			if (failing) {
				const rate = figures?.failureRateLastHour;
				const what = [
					rate === null || rate === undefined ? undefined : `${formatPercent(rate)} of the last hour's finished objects failed`,
					figures?.failuresRising ? 'failures rising' : undefined,
				];
				return {text: `failing: ${what.filter(Boolean).join(', ')}`, tone: 'bad'};
			}

			return {text: [route, info?.status].filter(Boolean).join(' · ') || 'live', tone: 'muted'};
		}
	}
}

function stallReason(figures: Figures | undefined): string {
	return figures?.requestsWithoutProgress === true
		? 'stalled: requests in the last 30 min, and not one object finished'
		: `stalled: synchronizing, and no request for ${formatDuration(figures?.quietFor ?? 0)}`;
}

function statusOf(text: string | undefined): OverviewRow['status'] {
	if (text === undefined) {
		return 'unknown';
	}

	return text === 'SYNCHRONIZING' || text === 'STOPPED' ? text : 'other';
}

/** `now` tells only whether a stale task's last data is from today (the date is said when not). */
export function overviewRow(task: TaskSnapshot, failureThreshold: number, now: EpochMs, stallAfter: DurationMs = DEFAULT_STALL_AFTER): OverviewRow {
	const {info, figures, view} = task;
	const fresh = freshness(task, now);
	const isStale = fresh.trouble === 1;
	const {isFailing: failing, isStalled: stalled} = troubleOf(task, failureThreshold, stallAfter);
	const compact = (value: bigint | undefined): string => (value === undefined ? '–' : formatCompact(Number(value)));
	const name = info?.description ?? task.taskId;
	const route = info?.srcBucket === undefined && info?.dstBucket === undefined ? undefined : `${info?.srcBucket ?? '?'} → ${info?.dstBucket ?? '?'}`;
	const requests = view?.values.REQUEST ?? [];
	return {
		taskId: task.taskId,
		name: sanitize(name, 80),
		status: statusOf(info?.status),
		statusText: info?.status,
		route,
		requested: compact(figures?.totals.REQUEST),
		succeeded: compact(figures?.totals.SUCCESS),
		failed: compact(figures?.totals.FAILURE),
		skipped: compact(figures?.totals.SKIP),
		bytes: figures === undefined ? '–' : formatBytes(figures.totals.SIZE),
		// "now" only while polls answer: a stale row's rate is not now's.
		throughput: isStale ? '–' : formatByteRate(figures?.bytesPerSecond),
		// The last hour's, or "–" when nothing finished in it: never another span's under this heading.
		failureRate: formatPercent(figures?.failureRateLastHour),
		// Complete buckets only: the one still filling would dip at the right of every row.
		trend: requests.slice(0, completeBuckets(view)).slice(-TREND_BUCKETS).map(Number),
		isFilling: view !== undefined && completeBuckets(view) < view.times.length && view.known.at(-1) === true,
		freshness: stalled ? {text: 'stalled', tone: 'bad'} : {text: fresh.text, tone: fresh.tone},
		focus: stalled ? {text: stallReason(figures), tone: 'bad'} : focusOf(task, failing, route, now),
		isFailing: failing,
		isStalled: stalled,
		isStale,
		trouble: failing || stalled ? 0 : fresh.trouble,
		failures: Number(figures?.totals.FAILURE ?? 0n),
		failureRatio: figures?.failureRateLastHour ?? figures?.failureRate ?? 0,
		bytesPerSecond: isStale ? 0 : (figures?.bytesPerSecond ?? 0),
		search: [task.taskId, info?.description, info?.srcBucket, info?.dstBucket].filter(Boolean).join(' ').toLowerCase(),
	};
}

const byName = (a: OverviewRow, b: OverviewRow): number => a.name.localeCompare(b.name) || a.taskId.localeCompare(b.taskId);

const COMPARE: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
	trouble: (a, b) => a.trouble - b.trouble || (a.trouble === 0 ? b.failureRatio - a.failureRatio : 0) || byName(a, b),
	name: byName,
	throughput: (a, b) => b.bytesPerSecond - a.bytesPerSecond || byName(a, b),
	failures: (a, b) => b.failures - a.failures || byName(a, b),
	// Contexts in their label's order, trouble first within each (one context: as trouble).
	context: (a, b) => (a.context?.label ?? '').localeCompare(b.context?.label ?? '') || a.trouble - b.trouble || byName(a, b),
};

/** The rows that match the filter (id, description or bucket), in the chosen order. */
export function arrangeRows(rows: readonly OverviewRow[], sort: SortKey, filter: string): OverviewRow[] {
	const needle = filter.trim().toLowerCase();
	const matching = needle === '' ? [...rows] : rows.filter(row => row.search.includes(needle));
	return matching.sort(COMPARE[sort]);
}

export type OverviewCounts = {
	readonly watched: number;
	readonly synchronizing: number;
	readonly stopped: number;
	readonly failing: number;
	readonly stalled: number;
	readonly stale: number;
	/** What is wrong with many tasks at once, said once (the API unreachable, credentials refused, throttling). */
	readonly banner: {readonly text: string; readonly tone: Tone} | undefined;
	readonly requested: string;
	readonly failed: string;
	readonly bytes: string;
	readonly throughput: string;
};

/** The footer: counts over every watched task (not only those the filter shows). */
export function overviewCounts(tasks: readonly TaskSnapshot[], rows: readonly OverviewRow[]): OverviewCounts {
	let requested = 0n;
	let failed = 0n;
	let bytes = 0n;
	let throughput = 0;
	for (const task of tasks) {
		// A deleted task's last figures are not part of what is running.
		if (task.status.phase === 'deleted') {
			continue;
		}

		requested += task.figures?.totals.REQUEST ?? 0n;
		failed += task.figures?.totals.FAILURE ?? 0n;
		bytes += task.figures?.totals.SIZE ?? 0n;
		// Now's throughput: tasks whose polls answer.
		throughput += task.status.phase === 'live' ? (task.figures?.bytesPerSecond ?? 0) : 0;
	}

	return {
		watched: rows.length,
		synchronizing: rows.filter(row => row.status === 'SYNCHRONIZING').length,
		stopped: rows.filter(row => row.status === 'STOPPED').length,
		failing: rows.filter(row => row.isFailing).length,
		stalled: rows.filter(row => row.isStalled).length,
		stale: rows.filter(row => row.isStale).length,
		banner: bannerOf(tasks),
		requested: formatCompact(Number(requested)),
		failed: formatCompact(Number(failed)),
		bytes: formatBytes(bytes),
		throughput: formatByteRate(throughput),
	};
}

/** Errors that say the API, not a task, is the trouble. */
const UNREACHABLE: ReadonlySet<string> = new Set(['network', 'timeout', 'server']);

/**
 * One line for a trouble shared by many tasks, named once with how many it affects: the
 * credentials refused, the address refused, the API unreachable (half the tasks or more
 * stale for network, timeout or server errors), or throttling.
 */
export function bannerOf(tasks: readonly TaskSnapshot[]): OverviewCounts['banner'] {
	const count = (test: (task: TaskSnapshot) => boolean): TaskSnapshot[] => tasks.filter(test);
	const held = count(task => task.status.phase === 'credentials');
	const example = (affected: readonly TaskSnapshot[]): string => {
		const why = affected.map(task => reason(task.status)).find(Boolean);
		return why === undefined ? '' : `: ${why}`;
	};

	if (held.length > 0) {
		return {text: `Credentials refused, ${held.length} of ${tasks.length} tasks held${example(held)}`, tone: 'bad'};
	}

	const refused = count(task => task.status.phase === 'blacklisted');
	if (refused.length > 0) {
		return {text: `This address is refused by the API, ${refused.length} of ${tasks.length} tasks held${example(refused)}`, tone: 'bad'};
	}

	const down = count(task => task.status.phase === 'retrying' && UNREACHABLE.has(task.status.lastError?.code ?? ''));
	if (down.length > 0 && down.length * 2 >= tasks.length) {
		const since = Math.min(...down.map(task => task.status.lastSuccessAt ?? Number.POSITIVE_INFINITY));
		const when = Number.isFinite(since) ? ` since ${formatClock(since)}` : '';
		return {text: `API unreachable${when}: ${down.length} of ${tasks.length} tasks stale, figures as of their last answer${example(down)}`, tone: 'bad'};
	}

	const throttled = count(task => task.status.phase === 'retrying' && task.status.lastError?.code === 'throttled');
	if (throttled.length > 0) {
		return {text: `Throttled by the API: ${throttled.length} of ${tasks.length} tasks wait before asking again`, tone: 'warn'};
	}

	return undefined;
}

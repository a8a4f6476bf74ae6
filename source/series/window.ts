import {BUCKET_LENGTH, type Granularity} from '../domain/statistics.js';
import {DAY, HOUR, type DurationMs, type EpochMs} from '../domain/units.js';

const FINE = BUCKET_LENGTH.FIVE_MINUTES;
const COARSE = BUCKET_LENGTH.ONE_HOUR;

/**
 * Windows up to this long are drawn in 5-minute buckets: the API answers a span of up to
 * 24 hours in them (longer spans come back hourly), and a window asks for less than its
 * length (see windowBuckets).
 */
export const LONGEST_FINE_WINDOW: DurationMs = DAY;

/**
 * The recent span every window shares, in 5-minute buckets whatever the window's own
 * granularity: "now" is its newest NOW_BUCKETS complete buckets, "last hour" its newest
 * HOUR_BUCKETS complete ones.
 */
export const NOW_BUCKETS = 3;
export const HOUR_BUCKETS = 12;
export const NOW_SPAN: DurationMs = NOW_BUCKETS * FINE;
/** A gap longer than this is backfilled as a whole window again rather than asked for in 5-minute buckets. */
const LONGEST_CATCH_UP: DurationMs = 20 * HOUR;

export function alignDown(time: EpochMs, length: DurationMs): EpochMs {
	return Math.floor(time / length) * length;
}

export function granularityOf(window: DurationMs): Granularity {
	return window <= LONGEST_FINE_WINDOW ? 'FIVE_MINUTES' : 'ONE_HOUR';
}

/**
 * The buckets of a window at `time` (the server's time): the newest `count` buckets of the
 * granularity, the newest being the one that holds `time` (still filling). A window that is
 * not a whole number of buckets is rounded up to one.
 */
export function windowBuckets(
	window: DurationMs,
	time: EpochMs,
	granularity: Granularity = granularityOf(window),
): {readonly first: EpochMs; readonly last: EpochMs; readonly count: number; readonly length: DurationMs} {
	const length = BUCKET_LENGTH[granularity];
	const count = Math.max(1, Math.ceil(window / length));
	const last = alignDown(time, length);
	return {first: last - (count - 1) * length, last, count, length};
}

/** One request for statistics: the server picks the granularity, this says which one the span was chosen for. */
export type Span = {readonly start: EpochMs; readonly end: EpochMs; readonly granularity: Granularity};

/**
 * Start of the 5-minute buckets a full poll asks for: the last hour's complete buckets and,
 * for hourly windows, the whole hour before the current one, so that both hours can be
 * rolled up from 5-minute buckets fresher than the hourly answer.
 */
function recentStart(window: DurationMs, time: EpochMs): EpochMs {
	const hour = alignDown(time, FINE) - HOUR_BUCKETS * FINE;
	return granularityOf(window) === 'ONE_HOUR' ? Math.min(hour, alignDown(time, COARSE) - COARSE) : hour;
}

/**
 * What a full poll of a window asks for at `time`: the window from its first bucket's
 * start (so that the first bucket is whole, never a part drawn as zero) and, for hourly
 * windows, the recent hours in 5-minute buckets too, so that "now" and the current hour
 * are taken from the same kind of buckets at every window.
 */
export function backfillSpans(window: DurationMs, time: EpochMs): Span[] {
	const granularity = granularityOf(window);
	const {first} = windowBuckets(window, time, granularity);
	const recent = recentStart(window, time);
	if (granularity === 'FIVE_MINUTES') {
		return [{start: Math.min(first, recent), end: time, granularity}];
	}

	return [
		{start: first, end: time, granularity},
		{start: recent, end: time, granularity: 'FIVE_MINUTES'},
	];
}

/**
 * What a poll asks for after the last answer took the server up to `fetchedThrough`:
 * from the bucket before the one then filling (late corrections), so that consecutive
 * answers overlap and no bucket is left between them, whatever the clocks did. Undefined
 * when the gap is too long for 5-minute buckets: then a backfill.
 */
export function incrementalSpans(time: EpochMs, fetchedThrough: EpochMs): Span[] | undefined {
	const start = alignDown(fetchedThrough - FINE, FINE);
	// Our clock stepped back or the server's is behind: ask up to where the server surely was,
	// and learn its time from the answer.
	const end = Math.max(time, fetchedThrough);
	if (end - start > LONGEST_CATCH_UP) {
		return undefined;
	}

	return [{start, end, granularity: 'FIVE_MINUTES'}];
}

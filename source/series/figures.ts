import {DATA_TYPES, type DataType} from '../domain/statistics.js';
import {MINUTE, SECOND, type Count, type DurationMs, type EpochMs} from '../domain/units.js';
import type {SeriesView} from './task-series.js';
import {HOUR_BUCKETS, NOW_BUCKETS} from './window.js';

export const COUNT_TYPES = ['REQUEST', 'SUCCESS', 'FAILURE', 'SKIP'] as const;
export type CountType = (typeof COUNT_TYPES)[number];

/**
 * Failures count as rising when the newest span has at least this many and at least twice
 * as many as the span before: a busy healthy task's 2 failures after 1 is noise, not a trend.
 */
const RISING_MINIMUM = 5n;
const FIVE_MINUTES: DurationMs = 5 * MINUTE;
/** Requests and no finished object over this span (of complete buckets) is a stall, not a slow start. */
const STALL_CHECK: DurationMs = 30 * MINUTE;
/** A synchronizing task with no request for this long is stalled (--stall-after). */
export const DEFAULT_STALL_AFTER: DurationMs = 30 * MINUTE;
/** The longest --stall-after: "now" and the last hour are all the 5-minute buckets held at every window. */
export const LONGEST_STALL_AFTER: DurationMs = 60 * MINUTE;

/**
 * The figures of one task, each with one definition (README, "What the numbers mean"),
 * computed once per change, never per render, and read alike by every surface.
 */
export type Figures = {
	/** Sum of the window's known buckets, exactly, the one still filling included. */
	readonly totals: Readonly<Record<DataType, Count>>;
	/** Buckets of the window no answer has covered: the totals leave them out. */
	readonly unknownBuckets: number;
	/**
	 * "now": objects per minute over the newest NOW_BUCKETS complete 5-minute buckets (15
	 * minutes), at every window; undefined unless all of them are known.
	 */
	readonly perMinute: Readonly<Record<CountType, number>> | undefined;
	/** Bytes per second over the same buckets. */
	readonly bytesPerSecond: number | undefined;
	/** Start and end of the span "now" was taken over. */
	readonly nowSpan: {readonly from: EpochMs; readonly to: EpochMs} | undefined;
	/** FAILURE / (SUCCESS + FAILURE + SKIP) over the window's known buckets; null when nothing finished. */
	readonly failureRate: number | null;
	/** The same over the newest HOUR_BUCKETS complete 5-minute buckets (the last hour), at every window. */
	readonly failureRateLastHour: number | null;
	/** At least twice the failures (and at least 5) in the "now" span as in the same span just before. */
	readonly failuresRising: boolean;
	/** Start of the newest bucket of the window with a failure, if any. */
	readonly lastFailureAt: EpochMs | undefined;
	/**
	 * How long the newest complete 5-minute buckets have had no request, back from the
	 * newest: up to the last hour; undefined before any complete bucket is known.
	 */
	readonly quietFor: DurationMs | undefined;
	/** Requests in the last STALL_CHECK of complete buckets, and not one object finished (succeeded, failed or skipped). */
	readonly requestsWithoutProgress: boolean;
	/** The newest complete 5-minute bucket, at every window (the newest bucket the server had closed when last asked). */
	readonly lastComplete: {readonly start: EpochMs; readonly values: Readonly<Record<DataType, Count>>} | undefined;
};

function sum(view: SeriesView, type: DataType, from: number, to: number): Count {
	let total = 0n;
	for (let index = Math.max(0, from); index < to; index++) {
		total += view.values[type][index] ?? 0n;
	}

	return total;
}

export function ratio(failure: Count, success: Count, skip: Count): number | null {
	const finished = success + failure + skip;
	// Both sides fit a double closely enough for a percentage, even near 2^63.
	return finished === 0n ? null : Number(failure) / Number(finished);
}

function rateOver(view: SeriesView, from: number, to: number): number | null {
	return ratio(sum(view, 'FAILURE', from, to), sum(view, 'SUCCESS', from, to), sum(view, 'SKIP', from, to));
}

/** Whether every bucket in [from, to) is known and was complete when last answered for. */
function allComplete(view: SeriesView, from: number, to: number): boolean {
	for (let index = from; index < to; index++) {
		if (index < 0 || !view.known[index] || !view.complete[index]) {
			return false;
		}
	}

	return true;
}

/**
 * `view` is the window; `recent` the last hour of complete 5-minute buckets and the one
 * filling after them (TaskSeries.recent), whatever the window's granularity.
 */
export function deriveFigures(view: SeriesView, recent: SeriesView | undefined): Figures {
	const count = view.times.length;
	const totals = Object.fromEntries(DATA_TYPES.map(type => [type, sum(view, type, 0, count)])) as Record<DataType, Count>;
	let lastFailureAt: EpochMs | undefined;
	for (let index = count - 1; index >= 0; index--) {
		if ((view.values.FAILURE[index] ?? 0n) > 0n) {
			lastFailureAt = view.times[index];
			break;
		}
	}

	// The recent view's last bucket is the one filling; the complete ones are before it.
	const end = recent === undefined ? 0 : recent.times.length - 1;
	const from = end - NOW_BUCKETS;
	let perMinute: Record<CountType, number> | undefined;
	let bytesPerSecond: number | undefined;
	let nowSpan: Figures['nowSpan'];
	let failuresRising = false;
	if (recent !== undefined && allComplete(recent, from, end)) {
		const duration = NOW_BUCKETS * recent.bucketLength;
		perMinute = Object.fromEntries(COUNT_TYPES.map(type => [type, (Number(sum(recent, type, from, end)) * MINUTE) / duration])) as Record<
			CountType,
			number
		>;
		bytesPerSecond = (Number(sum(recent, 'SIZE', from, end)) * SECOND) / duration;
		nowSpan = {from: recent.times[from]!, to: recent.times[end]!};
		const newer = sum(recent, 'FAILURE', from, end);
		failuresRising = allComplete(recent, from - NOW_BUCKETS, from) && newer >= RISING_MINIMUM && newer >= 2n * sum(recent, 'FAILURE', from - NOW_BUCKETS, from);
	}

	let quiet = 0;
	while (recent !== undefined && quiet < end && recent.known[end - 1 - quiet] && recent.complete[end - 1 - quiet] && recent.values.REQUEST[end - 1 - quiet] === 0n) {
		quiet++;
	}

	const checked = Math.min(end, STALL_CHECK / FIVE_MINUTES);
	const progress = recent === undefined ? 0n : sum(recent, 'SUCCESS', end - checked, end) + sum(recent, 'FAILURE', end - checked, end) + sum(recent, 'SKIP', end - checked, end);
	return {
		totals,
		quietFor: recent === undefined || !allComplete(recent, end - 1, end) ? undefined : quiet * FIVE_MINUTES,
		requestsWithoutProgress: recent !== undefined && allComplete(recent, end - checked, end) && sum(recent, 'REQUEST', end - checked, end) > 0n && progress === 0n,
		unknownBuckets: view.known.filter(known => !known).length,
		perMinute,
		bytesPerSecond,
		nowSpan,
		failureRate: rateOver(view, 0, count),
		failureRateLastHour: recent === undefined ? null : rateOver(recent, end - HOUR_BUCKETS, end),
		failuresRising,
		lastFailureAt,
		lastComplete:
			recent !== undefined && allComplete(recent, end - 1, end)
				? {start: recent.times[end - 1]!, values: Object.fromEntries(DATA_TYPES.map(type => [type, recent.values[type][end - 1]!])) as Record<DataType, Count>}
				: undefined,
	};
}

/** Whether a task looks stuck (see Figures.quietFor and requestsWithoutProgress): only a task the server says is synchronizing can be. */
export function isStalled(figures: Figures | undefined, status: string | undefined, quietSpan: DurationMs): boolean {
	if (figures === undefined || status !== 'SYNCHRONIZING') {
		return false;
	}

	return (figures.quietFor !== undefined && figures.quietFor >= quietSpan) || figures.requestsWithoutProgress;
}

/** Failing now: the last hour's failure rate reached the threshold, or failures are rising. */
export function isFailing(figures: Figures | undefined, threshold: number): boolean {
	if (figures === undefined) {
		return false;
	}

	return (figures.failureRateLastHour !== null && figures.failureRateLastHour >= threshold) || figures.failuresRising;
}

/**
 * Failures in the buckets that start at or after `since`. With `since` on an hour, the
 * sum is the same in a 5-minute and an hourly view, and a wider window does not change it:
 * so it grows only when new failures arrive.
 */
export function failuresSince(view: SeriesView, since: EpochMs): Count {
	let total = 0n;
	view.times.forEach((time, index) => {
		if (time >= since) {
			total += view.values.FAILURE[index] ?? 0n;
		}
	});
	return total;
}

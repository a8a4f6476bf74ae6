import {DATA_TYPES, type DataType} from '../domain/statistics.js';
import {HOUR, MINUTE, SECOND, type Count, type DurationMs, type EpochMs} from '../domain/units.js';
import type {SeriesView} from './task-series.js';

export const COUNT_TYPES = ['REQUEST', 'SUCCESS', 'FAILURE', 'SKIP'] as const;
export type CountType = (typeof COUNT_TYPES)[number];

/** Rates are taken over the newest complete buckets spanning at least this long. */
const RATE_SPAN: DurationMs = 15 * MINUTE;
/**
 * Failures count as rising when the newest span has at least this many and at least twice
 * as many as the span before: a busy healthy task's 2 failures after 1 is noise, not a trend.
 */
const RISING_MINIMUM = 5n;

/** Figures derived from one view; computed once per change, never per render. */
export type Figures = {
	/** Sum of the buckets in the window, exactly. */
	readonly totals: Readonly<Record<DataType, Count>>;
	/** Objects per minute over the newest complete buckets; undefined before one is complete. */
	readonly perMinute: Readonly<Record<CountType, number>> | undefined;
	/** Bytes per second over the same buckets. */
	readonly bytesPerSecond: number | undefined;
	/** FAILURE / (SUCCESS + FAILURE + SKIP) over the window; null when nothing finished. */
	readonly failureRate: number | null;
	/** The same over the buckets that end within the last hour. */
	readonly failureRateLastHour: number | null;
	/** At least twice the failures (and at least 5) in the newest complete buckets as in the same span just before. */
	readonly failuresRising: boolean;
	/** Start of the newest bucket with a failure, if any in the window. */
	readonly lastFailureAt: EpochMs | undefined;
};

function sum(values: readonly Count[], from: number, to: number): Count {
	let total = 0n;
	for (let index = Math.max(0, from); index < to; index++) {
		total += values[index] ?? 0n;
	}

	return total;
}

export function ratio(failure: Count, success: Count, skip: Count): number | null {
	const finished = success + failure + skip;
	// Both sides fit a double closely enough for a percentage, even near 2^63.
	return finished === 0n ? null : Number(failure) / Number(finished);
}

function rateOver(view: SeriesView, from: number, to: number): number | null {
	const {FAILURE, SUCCESS, SKIP} = view.values;
	return ratio(sum(FAILURE, from, to), sum(SUCCESS, from, to), sum(SKIP, from, to));
}

export function deriveFigures(view: SeriesView, now: EpochMs): Figures {
	const count = view.times.length;
	const totals = Object.fromEntries(DATA_TYPES.map(type => [type, sum(view.values[type], 0, count)])) as Record<
		DataType,
		Count
	>;

	// Complete buckets are those that ended before the newest answer was taken.
	let complete = count;
	while (complete > 0 && view.times[complete - 1]! + view.bucketLength > (view.asOf ?? Number.NEGATIVE_INFINITY)) {
		complete--;
	}

	const span = Math.max(1, Math.ceil(RATE_SPAN / view.bucketLength));
	const from = complete - span;
	let perMinute: Record<CountType, number> | undefined;
	let bytesPerSecond: number | undefined;
	if (complete > 0) {
		const buckets = complete - Math.max(0, from);
		const duration = buckets * view.bucketLength;
		perMinute = Object.fromEntries(
			COUNT_TYPES.map(type => [type, (Number(sum(view.values[type], from, complete)) * MINUTE) / duration]),
		) as Record<CountType, number>;
		bytesPerSecond = (Number(sum(view.values.SIZE, from, complete)) * SECOND) / duration;
	}

	const recentFailures = sum(view.values.FAILURE, from, complete);
	const earlierFailures = sum(view.values.FAILURE, from - span, from);
	let lastHour = count;
	while (lastHour > 0 && view.times[lastHour - 1]! + view.bucketLength > now - HOUR) {
		lastHour--;
	}

	let lastFailureAt: EpochMs | undefined;
	for (let index = count - 1; index >= 0; index--) {
		if ((view.values.FAILURE[index] ?? 0n) > 0n) {
			lastFailureAt = view.times[index];
			break;
		}
	}

	return {
		totals,
		perMinute,
		bytesPerSecond,
		failureRate: rateOver(view, 0, count),
		failureRateLastHour: rateOver(view, lastHour, count),
		failuresRising: complete >= 2 * span && recentFailures >= RISING_MINIMUM && recentFailures >= 2n * earlierFailures,
		lastFailureAt,
	};
}

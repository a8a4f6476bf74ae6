import {BUCKET_LENGTH, DATA_TYPES, type DataType, type Granularity} from '../domain/statistics.js';
import type {DurationMs, EpochMs} from '../domain/units.js';
import {addValues, bucketAt, FIVE_MINUTES, isZero, ZERO, type BucketValues, type TrafficSource} from './traffic.js';

/** The API's cap on points per data type. */
export const MAX_POINTS = 1000;

export type Series = Record<DataType, Array<[EpochMs, bigint]>>;

/** Indexes of the buckets of this width overlapping [start, end]: start + length > `start`, start <= `end`. */
function bucketRange(start: EpochMs, end: EpochMs, granularity: Granularity): {first: number; last: number} {
	const length = BUCKET_LENGTH[granularity];
	return {first: Math.floor(start / length), last: Math.floor(end / length)};
}

export function bucketCount(start: EpochMs, end: EpochMs, granularity: Granularity): number {
	const {first, last} = bucketRange(start, end, granularity);
	return Math.max(0, last - first + 1);
}

/** Long ranges come back hourly, and so do ranges that would need more than the API's 1000 points. */
export function chooseGranularity(start: EpochMs, end: EpochMs, hourlyAbove: DurationMs): Granularity {
	return end - start > hourlyAbove || bucketCount(start, end, 'FIVE_MINUTES') > MAX_POINTS ? 'ONE_HOUR' : 'FIVE_MINUTES';
}

function sumBuckets(source: TrafficSource, first: number, count: number, now: EpochMs): BucketValues {
	let total = ZERO;
	for (let index = first; index < first + count; index++) {
		total = addValues(total, bucketAt(source, index, now));
	}

	return total;
}

/** What the statistics endpoint reports at `now`, for all five types. Buckets with nothing in them are left out. */
export function series(source: TrafficSource, start: EpochMs, end: EpochMs, granularity: Granularity, now: EpochMs): Series {
	const length = BUCKET_LENGTH[granularity];
	const perBucket = length / FIVE_MINUTES;
	const {first, last} = bucketRange(start, end, granularity);
	const newest = Math.min(last, Math.floor(now / length));
	const result: Series = {REQUEST: [], SUCCESS: [], FAILURE: [], SKIP: [], SIZE: []};
	for (let index = first; index <= newest; index++) {
		const values = sumBuckets(source, index * perBucket, perBucket, now);
		if (!isZero(values)) {
			for (const type of DATA_TYPES) {
				result[type].push([index * length, values[type]]);
			}
		}
	}

	return result;
}

/** Totals over the calendar month (UTC) that holds `queryTime`, up to `now`. */
export function monthTotals(source: TrafficSource, queryTime: EpochMs, now: EpochMs): BucketValues {
	const date = new Date(queryTime);
	const from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
	const to = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
	return sumBuckets(source, from / FIVE_MINUTES, (to - from) / FIVE_MINUTES, now);
}

import {BUCKET_LENGTH, DATA_TYPES, type DataType} from '../domain/statistics.js';
import {HOUR, type EpochMs} from '../domain/units.js';
import type {TrafficProfile} from './profiles.js';
import {unit} from './random.js';

/**
 * The traffic of one task, one 5-minute bucket at a time. Pure: a bucket's values follow
 * from the task's stream number (seed and id) and the bucket index alone.
 */

export type BucketValues = Readonly<Record<DataType, bigint>>;

/** A stretch of time in which the task was synchronising; `to` is Infinity while it runs. */
export type Span = {readonly from: EpochMs; readonly to: EpochMs};

/** What produces a task's traffic. */
export type TrafficSource = {
	readonly profile: TrafficProfile;
	readonly activity: readonly Span[];
	readonly stream: number;
};

export const INT64_MAX = 2n ** 63n - 1n;
export const FIVE_MINUTES = BUCKET_LENGTH.FIVE_MINUTES;
const BUCKETS_PER_HOUR = HOUR / FIVE_MINUTES;
const GIANT_SLOT = 5;

export const ZERO: BucketValues = {REQUEST: 0n, SUCCESS: 0n, FAILURE: 0n, SKIP: 0n, SIZE: 0n};
const GIANT: BucketValues = {REQUEST: 1n, SUCCESS: 1n, FAILURE: 0n, SKIP: 0n, SIZE: INT64_MAX};

// Distinct salts keep the draws of one bucket independent of each other.
const DRAW = {
	active: 1,
	load: 2,
	drift: 3,
	failure: 4,
	failureRound: 5,
	skip: 6,
	skipRound: 7,
	size: 8,
	burst: 9,
	burstStart: 10,
	burstLength: 11,
} as const;

/** More traffic by day: peak at 14:00, low at 02:00 China time (UTC+8), where sync tasks run. */
function dayFactor(time: EpochMs): number {
	const hour = (time / HOUR + 8) % 24;
	return 0.6 + 0.4 * Math.cos((2 * Math.PI * (hour - 14)) / 24);
}

/** A level in [0, 1) that drifts smoothly from hour to hour, so charts show trends and not only noise. */
function drift(stream: number, index: number): number {
	const hour = Math.floor(index / BUCKETS_PER_HOUR);
	const from = unit(stream, hour, DRAW.drift);
	const to = unit(stream, hour + 1, DRAW.drift);
	return from + ((to - from) * (index - hour * BUCKETS_PER_HOUR)) / BUCKETS_PER_HOUR;
}

/** The failure rate of a burst covering this bucket, if one does. */
function burstFailureRate(profile: TrafficProfile, stream: number, index: number): number | undefined {
	const hour = Math.floor(index / BUCKETS_PER_HOUR);
	if (!profile.burst || unit(stream, hour, DRAW.burst) >= profile.burst.chance) {
		return undefined;
	}

	// A burst spans 3–6 buckets inside its hour, so the hour's own draws decide it.
	const length = 3 + Math.floor(unit(stream, hour, DRAW.burstLength) * 4);
	const first = Math.floor(unit(stream, hour, DRAW.burstStart) * (BUCKETS_PER_HOUR - length + 1));
	const slot = index - hour * BUCKETS_PER_HOUR;
	return slot >= first && slot < first + length ? profile.burst.failureRate : undefined;
}

/** A whole 5-minute bucket, as if the task ran through all of it. SUCCESS + FAILURE + SKIP = REQUEST. */
export function fullBucket(profile: TrafficProfile, stream: number, index: number): BucketValues {
	if (profile.giantHour !== undefined && Math.floor(index / BUCKETS_PER_HOUR) === profile.giantHour) {
		return index % BUCKETS_PER_HOUR === GIANT_SLOT ? GIANT : ZERO;
	}

	const draw = (salt: number): number => unit(stream, index, salt);
	if (draw(DRAW.active) >= profile.activeShare) {
		return ZERO;
	}

	const load = dayFactor(index * FIVE_MINUTES) * (0.5 + drift(stream, index)) * (0.85 + 0.3 * draw(DRAW.load));
	const requests = Math.round(profile.requests * load);
	const failureRate = burstFailureRate(profile, stream, index) ?? profile.failureRate;
	// Rounding up by chance keeps small rates alive: 100 objects at 0.2 % still fail now and then.
	const share = (rate: number, noise: number, round: number): number => Math.floor(requests * rate * (0.5 + draw(noise)) + draw(round));
	const failures = Math.min(requests, share(failureRate, DRAW.failure, DRAW.failureRound));
	const skips = Math.min(requests - failures, share(profile.skipRate, DRAW.skip, DRAW.skipRound));
	const successes = requests - failures - skips;
	return {
		REQUEST: BigInt(requests),
		SUCCESS: BigInt(successes),
		FAILURE: BigInt(failures),
		SKIP: BigInt(skips),
		SIZE: BigInt(Math.round(successes * profile.objectBytes * (0.5 + draw(DRAW.size)))),
	};
}

function activeMs(activity: readonly Span[], from: EpochMs, to: EpochMs): number {
	let total = 0;
	for (const span of activity) {
		total += Math.max(0, Math.min(to, span.to) - Math.max(from, span.from));
	}

	return total;
}

/**
 * A 5-minute bucket as the API reports it at `now`: only time in which the task ran, and
 * which has passed, counts. So the newest bucket is partial and grows between polls, and
 * nothing appears after a stop.
 */
export function bucketAt(source: TrafficSource, index: number, now: EpochMs): BucketValues {
	const start = index * FIVE_MINUTES;
	const active = Math.floor(activeMs(source.activity, start, Math.min(start + FIVE_MINUTES, now)));
	if (active <= 0) {
		return ZERO;
	}

	const full = fullBucket(source.profile, source.stream, index);
	if (active >= FIVE_MINUTES) {
		return full;
	}

	const scaled: Partial<Record<DataType, bigint>> = {};
	for (const type of DATA_TYPES) {
		scaled[type] = (full[type] * BigInt(active)) / BigInt(FIVE_MINUTES);
	}

	return scaled as BucketValues;
}

/** Sums saturate at the int64 maximum: the API cannot report more. */
export function addValues(a: BucketValues, b: BucketValues): BucketValues {
	const sum: Partial<Record<DataType, bigint>> = {};
	for (const type of DATA_TYPES) {
		const total = a[type] + b[type];
		sum[type] = total > INT64_MAX ? INT64_MAX : total;
	}

	return sum as BucketValues;
}

export function isZero(values: BucketValues): boolean {
	return DATA_TYPES.every(type => values[type] === 0n);
}

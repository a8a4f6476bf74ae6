import {HOUR, MINUTE, type Count, type DurationMs, type EpochMs, type TaskId} from './units.js';

/** The five series the statistics endpoint serves, in the order omstop shows them. */
export const DATA_TYPES = ['REQUEST', 'SUCCESS', 'FAILURE', 'SKIP', 'SIZE'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export function isDataType(value: unknown): value is DataType {
	return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value);
}

/** Bucket widths the server answers with (`statistic_time_type`). */
export const BUCKET_LENGTH = {
	FIVE_MINUTES: 5 * MINUTE,
	ONE_HOUR: HOUR,
} as const satisfies Record<string, DurationMs>;
export type Granularity = keyof typeof BUCKET_LENGTH;

export function isGranularity(value: unknown): value is Granularity {
	return typeof value === 'string' && Object.hasOwn(BUCKET_LENGTH, value);
}

/** One bucket: its start time and its value. */
export type Point = readonly [time: EpochMs, value: Count];

export type SeriesByType = Readonly<Record<DataType, readonly Point[]>>;

/**
 * One validated answer of the statistics endpoint, with the span that was asked for:
 * inside that span a bucket the server left out holds zero.
 */
export type StatisticsAnswer = {
	readonly taskId: TaskId;
	readonly granularity: Granularity;
	readonly start: EpochMs;
	readonly end: EpochMs;
	/**
	 * The server's time when it answered (its Date header, cut to the second), when it sent
	 * one: buckets starting after it did not exist yet, whatever `end` asked for.
	 */
	readonly serverTime: EpochMs | undefined;
	/** Points sorted by time, one per bucket. */
	readonly series: SeriesByType;
};

import {ResponseError} from '../domain/errors.js';
import {
	BUCKET_LENGTH,
	DATA_TYPES,
	isDataType,
	isGranularity,
	type DataType,
	type Point,
	type StatisticsAnswer,
} from '../domain/statistics.js';
import type {EpochMs, TaskId} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';

/** The documented cap on points per series. */
export const MAX_POINTS = 1000;
const INT64_MAX = 2n ** 63n - 1n;

function shapeError(detail: string): ResponseError {
	return new ResponseError(
		`The statistics answer has an unexpected shape: ${detail}`,
		'omstop kept the last good data. If this persists, the endpoint may not be the OMS v2 API.',
	);
}

function describe(value: unknown): string {
	if (typeof value === 'string') {
		return `"${sanitize(value, 40)}"`;
	}

	return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function integer(value: unknown, what: string): bigint {
	if (typeof value !== 'bigint') {
		throw shapeError(`${what} is ${describe(value)}, not an integer`);
	}

	if (value < 0n || value > INT64_MAX) {
		throw shapeError(`${what} is ${value}, outside 0…2^63−1`);
	}

	return value;
}

/**
 * Checks an answer body (already parsed with bigint integers) against the documented
 * shape and turns it into sorted, de-duplicated points per type. Inside the span that
 * was asked for, a bucket the server left out means zero; points outside it are dropped.
 * A data type the server does not know to send is ignored; one it left out is empty.
 */
export function readStatisticsBody(
	body: unknown,
	asked: {taskId: TaskId; start: EpochMs; end: EpochMs; serverTime?: EpochMs | undefined},
): StatisticsAnswer {
	const {taskId, start, end, serverTime} = asked;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw shapeError(`the body is ${describe(body)}, not an object`);
	}

	const record = body as Record<string, unknown>;
	const granularity = record['statistic_time_type'];
	if (!isGranularity(granularity)) {
		throw shapeError(`statistic_time_type is ${describe(granularity)}, not FIVE_MINUTES or ONE_HOUR`);
	}

	const datas = record['statistic_datas'];
	if (!Array.isArray(datas)) {
		throw shapeError(`statistic_datas is ${describe(datas)}, not an array`);
	}

	const bucketLength = BUCKET_LENGTH[granularity];
	const series = Object.fromEntries(DATA_TYPES.map(type => [type, [] as Point[]])) as Record<DataType, Point[]>;
	const seen = new Set<DataType>();
	for (const entry of datas) {
		if (typeof entry !== 'object' || entry === null) {
			throw shapeError(`an entry of statistic_datas is ${describe(entry)}`);
		}

		const {data_type: type, data} = entry as Record<string, unknown>;
		if (!isDataType(type)) {
			continue;
		}

		if (seen.has(type)) {
			throw shapeError(`data type ${type} appears twice`);
		}

		seen.add(type);
		if (!Array.isArray(data)) {
			throw shapeError(`${type} data is ${describe(data)}, not an array`);
		}

		if (data.length > MAX_POINTS) {
			throw shapeError(`${type} has ${data.length} points, more than the documented ${MAX_POINTS}`);
		}

		const byTime = new Map<EpochMs, bigint>();
		for (const point of data) {
			if (typeof point !== 'object' || point === null) {
				throw shapeError(`a ${type} point is ${describe(point)}`);
			}

			const {time_stamp: rawTime, statistic_num: rawValue} = point as Record<string, unknown>;
			const time = integer(rawTime, `a ${type} time_stamp`);
			const value = integer(rawValue, `a ${type} statistic_num`);
			if (time > BigInt(Number.MAX_SAFE_INTEGER) || Number(time) % bucketLength !== 0) {
				throw shapeError(`${type} time_stamp ${time} is not the start of a ${granularity} bucket`);
			}

			const at = Number(time);
			if (byTime.has(at)) {
				throw shapeError(`${type} has two buckets at ${at}`);
			}

			if (at + bucketLength > start && at <= end) {
				byTime.set(at, value);
			}
		}

		series[type] = [...byTime].sort((a, b) => a[0] - b[0]);
	}

	return {taskId, granularity, start, end, serverTime, series};
}

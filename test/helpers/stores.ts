import {DATA_TYPES, type DataType, type Point} from '../../source/domain/statistics.js';
import {HOUR, MINUTE, type EpochMs} from '../../source/domain/units.js';
import {SeriesStore} from '../../source/series/store.js';

/** Stores filled by hand, for the pure tests of figures and screens: no network, no clock. */

export const FIVE = 5 * MINUTE;
/** On a bucket boundary, as the server's buckets are. */
export const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
export const NOW = T0 + 2 * HOUR + 2 * MINUTE;
export const INFO = {status: 'SYNCHRONIZING', description: undefined, srcCloudType: undefined, srcRegion: undefined, srcBucket: 'a', dstRegion: undefined, dstBucket: 'b', createTime: undefined, lastStartTime: undefined, monthly: undefined};

export function buckets(from: EpochMs, to: EpochMs, value: bigint): Point[] {
	const points: Point[] = [];
	for (let time = from; time < to; time += FIVE) {
		points.push([time, value]);
	}

	return points;
}

/** A store with one task per entry, each answered with these points over the last two hours. */
export function storeWith(tasks: Record<string, Partial<Record<DataType, Point[]>>>): SeriesStore {
	const store = new SeriesStore({window: HOUR, now: () => NOW});
	for (const [taskId, points] of Object.entries(tasks)) {
		store.addTask(taskId);
		store.setInfo(taskId, {...INFO, id: taskId});
		const series = Object.fromEntries(DATA_TYPES.map(type => [type, points[type] ?? []])) as Record<DataType, Point[]>;
		store.applyAnswer({taskId, granularity: 'FIVE_MINUTES', start: NOW - 2 * HOUR, end: NOW, serverTime: undefined, series}, {phase: 'live'});
	}

	return store;
}


import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readStatisticsBody} from '../source/client/statistics-body.js';
import {parseJson} from '../source/client/json.js';
import {DATA_TYPES, type DataType, type Granularity, type Point, type StatisticsAnswer} from '../source/domain/statistics.js';
import {HOUR, MINUTE, type EpochMs} from '../source/domain/units.js';
import {isStalled} from '../source/series/figures.js';
import {SeriesStore} from '../source/series/store.js';
import {TaskSeries} from '../source/series/task-series.js';

const T0 = Date.UTC(2026, 10, 20, 0, 0);
const FIVE = 5 * MINUTE;

function answer(
	start: EpochMs,
	end: EpochMs,
	granularity: Granularity,
	points: Partial<Record<DataType, Point[]>>,
	taskId = 'task',
): StatisticsAnswer {
	const series = Object.fromEntries(DATA_TYPES.map(type => [type, points[type] ?? []])) as Record<DataType, Point[]>;
	return {taskId, granularity, start, end, serverTime: undefined, series};
}

function total(view: ReturnType<TaskSeries['view']>, type: DataType): bigint {
	return view.values[type].reduce((sum, value) => sum + value, 0n);
}

test('a bucket answered twice is replaced, not added to', () => {
	const series = new TaskSeries(HOUR);
	const now = T0 + HOUR;
	series.merge(answer(now - HOUR, now, 'FIVE_MINUTES', {REQUEST: [[T0 + 10 * FIVE, 7n]]}));
	series.merge(answer(now - HOUR, now, 'FIVE_MINUTES', {REQUEST: [[T0 + 10 * FIVE, 7n]]}));
	assert.equal(total(series.view(now), 'REQUEST'), 7n);
});

test('the partial newest bucket grows by replacement', () => {
	const series = new TaskSeries(HOUR);
	const bucket = T0 + 11 * FIVE;
	series.merge(answer(T0 - HOUR, bucket + MINUTE, 'FIVE_MINUTES', {SUCCESS: [[bucket, 3n]]}));
	series.merge(answer(bucket - FIVE, bucket + 3 * MINUTE, 'FIVE_MINUTES', {SUCCESS: [[bucket, 9n]]}));
	const view = series.view(bucket + 3 * MINUTE);
	assert.equal(total(view, 'SUCCESS'), 9n);
	assert.equal(view.granularity, 'FIVE_MINUTES');
});

test('a bucket the server leaves out is zero, even one that held a value before', () => {
	const series = new TaskSeries(HOUR);
	const now = T0 + HOUR;
	series.merge(answer(now - HOUR, now, 'FIVE_MINUTES', {FAILURE: [[T0 + 2 * FIVE, 4n], [T0 + 5 * FIVE, 1n]]}));
	series.merge(answer(T0 + FIVE, now, 'FIVE_MINUTES', {FAILURE: [[T0 + 5 * FIVE, 1n]]}));
	const view = series.view(now);
	assert.equal(total(view, 'FAILURE'), 1n);
	assert.equal(view.values.FAILURE[view.times.indexOf(T0 + 2 * FIVE)], 0n);
});

test('a window the server answered in hours stays hourly, its hours kept live from 5-minute polls, none counted twice', () => {
	const window = 6 * HOUR;
	const series = new TaskSeries(window);
	const now = T0 + 6 * HOUR + 20 * MINUTE;
	// Hours 00:00–06:00 at 10 each; hour 06:00 partial with 4. The window is the six newest hours, 01:00–06:00.
	const hours: Point[] = [0, 1, 2, 3, 4, 5].map(hour => [T0 + hour * HOUR, 10n]);
	hours.push([T0 + 6 * HOUR, 4n]);
	series.merge(answer(now - window, now, 'ONE_HOUR', {REQUEST: hours}));
	assert.equal(series.view(now).granularity, 'ONE_HOUR');
	assert.equal(total(series.view(now), 'REQUEST'), 54n);

	// A later 5-minute poll covering hour 05:00 and 06:00: hour 05 is now 12, hour 06 is 6 so far.
	const later = now + 5 * MINUTE;
	const fine: Point[] = [
		[T0 + 5 * HOUR, 6n],
		[T0 + 5 * HOUR + 30 * MINUTE, 6n],
		[T0 + 6 * HOUR + 5 * MINUTE, 2n],
		[T0 + 6 * HOUR + 20 * MINUTE, 4n],
	];
	series.merge(answer(T0 + 5 * HOUR, later, 'FIVE_MINUTES', {REQUEST: fine}));
	const view = series.view(later);
	assert.equal(view.granularity, 'ONE_HOUR');
	assert.equal(total(view, 'REQUEST'), 10n * 4n + 12n + 6n);

	// And an hourly answer after that, fresher than the 5-minute data for hour 06.
	series.merge(answer(later - 2 * HOUR, later + MINUTE, 'ONE_HOUR', {REQUEST: [[T0 + 5 * HOUR, 12n], [T0 + 6 * HOUR, 7n]]}));
	assert.equal(total(series.view(later + MINUTE), 'REQUEST'), 10n * 4n + 12n + 7n);
});

test('the view turns 5-minute once 5-minute answers cover the whole window', () => {
	const window = HOUR;
	const series = new TaskSeries(window);
	const now = T0 + 2 * HOUR;
	series.merge(answer(now - window, now, 'ONE_HOUR', {SKIP: [[T0 + HOUR, 12n], [T0 + 2 * HOUR, 0n]]}));
	assert.equal(series.view(now).granularity, 'ONE_HOUR');
	const later = now + MINUTE;
	const points: Point[] = [];
	for (let time = T0 + HOUR; time <= later; time += FIVE) {
		points.push([time, 1n]);
	}

	series.merge(answer(later - window, later, 'FIVE_MINUTES', {SKIP: points}));
	const view = series.view(later);
	assert.equal(view.granularity, 'FIVE_MINUTES');
	assert.equal(total(view, 'SKIP'), BigInt(view.times.length));
});

test('memory is bounded by the window, whatever the run time', () => {
	const series = new TaskSeries(6 * HOUR);
	const bytes = series.bytes;
	for (let now = T0; now < T0 + 7 * 24 * HOUR; now += 30_000) {
		series.merge(answer(now - 10 * MINUTE, now, 'FIVE_MINUTES', {REQUEST: [[Math.floor(now / FIVE) * FIVE, 1n]]}));
	}

	assert.equal(series.bytes, bytes);
	const view = series.view(T0 + 7 * 24 * HOUR);
	assert.ok(view.times.length <= 6 * 12 + 1);
});

test('values up to 2^63−1 are held and summed exactly', () => {
	const max = 2n ** 63n - 1n;
	const now = T0 + HOUR;
	const body = `{"sync_task_id":"t","statistic_time_type":"FIVE_MINUTES","statistic_datas":[{"data_type":"SIZE","data":[{"time_stamp":${T0 + FIVE},"statistic_num":9223372036854775807},{"time_stamp":${T0 + 2 * FIVE},"statistic_num":9223372036854775807}]}]}`;
	const parsed = readStatisticsBody(parseJson(body), {taskId: 't', start: now - HOUR, end: now});
	const store = new SeriesStore({window: HOUR, now: () => now});
	store.addTask('t');
	store.applyAnswer(parsed);
	assert.equal(store.task('t')?.figures?.totals.SIZE, 2n * max);
});

test('figures: failure rate, rates over complete buckets, rising failures, last failure', () => {
	const now = T0 + HOUR + 2 * MINUTE;
	const store = new SeriesStore({window: HOUR, now: () => now});
	store.addTask('t');
	const success: Point[] = [];
	const failure: Point[] = [];
	for (let time = T0; time <= now; time += FIVE) {
		success.push([time, 100n]);
	}

	failure.push([T0 + 10 * FIVE, 5n], [T0 + 11 * FIVE, 20n]);
	store.applyAnswer(answer(now - HOUR, now, 'FIVE_MINUTES', {SUCCESS: success, FAILURE: failure, SIZE: [[T0 + 11 * FIVE, 300_000n]]}, 't'));
	const figures = store.task('t')!.figures!;
	assert.equal(figures.totals.FAILURE, 25n);
	// The window is the 12 newest buckets, 09:05 to the one filling at 10:00.
	assert.equal(figures.failureRate, 25 / (25 + 100 * 12));
	assert.equal(figures.lastFailureAt, T0 + 11 * FIVE);
	assert.equal(figures.failuresRising, true);
	// The newest complete buckets are 09:45, 09:50, 09:55 (the 01:00 bucket is partial).
	assert.equal(figures.perMinute?.SUCCESS, 300 / 15);
	assert.equal(figures.bytesPerSecond, 300_000 / (15 * 60));
});

test('the store tells subscribers of each change and keeps snapshots immutable', () => {
	const store = new SeriesStore({window: HOUR, now: () => T0});
	let calls = 0;
	const unsubscribe = store.subscribe(() => calls++);
	store.addTask('a');
	const first = store.getSnapshot();
	store.setStatus('a', {phase: 'retrying'});
	assert.equal(calls, 2);
	assert.notEqual(store.getSnapshot(), first);
	assert.equal(first.tasks[0]?.status.phase, 'loading');
	unsubscribe();
	store.removeTask('a');
	assert.equal(calls, 2);
});

test('figures: a few failures after fewer is noise, not rising failures', () => {
	const now = T0 + HOUR + 2 * MINUTE;
	const store = new SeriesStore({window: HOUR, now: () => now});
	store.addTask('t');
	const success: Point[] = [];
	for (let time = T0; time <= now; time += FIVE) {
		success.push([time, 1000n]);
	}

	store.applyAnswer(answer(now - HOUR, now, 'FIVE_MINUTES', {SUCCESS: success, FAILURE: [[T0 + 7 * FIVE, 1n], [T0 + 11 * FIVE, 2n]]}, 't'));
	assert.equal(store.task('t')!.figures!.failuresRising, false);
});

test('stalled: a synchronizing task with no request for the span, or requests and nothing finished', () => {
	const now = T0 + 2 * HOUR + 2 * MINUTE;
	const figuresWith = (points: Partial<Record<DataType, Point[]>>) => {
		const store = new SeriesStore({window: HOUR, now: () => now});
		store.addTask('t');
		store.applyAnswer(answer(now - 2 * HOUR, now, 'FIVE_MINUTES', points, 't'));
		return store.task('t')!.figures!;
	};

	const buckets = (from: number, to: number, value: bigint): Point[] => {
		const points: Point[] = [];
		for (let time = from; time < to; time += FIVE) {
			points.push([time, value]);
		}

		return points;
	};

	// Requests until 35 minutes before the newest complete bucket's end, then none.
	const quiet = figuresWith({REQUEST: buckets(T0, T0 + HOUR + 25 * MINUTE, 10n), SUCCESS: buckets(T0, T0 + HOUR + 25 * MINUTE, 10n)});
	assert.equal(quiet.quietFor, 35 * MINUTE);
	assert.equal(isStalled(quiet, 'SYNCHRONIZING', 30 * MINUTE), true);
	assert.equal(isStalled(quiet, 'SYNCHRONIZING', 40 * MINUTE), false);
	assert.equal(isStalled(quiet, 'STOPPED', 30 * MINUTE), false, 'a stopped task is quiet, not stalled');

	const busy = figuresWith({REQUEST: buckets(T0, now, 10n), SUCCESS: buckets(T0, now, 9n)});
	assert.equal(busy.quietFor, 0);
	assert.equal(isStalled(busy, 'SYNCHRONIZING', 30 * MINUTE), false);

	// Requests in every bucket of the last half hour, and not one object finished.
	const stuck = figuresWith({REQUEST: buckets(T0, now, 10n), SUCCESS: buckets(T0, T0 + HOUR, 10n)});
	assert.equal(stuck.requestsWithoutProgress, true);
	assert.equal(isStalled(stuck, 'SYNCHRONIZING', 60 * MINUTE), true);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {parseJson} from '../source/client/json.js';
import {readStatisticsBody} from '../source/client/statistics-body.js';
import {ResponseError} from '../source/domain/errors.js';
import {DATA_TYPES, type StatisticsAnswer} from '../source/domain/statistics.js';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {SeriesStore} from '../source/series/store.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const WINDOW = 6 * HOUR;
const INT64_MAX = 2n ** 63n - 1n;

/** JSON text with bigints written as integers, as the server writes int64. */
function toJson(value: unknown): string {
	if (typeof value === 'bigint') {
		return value.toString();
	}

	if (Array.isArray(value)) {
		return `[${value.map(toJson).join(',')}]`;
	}

	if (typeof value === 'object' && value !== null) {
		return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
	}

	return JSON.stringify(value);
}

// Mostly well-formed, so that many answers reach the store; the rest probe the validator.
const time = fc.oneof(
	{weight: 12, arbitrary: fc.integer({min: -90, max: 10}).map(step => BigInt(NOW + step * 5 * MINUTE - (NOW % (5 * MINUTE))))},
	{weight: 6, arbitrary: fc.integer({min: -8, max: 2}).map(step => BigInt(NOW + step * HOUR - (NOW % HOUR)))},
	{weight: 1, arbitrary: fc.bigInt({min: -5n, max: INT64_MAX + 5n})},
	{weight: 1, arbitrary: fc.constant('1795000000000')},
);
const count = fc.oneof(
	{weight: 12, arbitrary: fc.bigInt({min: 0n, max: 1000n})},
	{weight: 2, arbitrary: fc.constant(INT64_MAX)},
	{weight: 1, arbitrary: fc.bigInt({min: -3n, max: INT64_MAX + 3n})},
	{weight: 1, arbitrary: fc.constantFrom<unknown>('12', null)},
);
const point = fc.oneof(
	{weight: 40, arbitrary: fc.record({time_stamp: time, statistic_num: count})},
	{weight: 1, arbitrary: fc.constantFrom<unknown>(null, 3n, 'x', {}, {time_stamp: 0n})},
);
const dataType = fc.oneof({weight: 8, arbitrary: fc.constantFrom(...DATA_TYPES)}, {weight: 1, arbitrary: fc.constantFrom('LATENCY', '', 'request')});
const entry = fc.record({data_type: dataType, data: fc.array(point, {maxLength: 40})});
const body = fc.record(
	{
		sync_task_id: fc.constant('t'),
		statistic_time_type: fc.oneof({weight: 8, arbitrary: fc.constantFrom('FIVE_MINUTES', 'ONE_HOUR')}, {weight: 1, arbitrary: fc.constantFrom('ONE_DAY', 5n)}),
		statistic_datas: fc.oneof({weight: 10, arbitrary: fc.array(entry, {maxLength: 7})}, {weight: 1, arbitrary: fc.constant('none')}),
	},
	{requiredKeys: ['sync_task_id']},
);
const span = fc.record({back: fc.integer({min: 0, max: 8 * 12}), forward: fc.integer({min: 0, max: 60})});

test('any body either validates or is refused with a ResponseError, and the store keeps its invariants', () => {
	let acceptedTotal = 0;
	fc.assert(
		fc.property(fc.array(fc.tuple(body, span), {minLength: 1, maxLength: 12}), answers => {
			let now = NOW;
			const store = new SeriesStore({window: WINDOW, now: () => now});
			store.addTask('t');
			const bytes = store.bytes();
			let accepted = 0;
			for (const [candidate, {back, forward}] of answers) {
				now += forward * 1000;
				const start = now - back * 5 * MINUTE;
				let answer: StatisticsAnswer;
				try {
					answer = readStatisticsBody(parseJson(toJson(candidate)), {taskId: 't', start, end: now});
				} catch (error) {
					assert.ok(error instanceof ResponseError, String(error));
					continue;
				}

				accepted++;
				store.applyAnswer(answer);
				const totalsOnce = store.task('t')!.figures!.totals;
				store.applyAnswer(answer);
				const task = store.task('t')!;
				assert.deepEqual(task.figures!.totals, totalsOnce, 'replacing, never adding');
				const view = task.view!;
				for (const type of DATA_TYPES) {
					assert.equal(view.values[type].length, view.times.length);
					assert.ok(view.values[type].every(value => value >= 0n));
					assert.equal(task.figures!.totals[type], view.values[type].reduce((sum, value) => sum + value, 0n));
				}

				assert.ok(view.times.every((start, index) => index === 0 || start - view.times[index - 1]! === view.bucketLength));
				assert.ok(view.times.length <= WINDOW / view.bucketLength + 2);
				assert.ok(view.times.at(-1)! <= now && view.times.at(-1)! + view.bucketLength > now);
				const rate = task.figures!.failureRate;
				assert.ok(rate === null || (rate >= 0 && rate <= 1));
				assert.equal(store.bytes(), bytes, 'memory fixed by the window');
			}

			acceptedTotal += accepted;
		}),
		{numRuns: 400, seed: 20_261_125},
	);
	assert.ok(acceptedTotal > 200, `only ${acceptedTotal} answers reached the store`);
});

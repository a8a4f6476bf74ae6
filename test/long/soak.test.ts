import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {HOUR} from '../../source/domain/units.js';
import type {Fault} from '../../source/simulator/index.js';
import {seededRandom, startRig} from '../helpers/rig.js';

// The live heap, not what the collector has yet to reclaim: collect before each sample.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MB = 2 ** 20;
/** Room for the collector's own variance; a leak of a few hundred bytes per poll would pass it within days. */
const HEAP_GROWTH_ALLOWED = 8 * MB;

const FAULTS: Fault[] = [
	{kind: 'status', status: 500},
	{kind: 'status', status: 503},
	{kind: 'throttle', retryAfterSeconds: 90},
	{kind: 'throttle'},
	{kind: 'reset'},
	{kind: 'truncated'},
	{kind: 'not-json'},
	{kind: 'body', body: '{"statistic_time_type":"FIVE_MINUTES","statistic_datas":[{"data_type":"SKIP","data":[{"time_stamp":1,"statistic_num":"x"}]}]}'},
	{kind: 'status', status: 404, errorCode: 'OMS.1009', errorMsg: 'No resources found'},
];

test('7 simulated days, 200 tasks, a fault every hour: no crash, every task recovers, the store and the live heap stay flat', async t => {
	const rejections: unknown[] = [];
	const onRejection = (reason: unknown): void => {
		rejections.push(reason);
	};

	process.on('unhandledRejection', onRejection);
	const r = await startRig({start: Date.UTC(2026, 10, 16, 0, 0, 0), simulator: {extraTasks: 195}, interval: HOUR, concurrency: 8, seed: 11});
	const random = seededRandom(13);
	const {simulator, store} = r;
	const ids = simulator.tasks.map(task => task.id);
	const sizes: number[] = [];
	const heap: number[] = [];
	for (let hour = 0; hour < 7 * 24; hour++) {
		const fault = FAULTS[hour % FAULTS.length]!;
		simulator.setFault(fault, {taskId: ids[Math.floor(random() * ids.length)]!, times: 2});
		await r.run(HOUR);
		if (hour % 24 === 23) {
			sizes.push(store.bytes());
			collectGarbage();
			heap.push(process.memoryUsage().heapUsed);
		}
	}

	simulator.clearFaults();
	// Long enough for the slowest retry (a not-found task waits 15 minutes) and one more poll.
	await r.run(2 * HOUR);
	const phases = new Map<string, number>();
	for (const task of store.getSnapshot().tasks) {
		phases.set(task.status.phase, (phases.get(task.status.phase) ?? 0) + 1);
	}

	assert.deepEqual([...phases], [['live', 200]]);
	assert.deepEqual(sizes, sizes.map(() => sizes[0]), 'store size flat from day 1 to day 7');
	assert.deepEqual(rejections, []);
	t.diagnostic(`store ${sizes[0]} bytes for 200 tasks; live heap by day (MB): ${heap.map(bytes => (bytes / MB).toFixed(1)).join(' ')}`);
	assert.ok(Math.max(...heap) - heap[0]! < HEAP_GROWTH_ALLOWED, 'the heap stays flat from day 1 to day 7');
	process.off('unhandledRejection', onRejection);
	await r.close();
	assert.equal(r.clock.pending, 0);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {DAY, HOUR, MINUTE} from '../../source/domain/units.js';
import type {Fault} from '../../source/simulator/index.js';
import {seededRandom, startRig} from '../helpers/rig.js';
import {checkStoreStaysFlat} from '../helpers/store-soak.js';

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

test('a week of faults with the UI’s visible set changing: 401 holds, 429s, refreshes and window changes; the hold, the backoff and the budget hold throughout', async t => {
	const rejections: unknown[] = [];
	const onRejection = (reason: unknown): void => {
		rejections.push(reason);
	};

	process.on('unhandledRejection', onRejection);
	const perSecond = 0.2;
	const r = await startRig({
		start: Date.UTC(2026, 10, 16, 0, 0, 0),
		simulator: {extraTasks: 35},
		interval: 20 * MINUTE,
		offScreenInterval: HOUR,
		budget: perSecond,
		discover: true,
		seed: 17,
	});
	const random = seededRandom(19);
	const {simulator, store, poller} = r;
	const ids = simulator.tasks.map(task => task.id);
	const token = simulator.token;
	/** The budget's burst (two seconds' worth, at least one) plus its rate: what any minute may hold. */
	const perMinute = Math.max(1, 2 * perSecond) + perSecond * 60;
	let busiest = 0;
	const refusals: number[] = [];
	const throttled: number[] = [];
	for (let hour = 0; hour < 7 * 24; hour++) {
		const from = r.clock.now();
		if (hour % 6 === 0) {
			// The operator pages through the overview, or opens a task.
			const first = Math.floor(random() * ids.length);
			poller.setVisible(hour % 12 === 0 ? ids.slice(first, first + 8) : [ids[first]!]);
		}

		if (hour % 24 === 5) {
			// The token expires and is renewed only hours later: one hold, probes spaced out.
			simulator.setCredentials({token: 'an-expired-token'});
			await r.run(3 * HOUR);
			refusals.push(simulator.requests.filter(record => record.at >= from && record.status === 401).length);
			simulator.setCredentials({token});
			await r.run(HOUR);
			hour += 3;
		} else if (hour % 24 === 13) {
			// A throttle storm with Retry-After: 0, then the operator presses r.
			simulator.setFault({kind: 'throttle', retryAfterSeconds: 0}, {times: 40});
			poller.refresh();
			await r.run(HOUR);
			throttled.push(simulator.requests.filter(record => record.at >= from && record.status === 429).length);
		} else if (hour % 24 === 20) {
			poller.setWindow(hour % 48 === 20 ? DAY : 6 * HOUR);
			await r.run(HOUR);
		} else {
			simulator.setFault(FAULTS[hour % FAULTS.length]!, {taskId: ids[Math.floor(random() * ids.length)]!, times: 2});
			await r.run(HOUR);
		}

		// Every minute of the hour within the budget.
		const counts = new Map<number, number>();
		for (const record of simulator.requests) {
			if (record.at >= from) {
				const minute = Math.floor(record.at / MINUTE);
				counts.set(minute, (counts.get(minute) ?? 0) + 1);
			}
		}

		busiest = Math.max(busiest, ...counts.values());
	}

	simulator.clearFaults();
	simulator.setCredentials({token});
	await r.run(3 * HOUR);
	const phases = new Map<string, number>();
	for (const task of store.getSnapshot().tasks) {
		phases.set(task.status.phase, (phases.get(task.status.phase) ?? 0) + 1);
	}

	t.diagnostic(`busiest minute ${busiest} requests (budget ${perMinute.toFixed(1)}); 401s per 3-hour outage ${refusals.join(' ')}; 429s per storm ${throttled.join(' ')}`);
	assert.deepEqual([...phases], [['live', 40]]);
	assert.ok(busiest <= Math.floor(perMinute), `busiest minute ${busiest} requests`);
	// One hold: 5 minutes doubling to 30, a single probe at each end: 10 or so in 3 hours, never one per task.
	assert.ok(refusals.every(count => count > 0 && count <= 15), `401s per outage: ${refusals.join(' ')}`);
	// Each storm was met (a Retry-After of 0 taken literally would have broken the budget above).
	assert.ok(throttled.every(count => count > 0), `429s per storm: ${throttled.join(' ')}`);
	assert.deepEqual(rejections, []);
	process.off('unhandledRejection', onRejection);
	await r.close();
	assert.equal(r.clock.pending, 0);
});

// From test/poller.test.ts, where the same check runs with 5 tasks.
test('soak: 7 simulated days, 50 tasks, the store stays the same size after the first window', async () => {
	await checkStoreStaysFlat(50);
});

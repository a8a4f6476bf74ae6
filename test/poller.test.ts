import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DAY, HOUR, MINUTE, SECOND, type TaskId} from '../source/domain/units.js';
import {DELETED_GRACE} from '../source/polling/poller.js';
import {RETRY} from '../source/polling/retry-policy.js';
import {SEEDED_TASK_IDS} from '../source/simulator/index.js';
import {startRig, T0, type Rig} from './helpers/rig.js';
import {checkStoreStaysFlat} from './helpers/store-soak.js';
import {windowTruth} from './helpers/truth.js';

/** What the server holds for the store's window right now. */
function truth(r: Rig, taskId: TaskId): Record<string, bigint> {
	return windowTruth(r.simulator, taskId, r.store.window, r.clock.now());
}

function requestsFor(r: Rig, taskId: TaskId, from: number, to = Number.POSITIVE_INFINITY): number {
	return r.simulator.requests.filter(request => request.path.includes(taskId) && request.at >= from && request.at <= to).length;
}

test('totals after hours of incremental polls equal the server exactly, with gaps and a growing bucket', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet, SEEDED_TASK_IDS.bursty]});
	await r.run(3 * HOUR + 7 * MINUTE);
	r.poller.refresh();
	await r.poller.idle();
	for (const taskId of r.store.taskIds()) {
		const task = r.store.task(taskId)!;
		assert.equal(task.status.phase, 'live');
		assert.equal(task.view?.granularity, 'FIVE_MINUTES');
		assert.deepEqual({...task.figures!.totals}, truth(r, taskId), taskId);
	}

	// Incremental polls ask for a short span, not the window.
	const last = r.simulator.requests.at(-1)!;
	const parameters = new URLSearchParams(last.query);
	assert.ok(Number(parameters.get('end_time')) - Number(parameters.get('start_time')) <= 15 * MINUTE);
	await r.close();
});

test('an hourly backfill followed by 5-minute polls counts no hour twice', async () => {
	const r = await startRig({window: 2 * DAY, tasks: [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty]});
	const first = r.simulator.requests.find(request => request.path.includes(SEEDED_TASK_IDS.steady))!;
	assert.equal(first.status, 200);
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)?.view?.granularity, 'ONE_HOUR');
	await r.run(2 * HOUR + 3 * MINUTE);
	r.poller.refresh();
	await r.poller.idle();
	for (const taskId of r.store.taskIds()) {
		const task = r.store.task(taskId)!;
		assert.equal(task.view?.granularity, 'ONE_HOUR');
		assert.deepEqual({...task.figures!.totals}, truth(r, taskId), taskId);
	}

	await r.close();
});

test('a 500 burst marks one task stale, keeps its data, leaves the others alone, and recovers', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty]});
	const before = r.store.task(SEEDED_TASK_IDS.bursty)!;
	r.simulator.setFault({kind: 'status', status: 500}, {taskId: SEEDED_TASK_IDS.bursty});
	await r.run(3 * MINUTE);
	const failing = r.store.task(SEEDED_TASK_IDS.bursty)!;
	assert.equal(failing.status.phase, 'retrying');
	assert.equal(failing.status.lastError?.code, 'server');
	assert.equal(failing.status.lastSuccessAt, before.status.lastSuccessAt);
	assert.equal(failing.view, before.view, 'the last good data is kept');
	assert.ok(failing.status.failures >= 2, 'retried with backoff');
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	assert.ok(r.store.task(SEEDED_TASK_IDS.steady)!.status.lastSuccessAt! > T0 + 2 * MINUTE);

	r.simulator.clearFaults();
	await r.run(RETRY.cap + 30 * SECOND);
	const recovered = r.store.task(SEEDED_TASK_IDS.bursty)!;
	assert.equal(recovered.status.phase, 'live');
	assert.equal(recovered.status.lastError, undefined);
	await r.close();
});

test('429 waits as long as Retry-After says', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady]});
	await r.run(40 * SECOND);
	r.simulator.setFault({kind: 'throttle', retryAfterSeconds: 120}, {times: 1});
	await r.run(30 * SECOND);
	const throttled = r.store.task(SEEDED_TASK_IDS.steady)!;
	assert.equal(throttled.status.lastError?.code, 'throttled');
	const failedAt = r.simulator.requests.at(-1)!.at;
	assert.equal(throttled.status.nextPollAt, failedAt + 120 * SECOND);
	await r.runTo(failedAt + 119 * SECOND);
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, failedAt + 1), 0);
	await r.runTo(failedAt + 121 * SECOND);
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, failedAt + 1), 1);
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	await r.close();
});

test('a timeout marks the task stale and it recovers', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.quiet], limits: {headersTimeout: 100}});
	r.simulator.setFault({kind: 'delay', ms: 1500}, {times: 1});
	// The single task's slot in the interval is at :30 past the minute, 20 s after T0.
	await r.run(21 * SECOND);
	assert.equal(r.store.task(SEEDED_TASK_IDS.quiet)!.status.lastError?.code, 'timeout');
	assert.equal(r.store.task(SEEDED_TASK_IDS.quiet)!.status.phase, 'retrying');
	await r.run(RETRY.base * 2);
	assert.equal(r.store.task(SEEDED_TASK_IDS.quiet)!.status.phase, 'live');
	await r.close();
});

test('401 holds every task: no request for 5 minutes, then one probe, then all resume', async () => {
	const tasks = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet, SEEDED_TASK_IDS.bulk];
	const r = await startRig({tasks});
	await r.run(45 * SECOND);
	r.simulator.setFault({kind: 'expired-token'});
	await r.run(30 * SECOND);
	const heldAt = r.clock.now();
	for (const taskId of tasks) {
		assert.equal(r.store.task(taskId)!.status.phase, 'credentials', taskId);
	}

	const refused = r.simulator.requests.filter(request => request.status === 401).length;
	assert.ok(refused >= 1 && refused <= 3, `${refused} refused requests before the hold`);
	await r.run(RETRY.credentialsHold - 40 * SECOND);
	assert.equal(r.simulator.requests.filter(request => request.at > heldAt).length, 0, 'nothing sent while held');

	r.simulator.clearFaults();
	await r.run(2 * MINUTE);
	for (const taskId of tasks) {
		assert.equal(r.store.task(taskId)!.status.phase, 'live', taskId);
	}

	await r.close();
});

test('404 for one task among many marks it deleted, then drops it after the grace; the others go on', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady, 'deleted-task', SEEDED_TASK_IDS.quiet]});
	await r.run(MINUTE);
	assert.equal(r.store.task('deleted-task')!.status.phase, 'deleted');
	assert.equal(r.store.task('deleted-task')!.status.lastError?.code, 'not-found');
	assert.equal(requestsFor(r, 'deleted-task', T0 + 1), 0, 'not retried soon');
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	assert.equal(r.store.task(SEEDED_TASK_IDS.quiet)!.status.phase, 'live');
	await r.run(DELETED_GRACE);
	assert.equal(r.store.has('deleted-task'), false, 'dropped once still gone after the grace');
	assert.deepEqual(r.store.taskIds(), [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet]);
	await r.close();
});

test('tasks are spread over the interval and never polled twice at once', async () => {
	const r = await startRig({simulator: {extraTasks: 5}, interval: 30 * SECOND});
	const count = r.store.taskIds().length;
	const from = r.clock.now() + 1;
	await r.run(30 * SECOND);
	const times = r.simulator.requests.filter(request => request.at >= from).map(request => request.at);
	assert.equal(times.length, count);
	assert.equal(new Set(times).size, count, 'no two tasks at the same instant');
	await r.close();
});

test('pause stops polling, resume and refresh restart it, stop leaves no timer', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady]});
	r.poller.pause();
	const pausedAt = r.clock.now();
	await r.run(10 * MINUTE);
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, pausedAt + 1), 0);
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'paused');
	r.poller.resume();
	await r.poller.idle();
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, pausedAt + 1), 1);
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	r.poller.refresh();
	await r.poller.idle();
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, pausedAt + 1), 2);

	r.simulator.setFault({kind: 'delay', ms: 10_000});
	r.poller.refresh();
	await r.poller.stop();
	assert.equal(r.clock.pending, 0, 'no timer left behind');
	r.simulator.clearFaults();
	await r.client.close();
	await r.simulator.close();
});

test('adding and removing a task while running', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady]});
	r.poller.add(SEEDED_TASK_IDS.quiet);
	await r.poller.idle();
	assert.equal(r.store.task(SEEDED_TASK_IDS.quiet)!.status.phase, 'live');
	r.poller.remove(SEEDED_TASK_IDS.steady);
	const removedAt = r.clock.now();
	await r.run(2 * MINUTE);
	assert.equal(r.store.has(SEEDED_TASK_IDS.steady), false);
	assert.equal(requestsFor(r, SEEDED_TASK_IDS.steady, removedAt + 1), 0);
	await r.close();
});

// The store's size is a property of each task's series: 5 tasks show it as 50 do, at a tenth
// of the cost. The 50-task run is in the long suite (test/long/soak.test.ts).
test('soak: 7 simulated days, 5 tasks, the store stays the same size after the first window', async () => {
	await checkStoreStaysFlat(5);
});

test('a success is one change: subscribers never see new data under the old poll state', async () => {
	const r = await startRig({tasks: [SEEDED_TASK_IDS.steady]});
	r.simulator.setFault({kind: 'status', status: 500}, {times: 1});
	r.poller.refresh();
	await r.poller.idle();
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'retrying');
	const seen: Array<[string, boolean]> = [];
	const unsubscribe = r.store.subscribe(() => {
		const {status} = r.store.task(SEEDED_TASK_IDS.steady)!;
		seen.push([status.phase, status.lastError === undefined]);
	});
	await r.run(RETRY.cap);
	unsubscribe();
	assert.ok(seen.length > 0);
	assert.deepEqual(seen.filter(([phase, clean]) => phase === 'retrying' && clean), [], 'no retrying state without its error');
	assert.deepEqual(seen.at(-1), ['live', true]);
	await r.close();
});

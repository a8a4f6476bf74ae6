import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HOUR, SECOND} from '../source/domain/units.js';
import {Poller, type FetchStatistics} from '../source/polling/poller.js';
import {SeriesStore} from '../source/series/store.js';
import {FakeClock} from './helpers/fake-clock.js';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

test('a batch of changes is told once, at its end; nested batches at the outer end; a batch that changes nothing is not told', () => {
	const store = new SeriesStore({window: HOUR, now: () => T0});
	let calls = 0;
	store.subscribe(() => calls++);
	store.batch(() => {
		store.addTask('a');
		store.addTask('b');
		store.batch(() => {
			store.setStatus('a', {phase: 'retrying'});
		});
		assert.equal(calls, 0, 'not within the batch');
		store.setStatus('b', {phase: 'retrying'});
	});
	assert.equal(calls, 1);
	assert.deepEqual(
		store.getSnapshot().tasks.map(task => task.status.phase),
		['retrying', 'retrying'],
	);
	store.batch(() => {
		store.setStatus('a', {phase: 'retrying'});
	});
	assert.equal(calls, 1, 'nothing changed');
	assert.throws(() =>
		store.batch(() => {
			store.setStatus('a', {phase: 'live'});
			throw new Error('mid-way');
		}),
	);
	assert.equal(calls, 2, 'what changed before the throw is told');
});

/** 50 tasks polled at 30 s on a fake clock, each answered by `fetchStatistics`. */
function pollerOfFifty(fetchStatistics: FetchStatistics): {clock: FakeClock; store: SeriesStore; poller: Poller} {
	const clock = new FakeClock(T0);
	const store = new SeriesStore({window: HOUR, now: clock.now});
	for (let index = 0; index < 50; index++) {
		store.addTask(`task-${index}`);
	}

	return {clock, store, poller: new Poller({store, clock, interval: 30 * SECOND, fetchStatistics})};
}

test('pausing and resuming are one change each, whatever the number of tasks', async () => {
	// Answers only when stopped: the poller's own changes of status are under test.
	const {store, poller} = pollerOfFifty(async (_taskId, _start, _end, signal) =>
		new Promise((_resolve, reject) => {
			signal?.addEventListener('abort', () => reject(new Error('stopped')));
		}));
	poller.start();
	let calls = 0;
	store.subscribe(() => calls++);
	poller.pause();
	assert.equal(calls, 1, 'pause');
	assert.ok(store.getSnapshot().tasks.every(task => task.status.phase === 'paused'));
	poller.resume();
	assert.equal(calls, 2, 'resume');
	assert.ok(store.getSnapshot().tasks.every(task => task.status.phase === 'loading'));
	await poller.stop();
});

test('bringing polled tasks on screen moves their next polls as one change', async () => {
	const {clock, store, poller} = pollerOfFifty(async (taskId, start, end) => ({
		taskId,
		granularity: 'FIVE_MINUTES',
		start,
		end,
		serverTime: undefined,
		series: {REQUEST: [], SUCCESS: [], FAILURE: [], SKIP: [], SIZE: []},
	}));
	poller.start();
	await poller.idle();
	// Every task off screen, and polled once more: each is next due on the 5-minute cadence.
	poller.setVisible([]);
	await clock.runUntil(clock.now() + 31 * SECOND, async () => poller.idle());
	const next = new Map(store.getSnapshot().tasks.map(task => [task.taskId, task.status.nextPollAt!]));
	const polledAt = (taskId: string): number => store.task(taskId)!.status.lastSuccessAt!;
	assert.ok(next.get('task-3')! > polledAt('task-3') + 30 * SECOND, 'off screen: due later than the interval');
	let calls = 0;
	store.subscribe(() => calls++);
	poller.setVisible(['task-3', 'task-4']);
	assert.equal(calls, 1, 'two tasks moved, one change');
	for (const taskId of ['task-3', 'task-4']) {
		assert.equal(store.task(taskId)!.status.nextPollAt, Math.max(clock.now(), polledAt(taskId) + 30 * SECOND), `${taskId} on screen: due at the interval after its last poll`);
	}

	assert.ok(
		store.getSnapshot().tasks.every(task => task.taskId === 'task-3' || task.taskId === 'task-4' || task.status.nextPollAt === next.get(task.taskId)),
		'the others keep their time',
	);
	await poller.stop();
});

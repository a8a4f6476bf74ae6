import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HOUR, SECOND} from '../source/domain/units.js';
import {Poller} from '../source/polling/poller.js';
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

test('pausing, resuming and a new set of tasks on screen are one change each, whatever the number of tasks', async () => {
	const clock = new FakeClock(T0);
	const store = new SeriesStore({window: HOUR, now: clock.now});
	for (let index = 0; index < 50; index++) {
		store.addTask(`task-${index}`);
	}

	// Answers only when stopped: the poller's own changes of status are under test.
	const poller = new Poller({
		store,
		clock,
		interval: 30 * SECOND,
		fetchStatistics: async (_taskId, _start, _end, signal) =>
			new Promise((_resolve, reject) => {
				signal?.addEventListener('abort', () => reject(new Error('stopped')));
			}),
	});
	poller.start();
	let calls = 0;
	store.subscribe(() => calls++);
	poller.pause();
	assert.equal(calls, 1, 'pause');
	assert.ok(store.getSnapshot().tasks.every(task => task.status.phase === 'paused'));
	poller.resume();
	assert.equal(calls, 2, 'resume');
	assert.ok(store.getSnapshot().tasks.every(task => task.status.phase === 'loading'));
	poller.setVisible(['task-3', 'task-4']);
	assert.ok(calls <= 3, 'setVisible');
	await poller.stop();
});

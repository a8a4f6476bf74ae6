import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_REQUESTS_PER_SECOND} from '../source/config/config.js';
import {MINUTE, SECOND, type EpochMs} from '../source/domain/units.js';
import {OFF_SCREEN_INTERVAL} from '../source/polling/poller.js';
import {RequestBudget} from '../source/polling/request-budget.js';
import {isFailing} from '../source/series/figures.js';
import {FakeClock} from './helpers/fake-clock.js';
import {checkBudgetAtScale, PAGE, perMinute} from './helpers/budget-scale.js';
import {startRig, T0} from './helpers/rig.js';

test('the budget: a burst, then its rate, on the monotonic clock; turns in the order asked; several requests at once leave a debt', async () => {
	const clock = new FakeClock(T0);
	const budget = new RequestBudget({clock, perSecond: 2, burst: 3});
	for (let request = 0; request < 3; request++) {
		assert.ok(budget.ready());
		budget.take();
	}

	assert.equal(budget.ready(), false);
	const turns: Array<[string, number]> = [];
	const turn = (name: string, requests = 1) => () => {
		turns.push([name, clock.monotonic() - T0]);
		budget.take(requests);
	};

	budget.queue(turn('a', 3));
	budget.queue(turn('b'));
	const leave = budget.queue(turn('c'));
	budget.queue(turn('d'));
	leave();
	clock.stepWall(-60 * MINUTE);
	assert.equal(budget.ready(), false, 'a step of the wall clock frees nothing');
	await clock.runUntil(clock.now() + 10 * SECOND, async () => undefined);
	assert.deepEqual(turns, [['a', 500], ['b', 2000], ['d', 2500]], 'a took two requests more than its turn: b waits them out');
	assert.ok(budget.ready());
	assert.equal(budget.taken, 8);
	assert.equal(clock.pending, 0);
});

test(`10 tasks, ${PAGE} rows on screen at the 30 s default: every minute within the budget, on screen polled each 30 s, the rest each 5 minutes`, async () => {
	await checkBudgetAtScale(10);
});

// The split between tasks on screen and off it, at a fifth of the cost of a full page: each
// task on screen costs 70 polls over the 35 minutes, one off screen 7. The 150- and
// 1,000-task cases, with a full page, are in the long suite (test/long/request-budget-scale.test.ts).
test('20 tasks, 5 rows on screen at the 30 s default: every minute within the budget, on screen polled each 30 s, the rest each 5 minutes', async () => {
	await checkBudgetAtScale(20, 5);
});

test('a task off screen that starts failing is seen within one 5-minute bucket', async () => {
	const r = await startRig({simulator: {extraTasks: 145}, budget: DEFAULT_REQUESTS_PER_SECOND, interval: 30 * SECOND});
	try {
		const failing = r.simulator.tasks.find(task => task.profile.name === 'failing' && task.status === 'STOPPED');
		assert.ok(failing, 'the seeded project has a stopped task with a failing profile');
		r.poller.setVisible(r.taskIds.filter(taskId => taskId !== failing.id).slice(0, PAGE));
		await r.run(10 * MINUTE);
		assert.equal(isFailing(r.store.task(failing.id)?.figures, 0.01), false);
		r.simulator.setTaskStatus(failing.id, 'SYNCHRONIZING');
		const started = r.clock.now();
		// When the server's data first holds a failure: no poll can see one before.
		let onServer: EpochMs | undefined;
		while (!isFailing(r.store.task(failing.id)?.figures, 0.01) && r.clock.now() - started < 20 * MINUTE) {
			await r.run(5 * SECOND);
			const failures = r.simulator.statistics(failing.id, started - 5 * MINUTE, r.clock.now()).series.FAILURE;
			if (onServer === undefined && failures.some(([, count]) => count > 0n)) {
				onServer = r.clock.now();
			}
		}

		assert.ok(onServer !== undefined);
		const seenAfter = r.clock.now() - onServer;
		assert.ok(seenAfter <= OFF_SCREEN_INTERVAL, `seen ${seenAfter / SECOND} s after the server had it`);
		assert.ok(r.clock.now() - started > OFF_SCREEN_INTERVAL / 2, 'seen by a poll off screen, not at once');
	} finally {
		await r.close();
	}
});

test('list and details calls take from the budget too: at 1 request a second, 150 tasks are found and polled at that pace', async () => {
	const r = await startRig({simulator: {extraTasks: 145}, discover: false, budget: 1, interval: 30 * SECOND});
	try {
		const before = r.simulator.requests.length;
		const takenBefore = r.budget!.taken;
		// Its round waits for the budget, which only the clock's moving ends.
		void r.discovery.refresh();
		const from = r.clock.now();
		const minutes = await perMinute(r, 10);
		for (const minute of minutes) {
			assert.ok(minute.all <= 62, `${minute.all} requests in a minute at 1/s`);
		}

		const sent = r.simulator.requests.length - before;
		assert.equal(r.budget!.taken - takenBefore, sent, 'every request sent, polls, listings and details, took from the budget');
		const listed = r.simulator.requests.slice(before).filter(record => record.path.endsWith('/sync-tasks'));
		const shown = r.simulator.requests.slice(before).filter(record => /\/sync-tasks\/[^/]+$/.test(record.path));
		assert.ok(listed.length >= 2 && shown.length > 100, `${listed.length} list calls, ${shown.length} show calls`);
		assert.ok(r.clock.now() - from >= 10 * MINUTE);
	} finally {
		await r.close();
	}
});

import assert from 'node:assert/strict';
import {DEFAULT_REQUESTS_PER_SECOND} from '../../source/config/config.js';
import {MINUTE, SECOND, type EpochMs, type TaskId} from '../../source/domain/units.js';
import type {RequestRecord} from '../../source/simulator/index.js';
import {startRig, type Rig} from './rig.js';

/** Rows of tasks on the overview of a 120×40 terminal. */
export const PAGE = 34;

/** The requests the simulator saw in [from, to) of its (the fake) clock, by kind. */
function requestsIn(log: readonly RequestRecord[], from: EpochMs, to: EpochMs): {all: number; statistics: Map<TaskId, number>} {
	const statistics = new Map<TaskId, number>();
	let all = 0;
	for (let index = log.length - 1; index >= 0 && log[index]!.at >= from; index--) {
		const record = log[index]!;
		if (record.at < to) {
			all++;
			const taskId = /\/sync-tasks\/([^/]+)\/statistics$/.exec(record.path)?.[1];
			if (taskId !== undefined) {
				statistics.set(taskId, (statistics.get(taskId) ?? 0) + 1);
			}
		}
	}

	return {all, statistics};
}

/** Runs the rig minute by minute, counting what the simulator received in each. */
export async function perMinute(r: Rig, minutes: number): Promise<Array<ReturnType<typeof requestsIn>>> {
	const counts = [];
	for (let minute = 0; minute < minutes; minute++) {
		const from = r.clock.now();
		await r.run(MINUTE);
		counts.push(requestsIn(r.simulator.requests, from, r.clock.now()));
	}

	return counts;
}

/**
 * The budget at scale: `tasks` tasks, `page` of them on screen, at the 30 s default: every
 * minute within the budget, on screen polled each 30 s, the rest each 5 minutes.
 */
export async function checkBudgetAtScale(tasks: number, page = PAGE): Promise<void> {
	const r = await startRig({simulator: {extraTasks: tasks - 5}, discover: true, budget: DEFAULT_REQUESTS_PER_SECOND, interval: 30 * SECOND});
	try {
		const shown = r.store.taskIds().slice(0, page);
		r.poller.setVisible(shown);
		// Past the backfill of every task and the first round of details.
		await r.run(20 * MINUTE);
		const minutes = await perMinute(r, 15);
		const limit = DEFAULT_REQUESTS_PER_SECOND * 60 + 2 * DEFAULT_REQUESTS_PER_SECOND;
		const busiest = Math.max(...minutes.map(minute => minute.all));
		assert.ok(busiest <= limit, `busiest minute ${busiest} requests, the budget allows ${limit}`);
		const total = (taskId: TaskId): number => minutes.reduce((sum, minute) => sum + (minute.statistics.get(taskId) ?? 0), 0);
		for (const taskId of shown) {
			assert.ok(total(taskId) >= 29 && total(taskId) <= 31, `on screen: ${total(taskId)} polls in 15 minutes`);
		}

		for (const taskId of r.store.taskIds().slice(page)) {
			// 3, or 4 when the budget moved a poll across the start or end of the 15 minutes.
			assert.ok(total(taskId) >= 3 && total(taskId) <= 4, `off screen: ${total(taskId)} polls in 15 minutes`);
		}

		const perSecond = minutes.reduce((sum, minute) => sum + minute.all, 0) / (15 * 60);
		const expected = (Math.min(tasks, page) * 2 + Math.max(0, tasks - page) / 5) / 60;
		assert.ok(perSecond >= expected, `${perSecond.toFixed(2)}/s, at least the polls' ${expected.toFixed(2)}/s`);
		assert.ok(perSecond <= DEFAULT_REQUESTS_PER_SECOND, `${perSecond.toFixed(2)}/s`);
	} finally {
		await r.close();
	}
}

import {DEFAULT_REQUESTS_PER_SECOND} from '../source/config/config.js';
import {MINUTE, SECOND} from '../source/domain/units.js';
import {startRig} from '../test/helpers/rig.js';
import type {Figure} from './helpers/stats.js';

/** Rows of tasks on the overview of a 120×40 terminal. */
const PAGE = 34;
const TASK_COUNTS = [10, 150, 1000] as const;

/** Requests per second in each simulated minute, after a warm-up, over the simulator's log. */
async function rates(tasks: number, budgeted: boolean): Promise<number[]> {
	const r = await startRig({
		simulator: {extraTasks: tasks - 5},
		discover: true,
		interval: 30 * SECOND,
		...(budgeted ? {budget: DEFAULT_REQUESTS_PER_SECOND} : {}),
	});
	try {
		if (budgeted) {
			r.poller.setVisible(r.store.taskIds().slice(0, PAGE));
		}

		// Past every task's backfill and the first round of details (200 s for 1,000 tasks at the budget).
		await r.run((budgeted ? 20 : 5) * MINUTE);
		const perMinute: number[] = [];
		for (let minute = 0; minute < (budgeted ? 15 : 5); minute++) {
			const from = r.clock.now();
			await r.run(MINUTE);
			perMinute.push(r.simulator.requests.filter(record => record.at >= from && record.at < r.clock.now()).length / 60);
		}

		return perMinute;
	} finally {
		await r.close();
	}
}

/**
 * 10. Requests per second at 10, 150 and 1,000 tasks, at the 30 s default with 34 rows on
 * screen, under the default budget, over simulated minutes (fake clock, real HTTP to the
 * simulator); the baseline is the same project polled as before the budget: every task at
 * the interval, no budget.
 */
export async function measureBudget(): Promise<Figure[]> {
	const figures: Figure[] = [];
	for (const tasks of TASK_COUNTS) {
		const after = await rates(tasks, true);
		const before = await rates(tasks, false);
		const baseline = before.reduce((sum, rate) => sum + rate, 0) / before.length;
		figures.push(
			{name: `budget.requests.${tasks}-tasks.30s`, unit: '/s', samples: after, per: 'minutes', ratio: {samples: after.map(rate => rate / baseline), of: 'every task at the interval, no budget'}},
			{name: `budget.requests.${tasks}-tasks.30s.baseline`, unit: '/s', samples: before, per: 'minutes'},
		);
	}

	return figures;
}

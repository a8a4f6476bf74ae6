import {test} from 'node:test';
import {checkBudgetAtScale, PAGE} from '../helpers/budget-scale.js';

// The large cases of test/request-budget.test.ts (about 6 s and 30 s), so in the long suite;
// the default suite checks the same split with 20 tasks and 5 rows on screen.
for (const tasks of [150, 1000]) {
	test(`${tasks} tasks, ${PAGE} rows on screen at the 30 s default: every minute within the budget, on screen polled each 30 s, the rest each 5 minutes`, async () => {
		await checkBudgetAtScale(tasks);
	});
}

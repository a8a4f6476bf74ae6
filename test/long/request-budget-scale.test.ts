import {test} from 'node:test';
import {checkBudgetAtScale, PAGE} from '../helpers/budget-scale.js';

// The 1,000-task case of test/request-budget.test.ts: about 30 s, so in the long suite.
test(`1000 tasks, ${PAGE} rows on screen at the 30 s default: every minute within the budget, on screen polled each 30 s, the rest each 5 minutes`, async () => {
	await checkBudgetAtScale(1000);
});

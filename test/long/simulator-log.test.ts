import {test} from 'node:test';
import {checkRequestLog} from '../helpers/request-log.js';

// From test/simulator.test.ts, which checks the same trimming with a limit of 200: the
// default limit takes 10,100 requests over real HTTP (about 3 s).
test('the request log keeps the last 10,000 requests', async () => {
	await checkRequestLog();
});

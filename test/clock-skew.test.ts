import assert from 'node:assert/strict';
import {test} from 'node:test';
import {OmstopError} from '../source/domain/errors.js';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator} from '../source/simulator/index.js';
import {clientFor} from './helpers/connect.js';
import {T0} from './helpers/rig.js';

const SKEW = 20 * MINUTE;

test('AK/SK with a local clock 20 minutes behind the server: one refused signature, then requests dated by the server clock pass', async () => {
	const simulator = await startSimulator({now: () => T0 + SKEW});
	const client = clientFor(simulator, {
		now: () => T0,
		credentials: {kind: 'aksk', pair: {accessKey: simulator.accessKey, secretKey: simulator.secretKey}, source: 'test'},
	});
	try {
		const answer = await client.statistics(SEEDED_TASK_IDS.steady, T0 + SKEW - HOUR, T0 + SKEW);
		assert.equal(answer.granularity, 'FIVE_MINUTES');
		assert.deepEqual(
			simulator.requests.map(request => request.status),
			[401, 200],
			'the first, dated by this machine, refused; the second, dated by the server, answered',
		);
		assert.equal(client.serverClock.offset, SKEW + 500, 'the offset read from the Date header (to the half second)');
		await client.statistics(SEEDED_TASK_IDS.steady, T0 + SKEW - HOUR, T0 + SKEW);
		assert.equal(simulator.requests.at(-1)?.status, 200, 'no refusal once the server clock is known');
	} finally {
		await client.close();
		await simulator.close();
	}
});

test('a refused AK/SK signature with a far clock says so, not only that the keys are wrong', async () => {
	const simulator = await startSimulator({now: () => T0 + SKEW});
	const client = clientFor(simulator, {
		now: () => T0,
		credentials: {kind: 'aksk', pair: {accessKey: simulator.accessKey, secretKey: 'WRONG-SECRET-0000000000000000000000000000'}, source: 'test'},
	});
	try {
		await assert.rejects(client.statistics(SEEDED_TASK_IDS.steady, T0, T0 + SKEW), (error: unknown) => {
			assert.ok(error instanceof OmstopError);
			assert.equal(error.code, 'unauthorized');
			assert.match(error.message, /server clock 20 min ahead of this machine's/);
			assert.match(error.hint, /NTP/);
			return true;
		});
		assert.equal(simulator.requests.length, 2, 'one try dated by each clock, no more (five bad signatures lock the key)');
	} finally {
		await client.close();
		await simulator.close();
	}
});

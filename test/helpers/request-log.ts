import assert from 'node:assert/strict';
import {startSimulator} from '../../source/simulator/index.js';
import {T0} from './rig.js';

/**
 * The simulator's request log past its limit (10,000 by default): a hundred requests more
 * than it keeps, a hundred at a time; it keeps the newest, exactly as many as its limit.
 */
export async function checkRequestLog(logLimit?: number): Promise<void> {
	const simulator = await startSimulator({now: () => T0, ...(logLimit === undefined ? {} : {logLimit})});
	const kept = logLimit ?? 10_000;
	try {
		for (let batch = 0; batch < kept / 100 + 1; batch++) {
			await Promise.all(
				Array.from({length: 100}, async (_, index) => {
					await (await fetch(`${simulator.url}/nothing?n=${batch * 100 + index}`)).arrayBuffer();
				}),
			);
		}

		assert.equal(simulator.requests.length, kept);
		const numbers = simulator.requests.map(request => Number(request.query.slice(2)));
		assert.equal(Math.min(...numbers), 100, 'the oldest hundred were dropped');
	} finally {
		await simulator.close();
	}
}

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {parseJson} from '../source/client/json.js';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {SECOND} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {startCli} from './helpers/run-cli.js';

type Document = {
	generated_at: bigint;
	window: {start_time: bigint; end_time: bigint};
	tasks: Array<{sync_task_id: string; totals: Record<string, bigint> | null; error: {status: bigint | null; error_code: string} | null}>;
};

// The simulator's traffic stands still at T0, so that every poll of a cycle sees the same truth.
let simulator: Simulator;
let env: Record<string, string>;

before(async () => {
	simulator = await startSimulator({now: () => T0});
	env = {OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId};
});

after(async () => {
	await simulator.close();
});

test('omstop --json prints one document per poll cycle, one per line, with the --once schema, until SIGTERM', async () => {
	const clock = new FakeClock(T0);
	const interval = 30 * SECOND;
	const ids = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty, 'missing-task'];
	const run = startCli(['--json', '--interval', '30s', ...ids], env, clock.now, {clock});
	await run.lines(1);
	for (let cycle = 1; cycle <= 3; cycle++) {
		// The polls of the cycle start at their slots; the document follows the last answer.
		await clock.runUntil(T0 + cycle * interval, async () => undefined);
		await run.lines(cycle + 1);
	}

	process.emit('SIGTERM');
	assert.equal(await run.done, 128 + 15, run.stderr());
	const lines = run.stdout().trim().split('\n');
	assert.equal(lines.length, 4, 'one document per cycle, nothing printed between cycles');
	let previous = -1n;
	for (const line of lines) {
		const document = parseJson(line) as Document;
		assert.ok(document.generated_at > previous);
		previous = document.generated_at;
		assert.equal(document.window.end_time, document.generated_at);
		assert.deepEqual(
			document.tasks.map(task => task.sync_task_id),
			ids,
		);
		for (const task of document.tasks.slice(0, 2)) {
			assert.equal(task.error, null);
			const truth = simulator.statistics(task.sync_task_id, Number(document.window.start_time), T0);
			for (const type of DATA_TYPES) {
				assert.equal(task.totals![type], truth.series[type].reduce((sum, [, value]) => sum + value, 0n), `${task.sync_task_id} ${type}`);
			}
		}

		// The missing task waits 15 minutes before its next try; the cycles do not wait for it.
		assert.equal(document.tasks[2]!.totals, null);
		assert.equal(document.tasks[2]!.error!.status, 404n);
	}
});

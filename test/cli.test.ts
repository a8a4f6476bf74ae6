import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {after, before, test} from 'node:test';
import {parseJson} from '../source/client/json.js';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {runCli} from './helpers/run-cli.js';

const NOW = Date.UTC(2026, 10, 24, 14, 3, 20);
const now = (): number => NOW;
let simulator: Simulator;
let env: Record<string, string>;

before(async () => {
	simulator = await startSimulator({now});
	env = {OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId};
});

after(async () => {
	await simulator.close();
});

type JsonTask = {
	sync_task_id: string;
	statistic_time_type: string | null;
	totals: Record<string, bigint> | null;
	failure_rate: number | null;
	series: Record<string, Array<[bigint, bigint]>> | null;
	error: {status: bigint | null; error_code: string; error_msg: string} | null;
};

test('--help and --version', async () => {
	const help = await runCli(['--help'], {}, now);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /--once/);
	assert.match(help.stdout, /Exit codes/);
	const version = await runCli(['--version'], {}, now);
	assert.equal(version.code, 0);
	assert.match(version.stdout, /^omstop \d+\.\d+\.\d+/);
});

const usageCases: Array<[string, string[], Record<string, string>, RegExp]> = [
	['no endpoint', ['--once', 'x'], {}, /--region|OMS_REGION/],
	['a secret as a flag', ['--token', 'abc', '--once'], {}, /OMS_AUTH_TOKEN|--token-file/],
	['a secret as --sk=', ['--sk=abc'], {}, /ps and in shell history/],
	['an interval under 5s', ['--interval', '1s', '--demo'], {}, /5s/],
	['a window that is not a duration', ['--window', 'six', '--demo'], {}, /30m, 6h/],
	['a demo with too many tasks', ['--demo-tasks', '5000'], {}, /--demo-tasks 150/],
	['a stall span past the hour held', ['--stall-after', '2h', '--demo'], {}, /10m to 60m/],
	['an unknown flag', ['--frobnicate'], {}, /--help/],
	['a bad endpoint', ['--endpoint', 'not a url', '--once', 'x'], {}, /not a URL/],
	['a bad failure threshold', ['--failure-threshold', 'lots', '--demo'], {}, /percentage/],
	['serve with --json', ['serve', '--json', '--demo'], {}, /omstop --json for a JSON stream/],
	['no credentials', ['--once', 'x'], {OMS_REGION: 'cn-north-4'}, /OMS_AUTH_TOKEN/],
	['AK without SK', ['--once', 'x'], {OMS_REGION: 'cn-north-4', HUAWEICLOUD_SDK_AK: 'AKAKAKAK'}, /HUAWEICLOUD_SDK_SK/],
	['no project id, and IAM does not answer', ['--once', 'x'], {OMS_REGION: 'cn-north-4', OMS_AUTH_TOKEN: 'tok-12345', OMSTOP_IAM_URL_FOR_TESTS: 'http://127.0.0.1:9'}, /--project-id/],
	['no project id, and no region to look it up for', ['--once', 'x'], {OMS_ENDPOINT: 'http://127.0.0.1:9', OMS_AUTH_TOKEN: 'tok-12345'}, /--project-id/],
];

for (const [name, argv, environment, hint] of usageCases) {
	test(`usage error exits 2: ${name}`, async () => {
		const run = await runCli(argv, environment, now);
		assert.equal(run.code, 2, run.stderr);
		assert.match(run.stderr, hint);
		assert.equal(run.stdout, '');
		assert.ok(!run.stderr.includes('tok-12345'));
	});
}

test('a region outside the sync-task regions is a warning, not a refusal', async () => {
	const run = await runCli(['--region', 'af-south-1', '--once', 'x'], {}, now);
	assert.match(run.stderr, /offered only in cn-north-4, cn-east-3, cn-southwest-2/);
});

test('--once --json prints the documented shape with totals equal to what the server holds', async () => {
	const tasks = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet, SEEDED_TASK_IDS.bulk];
	const run = await runCli(['--once', '--json', '--window', '7d', ...tasks], env, now);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stderr, /credentials from environment variable OMS_AUTH_TOKEN/);
	const document = parseJson(run.stdout) as {generated_at: bigint; window: {start_time: bigint; end_time: bigint}; tasks: JsonTask[]};
	assert.equal(document.generated_at, BigInt(NOW));
	assert.equal(document.window.end_time, BigInt(NOW));
	assert.deepEqual(
		document.tasks.map(task => task.sync_task_id),
		tasks,
	);
	for (const task of document.tasks) {
		const truth = simulator.statistics(task.sync_task_id, Number(document.window.start_time), NOW);
		assert.equal(task.statistic_time_type, truth.granularity);
		assert.equal(task.error, null);
		for (const type of DATA_TYPES) {
			const expected = truth.series[type].reduce((sum, [, value]) => sum + value, 0n);
			assert.equal(task.totals![type], expected, `${task.sync_task_id} ${type}`);
			const served = (task.series![type] ?? []).reduce((sum, [, value]) => sum + value, 0n);
			assert.equal(served, expected);
		}

		const {FAILURE, SUCCESS, SKIP} = task.totals!;
		const finished = FAILURE! + SUCCESS! + SKIP!;
		assert.equal(task.failure_rate, finished === 0n ? null : Number(FAILURE) / Number(finished));
	}

	// The bulk task holds 2^63−1 in one bucket: it comes out exactly, as a JSON integer.
	assert.match(run.stdout, /9223372036854775807/);
});

test('--once: a failing task exits 1, says why, and the others are still printed', async () => {
	const run = await runCli(['--once', '--json', SEEDED_TASK_IDS.steady, 'missing-task'], env, now);
	assert.equal(run.code, 1);
	const document = parseJson(run.stdout) as {tasks: JsonTask[]};
	assert.equal(document.tasks[0]!.error, null);
	assert.ok(document.tasks[0]!.totals !== null);
	assert.equal(document.tasks[1]!.error!.status, 404n);
	assert.equal(document.tasks[1]!.error!.error_code, 'OMS.1009');

	const text = await runCli(['--once', SEEDED_TASK_IDS.steady, 'missing-task'], env, now);
	assert.equal(text.code, 1);
	assert.match(text.stdout, /Requested/);
	assert.match(text.stdout, /not found/);
	assert.doesNotMatch(text.stdout, /\u001B/);
});

test('no secret reaches any output, on success or on any error', async () => {
	const secretKey = 'TOPSECRETSK000000000000000000000000000000';
	const token = 'TOPSECRETTOKEN-abcdef';
	const runs = [
		await runCli(['--once', SEEDED_TASK_IDS.steady], {...env, OMS_AUTH_TOKEN: token}, now),
		await runCli(['--once', '--json', SEEDED_TASK_IDS.steady], {...env, OMS_AUTH_TOKEN: token}, now),
		await runCli(['--once', SEEDED_TASK_IDS.steady], {...env, OMS_AUTH_TOKEN: '', HUAWEICLOUD_SDK_AK: 'SOMEACCESSKEY', HUAWEICLOUD_SDK_SK: secretKey}, now),
		await runCli(['--once', '--json', SEEDED_TASK_IDS.steady], {...env, OMS_AUTH_TOKEN: '', HUAWEICLOUD_SDK_AK: simulator.accessKey, HUAWEICLOUD_SDK_SK: secretKey}, now),
		await runCli(['--once'], {OMS_ENDPOINT: 'http://127.0.0.1:9', OMS_AUTH_TOKEN: token, HUAWEICLOUD_SDK_PROJECT_ID: 'p'}, now),
	];
	for (const run of runs) {
		assert.equal(run.code === 1 || run.code === 2, true, run.stderr);
		const output = run.stdout + run.stderr;
		assert.ok(!output.includes(token) && !output.includes(secretKey), output);
	}

	assert.match(runs[2]!.stderr, /HUAWEICLOUD_SDK_AK\/HUAWEICLOUD_SDK_SK/);
	assert.match(runs[2]!.stdout + runs[3]!.stdout, /credentials rejected/);
});

test('with stdout not a terminal the monitor prints plain lines and ends on SIGTERM with 143', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', '--demo', '--interval', '5s', SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty], {
		env: {...process.env, NO_COLOR: ''},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
	});
	await new Promise<void>(resolve => {
		child.stdout.on('data', () => {
			if (stdout.split('\n').length > 2) {
				resolve();
			}
		});
	});
	child.kill('SIGTERM');
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	assert.equal(code, 128 + 15, 'ended by SIGTERM, as the shell reports it');
	const lines = stdout.trim().split('\n');
	assert.ok(lines.length >= 2);
	assert.match(lines[0]!, /live window=6h requested=[\d,]+ succeeded=/);
	assert.doesNotMatch(stdout, /\u001B/);
});

test('when the reader of its lines goes away (| head), the monitor ends as a closed pipe does: 141, no crash report', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', '--demo', '--interval', '5s'], {
		env: {...process.env, NO_COLOR: ''},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	await new Promise<void>(resolve => {
		child.stdout.once('data', () => {
			resolve();
		});
	});
	child.stdout.destroy();
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	assert.equal(code, 141, stderr);
	assert.doesNotMatch(stderr, /unexpected error/);
});

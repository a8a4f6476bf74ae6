import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, test} from 'node:test';
import {parseJson} from '../source/client/json.js';
import {SECOND} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {parseExposition, sampleOf} from './helpers/exposition.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {runCli, startCli} from './helpers/run-cli.js';

/** Two projects, each behind its own simulator with its own token: "live" and "broken". */
let live: Simulator;
let broken: Simulator;
let directory: string;
let configPath: string;
const env = (): Record<string, string> => ({LIVE_TOKEN: live.token, BROKEN_TOKEN: broken.token});
const TASKS = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty];

type Document = {tasks: Array<{context?: string; sync_task_id: string; totals: Record<string, bigint> | null; error: {status: bigint | null; error_code: string} | null}>};

before(async () => {
	live = await startSimulator({now: () => T0});
	broken = await startSimulator({now: () => T0});
	directory = await mkdtemp(join(tmpdir(), 'omstop-contexts-'));
	configPath = join(directory, 'config.toml');
	const context = (name: string, simulator: Simulator, variable: string): string =>
		`[contexts.${name}]\nendpoint = "${simulator.url}"\nproject_id = "${simulator.projectId}"\ntask_ids = ${JSON.stringify(TASKS)}\ncolor = "red"\n[contexts.${name}.credentials]\ntoken_env = "${variable}"\n`;
	await writeFile(configPath, `default = "live"\n${context('live', live, 'LIVE_TOKEN')}${context('broken', broken, 'BROKEN_TOKEN')}`);
});

afterEach(() => {
	broken.clearFaults();
});

after(async () => {
	await live.close();
	await broken.close();
	await rm(directory, {recursive: true, force: true});
});

test('--once --json over two contexts: every task carries its context; one answering 500 does not keep the other from its figures', async () => {
	const both = await runCli(['--config', configPath, '--all-contexts', '--once', '--json'], env(), () => T0);
	assert.equal(both.code, 0, both.stderr);
	const document = parseJson(both.stdout) as Document;
	assert.deepEqual(document.tasks.map(task => `${task.context} ${task.sync_task_id}`), [...TASKS.map(id => `live ${id}`), ...TASKS.map(id => `broken ${id}`)]);

	broken.setFault({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: 'down'});
	const run = await runCli(['--config', configPath, '--all-contexts', '--once', '--json'], env(), () => T0);
	assert.equal(run.code, 1, 'some task could not be fetched');
	const tasks = (parseJson(run.stdout) as Document).tasks;
	for (const task of tasks) {
		assert.ok(task.context === 'live' ? task.totals !== null && task.error === null : task.totals === null && task.error?.status === 500n, `${task.context} ${task.sync_task_id}`);
	}

	const chosen = await runCli(['--config', configPath, '--context', 'live', '--once', '--json'], env(), () => T0);
	assert.deepEqual((parseJson(chosen.stdout) as Document).tasks.map(task => task.context), ['live', 'live']);
	const byDefault = await runCli(['--config', configPath, '--once', '--json'], env(), () => T0);
	assert.deepEqual((parseJson(byDefault.stdout) as Document).tasks.map(task => task.context), ['live', 'live'], 'the default context');
});

test('the JSON stream over two contexts: the context refused with 401 is held while the other stays live, cycle after cycle', async () => {
	broken.setFault({kind: 'expired-token'});
	const clock = new FakeClock(T0);
	const run = startCli(['--config', configPath, '--all-contexts', '--json', '--interval', '30s'], env(), clock.now, {clock});
	await run.lines(1);
	for (let cycle = 1; cycle <= 2; cycle++) {
		await clock.runUntil(T0 + cycle * 30 * SECOND, async () => undefined);
		await run.lines(cycle + 1);
	}

	process.emit('SIGTERM');
	assert.equal(await run.done, 128 + 15, run.stderr());
	const documents = run.stdout().trim().split('\n').map(line => parseJson(line) as Document);
	assert.ok(documents.length >= 3);
	for (const document of documents) {
		assert.deepEqual(document.tasks.map(task => task.context).sort(), ['broken', 'broken', 'live', 'live']);
		for (const task of document.tasks) {
			if (task.context === 'live') {
				assert.ok(task.totals !== null && task.error === null, 'the live context keeps polling');
			} else {
				assert.equal(task.error?.status, 401n);
			}
		}
	}

	assert.match(run.stderr(), /omstop: live: using credentials from environment variable LIVE_TOKEN/);
	assert.ok(!run.stderr().includes(live.token) && !run.stdout().includes(broken.token), 'no token in any output');
});

test('omstop serve with two contexts: metrics of both, omstop_up 1 for the live one and 0 for the one answering 500', async () => {
	broken.setFault({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: 'down'});
	const clock = new FakeClock(T0);
	let listening: (url: string) => void = () => undefined;
	const bound = new Promise<string>(resolve => {
		listening = resolve;
	});
	const run = startCli(['serve', '--listen', '127.0.0.1:0', '--config', configPath, '--all-contexts'], env(), clock.now, {clock, onListening: listening});
	const url = await Promise.race([bound, run.done.then(code => Promise.reject(new Error(`exited ${code}: ${run.stderr()}`)))]);
	const deadline = Date.now() + 30 * SECOND;
	let samples = parseExposition(await (await fetch(`${url}/metrics`)).text());
	while (!(sampleOf(samples, 'omstop_up', {context: 'live'}) === 1 && samples.some(sample => sample.name === 'omstop_poll_errors_total' && sample.labels['context'] === 'broken' && sample.value > 0))) {
		assert.ok(Date.now() < deadline, 'serve never showed both contexts');
		await new Promise(resolve => setTimeout(resolve, 20));
		samples = parseExposition(await (await fetch(`${url}/metrics`)).text());
	}

	assert.equal(sampleOf(samples, 'omstop_up', {context: 'broken'}), 0);
	assert.equal(sampleOf(samples, 'omstop_poll_errors_total', {context: 'broken', code: 'server'}), 2);
	for (const taskId of TASKS) {
		assert.equal(sampleOf(samples, 'omstop_task_last_success_age_seconds', {context: 'live', task_id: taskId}), 0);
		assert.ok(!samples.some(sample => sample.name === 'omstop_task_last_success_age_seconds' && sample.labels['context'] === 'broken'));
	}

	process.emit('SIGTERM');
	assert.equal(await run.done, 128 + 15, run.stderr());
});

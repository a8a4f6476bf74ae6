import assert from 'node:assert/strict';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {SECOND} from '../../source/domain/units.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {clientFor} from '../helpers/connect.js';
import {startCli, type RunningCli} from '../helpers/run-cli.js';

/**
 * Debian's Prometheus (apt-get install prometheus; .ci/run does it) scrapes omstop serve,
 * which watches the simulator; PromQL through Prometheus's HTTP API must give the
 * simulator's truth. Prometheus scrapes in real time, so this waits for conditions with a
 * generous deadline and asserts nothing about speed.
 */

const run = promisify(execFile);
const CONTRIB = fileURLToPath(new URL('../../contrib/', import.meta.url));
const DEADLINE = 120 * SECOND;

let directory: string;
let simulator: Simulator;
let omstop: RunningCli;
let omstopUrl: string;
let prometheus: ChildProcess;
let prometheusUrl: string;
let prometheusLog = '';
// The simulator's traffic stands still, so that what omstop fetched is what the test asks for.
const frozen = Date.now();

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + DEADLINE;
	for (;;) {
		const found = await probe().catch(() => undefined);
		if (found !== undefined) {
			return found;
		}

		assert.ok(Date.now() < deadline, `gave up waiting for ${what}; prometheus said:\n${prometheusLog.slice(-2000)}`);
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}

type Vector = Array<{metric: Record<string, string>; value: [number, string]}>;

async function query(expression: string): Promise<Vector> {
	const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({query: expression})}`);
	const body = (await response.json()) as {status: string; error?: string; data: {result: Vector}};
	assert.equal(body.status, 'success', `${expression}: ${body.error}`);
	return body.data.result;
}

before(async () => {
	directory = mkdtempSync(join(tmpdir(), 'omstop-prometheus-'));
	simulator = await startSimulator({now: () => frozen, extraTasks: 5});
	let listening: (url: string) => void = () => undefined;
	const bound = new Promise<string>(resolve => {
		listening = resolve;
	});
	omstop = startCli(
		['serve', '--listen', '127.0.0.1:0', '--interval', '5s'],
		{OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId},
		Date.now,
		{onListening: listening},
	);
	omstopUrl = await Promise.race([bound, omstop.done.then(code => Promise.reject(new Error(`omstop serve exited ${code}: ${omstop.stderr()}`)))]);

	const port = await freePort();
	prometheusUrl = `http://127.0.0.1:${port}`;
	const config = join(directory, 'prometheus.yml');
	writeFileSync(
		config,
		[
			'global: {scrape_interval: 1s, evaluation_interval: 1s}',
			`rule_files: ['${join(CONTRIB, 'prometheus', 'alerts.yml')}']`,
			'scrape_configs:',
			`  - {job_name: omstop, static_configs: [{targets: ['${new URL(omstopUrl).host}']}]}`,
		].join('\n'),
	);
	prometheus = spawn(
		'prometheus',
		[`--config.file=${config}`, `--storage.tsdb.path=${join(directory, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
		{stdio: ['ignore', 'ignore', 'pipe']},
	);
	prometheus.stderr!.on('data', (chunk: Buffer) => {
		prometheusLog += chunk.toString('utf8');
	});
	await new Promise<void>((resolve, reject) => {
		prometheus.once('spawn', resolve);
		prometheus.once('error', error => {
			reject(new Error(`Cannot start prometheus (apt-get install prometheus): ${error.message}`));
		});
	});
});

after(async () => {
	if (prometheus?.exitCode === null) {
		const exited = new Promise(resolve => prometheus.once('exit', resolve));
		prometheus.kill('SIGTERM');
		await exited;
	}

	if (omstop !== undefined) {
		process.emit('SIGTERM');
		await omstop.done;
	}

	await simulator?.close();
	rmSync(directory, {recursive: true, force: true});
});

test('through Prometheus, every task\'s month counters are exactly the show call\'s', async () => {
	const taskIds = simulator.tasks.map(task => task.id);
	const client = clientFor(simulator);
	const truth = new Map<string, number[]>();
	try {
		for (const taskId of taskIds) {
			const monthly = (await client.showTask(taskId, Date.now())).monthly!;
			truth.set(taskId, [monthly.requested, monthly.succeeded, monthly.failed, monthly.skipped, monthly.bytes].map(Number));
		}
	} finally {
		await client.close();
	}

	const types = ['request', 'success', 'failure', 'skip'];
	await until('the month counters of every task in Prometheus', async () => {
		const objects = await query('omstop_task_month_objects_total');
		const bytes = await query('omstop_task_month_bytes_total');
		return objects.length === taskIds.length * types.length && bytes.length === taskIds.length ? true : undefined;
	});
	const objects = await query('omstop_task_month_objects_total');
	const bytes = await query('omstop_task_month_bytes_total');
	for (const taskId of taskIds) {
		const got = types.map(type => objects.find(sample => sample.metric['task_id'] === taskId && sample.metric['type'] === type)!.value[1]);
		got.push(bytes.find(sample => sample.metric['task_id'] === taskId)!.value[1]);
		// Prometheus holds float64: exact below 2^53, the nearest double above (the bulk task's 2^63−1).
		assert.deepEqual(got.map(Number), truth.get(taskId), taskId);
	}

	assert.equal((await query('up{job="omstop"}'))[0]!.value[1], '1');
	const up = await until('omstop_up', async () => {
		const result = await query('omstop_up');
		return result[0]?.value[1] === '1' ? result : undefined;
	});
	assert.equal(up[0]!.metric['context'], new URL(simulator.url).host);
	assert.equal((await query('count(omstop_task_info)'))[0]!.value[1], String(taskIds.length));
	assert.equal((await query('sum(omstop_task_status{status="SYNCHRONIZING"})'))[0]!.value[1], String(simulator.tasks.filter(task => task.status === 'SYNCHRONIZING').length));
});

test('promtool accepts the exposition, the alert rules and their unit tests; Prometheus loads the rules', async () => {
	const exposition = await (await fetch(`${omstopUrl}/metrics`)).text();
	const check = spawn('promtool', ['check', 'metrics'], {stdio: ['pipe', 'pipe', 'pipe']});
	let said = '';
	check.stdout.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
	check.stderr.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
	check.stdin.end(exposition);
	const code = await new Promise<number | null>(resolve => check.on('exit', resolve));
	assert.equal(code, 0, said);
	assert.equal(said.trim(), '', 'no lint complaint');

	await run('promtool', ['check', 'rules', join(CONTRIB, 'prometheus', 'alerts.yml')]);
	await run('promtool', ['test', 'rules', 'alerts.test.yml'], {cwd: join(CONTRIB, 'prometheus')});

	const rules = await until('the rules to load', async () => {
		const response = await fetch(`${prometheusUrl}/api/v1/rules`);
		const body = (await response.json()) as {data: {groups: Array<{rules: Array<{name: string; health: string}>}>}};
		const loaded = body.data.groups.flatMap(group => group.rules);
		return loaded.length > 0 && loaded.every(rule => rule.health === 'ok') ? loaded : undefined;
	});
	assert.deepEqual(
		rules.map(rule => rule.name),
		['OmsTaskFailing', 'OmsTaskStalled', 'OmstopDataStale', 'OmstopCredentialsRejected', 'OmstopApiUnreachable', 'OmstopDown'],
	);
});

test('every query of the Grafana dashboard runs in Prometheus', async () => {
	const dashboard = JSON.parse(readFileSync(join(CONTRIB, 'grafana', 'omstop.json'), 'utf8')) as {panels: Array<{title: string; targets: Array<{expr: string}>}>};
	const expressions = dashboard.panels.flatMap(panel => panel.targets.map(target => target.expr.replaceAll('$context', '.*').replaceAll('$task', '.*')));
	assert.ok(expressions.length > 10);
	for (const expression of expressions) {
		await query(expression);
	}
});

import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {after, before, test} from 'node:test';
import {readConfig} from '../source/config/config.js';
import {BUCKET_LENGTH} from '../source/domain/statistics.js';
import {HOUR, SECOND} from '../source/domain/units.js';
import {SeriesStore} from '../source/series/store.js';
import {alignDown} from '../source/series/window.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {clientFor} from './helpers/connect.js';
import {parseExposition, sampleOf, type ParsedSample} from './helpers/exposition.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {runCli, startCli, type RunningCli} from './helpers/run-cli.js';

// omstop and the simulator share a fake clock that stands at T0 unless a test moves it.
let clock: FakeClock;
let simulator: Simulator;
let env: Record<string, string>;
const HOSTILE = `\u001B]0;pwned\u0007evil\u001B[31m name ${'x'.repeat(300)}`;
let hostileId: string;

before(async () => {
	clock = new FakeClock(T0 - 2 * HOUR);
	simulator = await startSimulator({now: clock.now});
	hostileId = simulator.addTask({description: HOSTILE}).id;
	clock.set(T0);
	env = {OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId};
});

after(async () => {
	await simulator.close();
});

type Serving = {run: RunningCli; url: string};

async function serve(argv: string[]): Promise<Serving> {
	let listening: (url: string) => void = () => undefined;
	const bound = new Promise<string>(resolve => {
		listening = resolve;
	});
	const run = startCli(['serve', '--listen', '127.0.0.1:0', ...argv], env, clock.now, {clock, onListening: listening});
	const url = await Promise.race([bound, run.done.then(code => Promise.reject(new Error(`exited ${code}: ${run.stderr()}`)))]);
	return {run, url};
}

async function scrape(url: string): Promise<ParsedSample[]> {
	const response = await fetch(`${url}/metrics`);
	assert.equal(response.status, 200);
	assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
	return parseExposition(await response.text());
}

/** Scrapes until `ready` holds; real time passes only for real HTTP to finish, with a generous deadline. */
async function scrapeUntil(url: string, ready: (samples: ParsedSample[]) => boolean): Promise<ParsedSample[]> {
	const deadline = Date.now() + 30 * SECOND;
	for (;;) {
		const samples = await scrape(url);
		if (ready(samples)) {
			return samples;
		}

		assert.ok(Date.now() < deadline, 'omstop serve never showed what the test waits for');
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

async function stop(serving: Serving): Promise<void> {
	process.emit('SIGTERM');
	assert.equal(await serving.run.done, 128 + 15, serving.run.stderr());
}

test('omstop serve: every task listed, with its month counters exactly as the show call gives them, its newest complete bucket and its figures', async () => {
	const serving = await serve([]);
	const taskIds = simulator.tasks.map(task => task.id);
	const samples = await scrapeUntil(
		serving.url,
		found =>
			sampleOf(found, 'omstop_poll_phase_tasks', {phase: 'live'}) === taskIds.length &&
			found.filter(sample => sample.name === 'omstop_task_month_bytes_total').length === taskIds.length,
	);
	assert.match(serving.run.stderr(), /serving Prometheus metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
	assert.equal(sampleOf(samples, 'omstop_up', {context: new URL(simulator.url).host}), 1);
	assert.equal(sampleOf(samples, 'omstop_failure_threshold_ratio'), 0.01);

	const client = clientFor(simulator, {now: clock.now});
	const start = alignDown(T0 - 6 * HOUR, BUCKET_LENGTH.FIVE_MINUTES);
	try {
		for (const taskId of taskIds) {
			const task = {task_id: taskId, project_id: simulator.projectId};
			const truth = await client.showTask(taskId, T0);
			const monthly = truth.monthly!;
			const month = (type: string): number => sampleOf(samples, 'omstop_task_month_objects_total', {...task, type});
			assert.deepEqual(
				[month('request'), month('success'), month('failure'), month('skip'), sampleOf(samples, 'omstop_task_month_bytes_total', task)],
				[monthly.requested, monthly.succeeded, monthly.failed, monthly.skipped, monthly.bytes].map(Number),
				taskId,
			);
			assert.equal(sampleOf(samples, 'omstop_task_status', {...task, status: truth.status!}), 1);

			// The newest bucket that had ended when the poll was answered (at T0).
			const newest = alignDown(T0, BUCKET_LENGTH.FIVE_MINUTES) - BUCKET_LENGTH.FIVE_MINUTES;
			assert.equal(sampleOf(samples, 'omstop_task_last_5m_start_timestamp_seconds', task), newest / SECOND);
			const series = simulator.statistics(taskId, start, T0, 'FIVE_MINUTES').series;
			const inBucket = (points: Array<[number, bigint]>): number => Number(points.find(([time]) => time === newest)?.[1] ?? 0n);
			assert.equal(sampleOf(samples, 'omstop_task_last_5m_objects', {...task, type: 'request'}), inBucket(series.REQUEST));
			assert.equal(sampleOf(samples, 'omstop_task_last_5m_objects', {...task, type: 'failure'}), inBucket(series.FAILURE));
			assert.equal(sampleOf(samples, 'omstop_task_last_5m_bytes', task), inBucket(series.SIZE));

			// The figures the store derives from the same answer, in base units.
			const store = new SeriesStore({window: 6 * HOUR, now: clock.now});
			store.addTask(taskId);
			store.applyAnswer(await client.statistics(taskId, start, T0));
			const figures = store.task(taskId)!.figures!;
			if (figures.perMinute === undefined) {
				assert.ok(!samples.some(sample => sample.name === 'omstop_task_now_objects_per_second' && sample.labels['task_id'] === taskId));
			} else {
				assert.equal(sampleOf(samples, 'omstop_task_now_objects_per_second', {...task, type: 'success'}), figures.perMinute.SUCCESS / 60);
				assert.equal(sampleOf(samples, 'omstop_task_now_bytes_per_second', task), figures.bytesPerSecond);
			}

			if (figures.failureRateLastHour !== null) {
				assert.equal(sampleOf(samples, 'omstop_task_last_hour_failure_ratio', task), figures.failureRateLastHour);
			}

			assert.equal(sampleOf(samples, 'omstop_task_last_success_age_seconds', task), 0);
		}
	} finally {
		await client.close();
	}

	// The server's text reaches labels cleaned of escape sequences and cut short.
	const name = samples.find(sample => sample.name === 'omstop_task_info' && sample.labels['task_id'] === hostileId)!.labels['name']!;
	assert.doesNotMatch(name, /[\u0000-\u001F\u007F-\u009F]/);
	assert.ok(name.startsWith('evil name xxx'), name);
	assert.ok(Array.from(name).length <= 128);

	// Every figure is taken at scrape time: the age grows as the clock moves, with no poll in between.
	clock.set(T0 + 7 * SECOND);
	assert.equal(sampleOf(await scrape(serving.url), 'omstop_task_last_success_age_seconds', {task_id: taskIds[0]!}), 7);
	clock.set(T0);
	await stop(serving);
});

test('omstop serve counts failed polls by kind, and says when the credentials are refused', async () => {
	const serving = await serve([SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty, 'missing-task']);
	let samples = await scrapeUntil(serving.url, found => sampleOf(found, 'omstop_poll_phase_tasks', {phase: 'loading'}) === 0);
	assert.equal(sampleOf(samples, 'omstop_poll_errors_total', {code: 'not-found'}), 1);
	assert.equal(sampleOf(samples, 'omstop_poll_errors_total', {code: 'unauthorized'}), 0);
	assert.equal(sampleOf(samples, 'omstop_poll_phase_tasks', {phase: 'deleted'}), 1);
	assert.equal(sampleOf(samples, 'omstop_up'), 1);

	// The token runs out: the next poll is refused, every task is held, and omstop is no longer up.
	simulator.setFault({kind: 'expired-token'});
	await clock.runUntil(T0 + 30 * SECOND, async () => undefined);
	samples = await scrapeUntil(serving.url, found => sampleOf(found, 'omstop_poll_phase_tasks', {phase: 'credentials'}) === 3);
	assert.ok(sampleOf(samples, 'omstop_poll_errors_total', {code: 'unauthorized'}) >= 1);
	assert.equal(sampleOf(samples, 'omstop_up'), 0);
	assert.equal(sampleOf(samples, 'omstop_poll_errors_total', {code: 'not-found'}), 1, 'a counter keeps what it counted');
	simulator.clearFaults();

	const health = await fetch(`${serving.url}/healthz`);
	assert.equal(health.status, 200);
	assert.equal((await fetch(`${serving.url}/other`)).status, 404);
	assert.equal((await fetch(`${serving.url}/metrics`, {method: 'POST'})).status, 405);
	await stop(serving);
	clock.set(T0);
});

test('omstop serve: a bad or busy --listen address exits 2 and says what to do', async () => {
	const busy = createServer();
	await new Promise<void>(resolve => busy.listen(0, '127.0.0.1', resolve));
	const port = (busy.address() as {port: number}).port;
	try {
		const run = await runCli(['serve', '--listen', `127.0.0.1:${port}`, SEEDED_TASK_IDS.steady], env, clock.now);
		assert.equal(run.code, 2, run.stderr);
		assert.match(run.stderr, /in use by another program[\s\S]*--listen/);
	} finally {
		busy.close();
	}

	const cases: Array<[string[], RegExp]> = [
		[['serve', '--listen', 'everywhere'], /not an address to listen on/],
		[['serve', '--listen', '127.0.0.1:70000'], /not an address to listen on/],
		[['serve', '--once'], /does not take --once/],
		[['--listen', '9464'], /--listen goes with omstop serve/],
	];
	for (const [argv, message] of cases) {
		const run = await runCli(argv, env, clock.now);
		assert.equal(run.code, 2, argv.join(' '));
		assert.match(run.stderr, message);
	}

	assert.deepEqual(readConfig(['serve', '--demo'], {}).listen, {host: '127.0.0.1', port: 9464}, 'loopback unless told otherwise');
	assert.deepEqual(readConfig(['serve', '--demo', '--listen', '9500'], {}).listen, {host: '127.0.0.1', port: 9500});
	const wide = readConfig(['serve', '--demo', '--listen', '[::]:9464'], {});
	assert.deepEqual(wide.listen, {host: '::', port: 9464});
	assert.match(wide.warnings.join('\n'), /anyone who can reach it/);
});

import {spawn, type ChildProcess} from 'node:child_process';
import {SECOND} from '../source/domain/units.js';
import {startSimulator} from '../source/simulator/index.js';
import {parseExposition} from '../test/helpers/exposition.js';
import {CLI, omstopEnvironment} from './helpers/omstop.js';
import {cpuSeconds, residentMemory} from './helpers/probe.js';
import {sleep, type Figure} from './helpers/stats.js';

/** 1,000 tasks: the five seeded and 995 generated, in one simulator (omstop has one context per process so far). */
const TASKS = 1000;
const SCRAPES = 30;
const WATCH = 60 * SECOND;
const MB = 1024 * 1024;

async function waitForUrl(child: ChildProcess): Promise<string> {
	let said = '';
	return new Promise((resolve, reject) => {
		child.stderr!.on('data', (chunk: Buffer) => {
			said += chunk.toString('utf8');
			const url = /serving Prometheus metrics on (\S+)\/metrics/.exec(said)?.[1];
			if (url !== undefined) {
				resolve(url);
			}
		});
		child.once('exit', code => {
			reject(new Error(`omstop serve exited ${code}: ${said}`));
		});
	});
}

/**
 * 7. omstop serve watching 1,000 tasks at the default interval (30 s): the time to answer
 * /metrics once every task is polled and has its month counters, over 30 scrapes one after
 * another; then CPU over 60 s (a scrape every 15 s, as Prometheus's default) and RSS.
 */
export async function measureServe(): Promise<Figure[]> {
	const simulator = await startSimulator({extraTasks: TASKS - 5});
	const child = spawn(process.execPath, [CLI, 'serve', '--endpoint', simulator.url, '--listen', '127.0.0.1:0'], {
		env: omstopEnvironment(simulator),
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	try {
		const url = await waitForUrl(child);
		let lines = 0;
		const deadline = performance.now() + 10 * 60 * SECOND;
		for (;;) {
			const text = await (await fetch(`${url}/metrics`)).text();
			const samples = parseExposition(text);
			const live = samples.find(sample => sample.name === 'omstop_poll_phase_tasks' && sample.labels['phase'] === 'live')?.value;
			const counted = samples.filter(sample => sample.name === 'omstop_task_month_bytes_total').length;
			if (live === TASKS && counted === TASKS) {
				lines = samples.length;
				break;
			}

			if (performance.now() > deadline) {
				throw new Error(`After 10 minutes ${live} tasks live, ${counted} with month counters`);
			}

			await sleep(1000);
		}

		const scrapes: number[] = [];
		let bytes = 0;
		for (let index = 0; index < SCRAPES; index++) {
			const start = performance.now();
			const text = await (await fetch(`${url}/metrics`)).text();
			scrapes.push(performance.now() - start);
			bytes = Buffer.byteLength(text);
		}

		const pid = child.pid!;
		const cpu = cpuSeconds(pid);
		for (let elapsed = 0; elapsed < WATCH; elapsed += 15 * SECOND) {
			await sleep(15 * SECOND);
			await (await fetch(`${url}/metrics`)).text();
		}

		const percent = ((cpuSeconds(pid) - cpu) / (WATCH / SECOND)) * 100;
		const memory = residentMemory(pid);
		return [
			{name: `serve: scrape /metrics, ${TASKS} tasks (${lines} samples, ${Math.round(bytes / 1024)} KB)`, unit: 'ms', samples: scrapes, per: 'scrapes'},
			{name: `serve: CPU, ${TASKS} tasks, 30 s interval, 60 s`, unit: '%', samples: [percent]},
			{name: `serve: RSS, ${TASKS} tasks`, unit: 'MB', samples: [memory.rss / MB]},
			{name: `serve: peak RSS, ${TASKS} tasks`, unit: 'MB', samples: [memory.peak / MB]},
		];
	} finally {
		if (child.exitCode === null) {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}

		await simulator.close();
	}
}

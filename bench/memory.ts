import {spawn} from 'node:child_process';
import {DAY} from '../source/domain/units.js';
import {startSimulator} from '../source/simulator/index.js';
import {answeredTasks} from './helpers/answered.js';
import {heapProbe, MAIN_URL, startOmstop} from './helpers/omstop.js';
import {cpuSeconds, residentMemory} from './helpers/probe.js';
import {sleep, type Figure} from './helpers/stats.js';
import {filledStore} from './helpers/store.js';

const RUNS = 3;
/** Runs with the heap probe loaded: fewer, they only show what of the RSS is live. */
const PROBE_RUNS = 2;
const MB = 1024 * 1024;
const SEEDED = 5;
const CPU_WATCH = 10_000;
const TASK_COUNTS = [100, 1000] as const;
/** V8 flags that trade some speed for a smaller heap: a what-if, not how omstop runs. */
const SMALL_HEAP = ['--optimize-for-size', '--max-semi-space-size=1'];

type RunResult = {rss: number; peak: number; seconds: number; cpu: number; liveHeap: number};

/**
 * One run: omstop on the overview of every task, 7d window, default 30 s interval. Memory
 * once every task is backfilled (and, with the probe, the live heap), then 10 s of CPU.
 */
async function once(tasks: number, options: {nodeFlags?: string[]; probe?: boolean} = {}): Promise<RunResult> {
	const simulator = await startSimulator({extraTasks: tasks - SEEDED});
	const probe = options.probe === true ? heapProbe() : undefined;
	const pty = startOmstop({
		simulator,
		columns: 120,
		rows: 40,
		// At the default budget (10 a second) 1,000 tasks take about 300 s to backfill a 7d window.
		args: ['--window', '7d', '--max-requests-per-second', '100'],
		nodeFlags: [...(options.nodeFlags ?? []), ...(probe?.nodeFlags ?? [])],
		env: probe?.env ?? {},
	});
	try {
		while (answeredTasks(simulator) < tasks) {
			if (performance.now() - pty.startedAt > 120_000) {
				throw new Error(`Only ${answeredTasks(simulator)} of ${tasks} tasks were backfilled in 2 minutes`);
			}

			await sleep(100);
		}

		const seconds = (performance.now() - pty.startedAt) / 1000;
		// Let the last answers be merged and drawn.
		await sleep(2000);
		const pid = await pty.pid();
		const memory = residentMemory(pid);
		const liveHeap = probe === undefined ? Number.NaN : await probe.liveHeap(pty);
		const cpu = cpuSeconds(pid);
		await sleep(CPU_WATCH);
		return {...memory, seconds, liveHeap, cpu: ((cpuSeconds(pid) - cpu) / (CPU_WATCH / 1000)) * 100};
	} finally {
		await pty.stop();
		await simulator.close();
	}
}

/** The floor: RSS of node idling, with nothing loaded or with omstop's modules loaded (1.5 s after the start). */
async function idleRss(script: string): Promise<number> {
	const child = spawn(process.execPath, ['--input-type=module', '-e', `${script}; setTimeout(() => {}, 2500);`], {
		env: {PATH: process.env['PATH'] ?? '', NODE_ENV: 'production'},
		stdio: 'ignore',
	});
	const exited = new Promise(resolve => child.once('exit', resolve));
	await sleep(1500);
	const {rss} = residentMemory(child.pid!);
	await exited;
	return rss;
}

async function runs(count: number, run: () => Promise<RunResult>): Promise<RunResult[]> {
	// One at a time: side by side they measure each other.
	const results: RunResult[] = [];
	for (let index = 0; index < count; index++) {
		results.push(await run());
	}

	return results;
}

/** 3. Resident memory of omstop after backfilling 7d windows, and the store's own size, measured in-process. */
export async function measureMemory(): Promise<Figure[]> {
	const floors: number[][] = [];
	for (let run = 0; run < RUNS; run++) {
		floors.push(await Promise.all([idleRss(''), idleRss(`await import(${JSON.stringify(MAIN_URL)})`)]));
	}

	const figures: Figure[] = [
		{name: 'memory.rss.node-alone', unit: 'MB', samples: floors.map(([alone]) => alone! / MB)},
		{name: 'memory.rss.modules-loaded', unit: 'MB', samples: floors.map(([, loaded]) => loaded! / MB)},
	];
	for (const tasks of TASK_COUNTS) {
		const results = await runs(RUNS, async () => once(tasks));
		figures.push(
			{name: `memory.rss.${tasks}-tasks.7d`, unit: 'MB', samples: results.map(run => run.rss / MB)},
			{name: `memory.peak-rss.${tasks}-tasks.7d`, unit: 'MB', samples: results.map(run => run.peak / MB)},
			{name: `memory.backfill-time.${tasks}-tasks.7d`, unit: 's', samples: results.map(run => run.seconds)},
			{name: `cpu.overview.${tasks}-tasks.30s-interval`, unit: '% core', samples: results.map(run => run.cpu)},
		);
		const simulator = await startSimulator({extraTasks: tasks - SEEDED});
		const {store, client} = await filledStore(simulator, 7 * DAY);
		figures.push({name: `memory.store.${tasks}-tasks.7d`, unit: 'KB', samples: [store.bytes() / 1024], per: '(an exact count)'});
		await client.close();
		await simulator.close();
	}

	// What of the RSS is live, and what V8 flags would make of it: diagnostics.
	const small = await runs(RUNS, async () => once(TASK_COUNTS[0], {nodeFlags: SMALL_HEAP}));
	const probed: RunResult[][] = [];
	for (const tasks of TASK_COUNTS) {
		probed.push(await runs(PROBE_RUNS, async () => once(tasks, {probe: true})));
	}

	figures.push({name: `memory.rss.${TASK_COUNTS[0]}-tasks.7d.small-heap-flags`, unit: 'MB', samples: small!.map(run => run.rss / MB)});
	TASK_COUNTS.forEach((tasks, index) => {
		figures.push({name: `memory.live-heap.${tasks}-tasks.7d`, unit: 'MB', samples: probed[index]!.map(run => run.liveHeap / MB)});
	});
	return figures;
}

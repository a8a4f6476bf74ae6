import {SECOND} from '../source/domain/units.js';
import type {Simulator} from '../source/simulator/index.js';
import {DATA_SHOWN, heapProbe, startOmstop, type Screen} from './helpers/omstop.js';
import {cpuSeconds, residentMemory} from './helpers/probe.js';
import type {Pty} from '../test/helpers/pty.js';
import {sleep, type Figure} from './helpers/stats.js';

const RUNS = 3;
/** Runs with the heap probe loaded, apart from the CPU runs (a forced collection costs CPU). */
const SOAK_RUNS = 2;
const WATCH = 60 * SECOND;
const MB = 1024 * 1024;

/** Starts watching the 10 tasks at a 5 s interval, on the overview or (Enter on it) the first task's screen. */
async function watch(simulator: Simulator, screen: Screen, options: {nodeFlags?: string[]; env?: Record<string, string>} = {}): Promise<Pty> {
	const taskIds = simulator.tasks.slice(0, 10).map(task => task.id);
	const pty = startOmstop({simulator, columns: 120, rows: 40, args: ['--interval', '5s', ...taskIds], ...options});
	try {
		await pty.waitFor(DATA_SHOWN.overview, 10_000);
		if (screen === 'task') {
			pty.press('\r');
			await pty.waitFor(DATA_SHOWN.task, 5000);
		}
	} catch (error) {
		await pty.stop();
		throw error;
	}

	await sleep(3000);
	return pty;
}

/** CPU over 60 s once steady, and resident memory at the end. */
async function cpuRun(simulator: Simulator, screen: Screen): Promise<{percent: number; rss: number}> {
	const pty = await watch(simulator, screen);
	try {
		const pid = await pty.pid();
		const cpu = cpuSeconds(pid);
		await sleep(WATCH);
		return {percent: ((cpuSeconds(pid) - cpu) / (WATCH / SECOND)) * 100, rss: residentMemory(pid).rss};
	} finally {
		await pty.stop();
	}
}

/** The live heap after a full collection, once steady and 60 s later. */
async function soakRun(simulator: Simulator, screen: Screen): Promise<number> {
	const probe = heapProbe();
	const pty = await watch(simulator, screen, probe);
	try {
		const before = await probe.liveHeap(pty);
		await sleep(WATCH);
		return (await probe.liveHeap(pty)) - before;
	} finally {
		await pty.stop();
	}
}

/**
 * 2. CPU while watching 10 tasks for 60 s, on the overview and on a task's screen (which
 * redraws its age label every second); beside them, the live heap's growth over the same
 * 60 s. All runs side by side: each needs a few percent of a core at most.
 */
export async function measureCpu(simulator: Simulator): Promise<Figure[]> {
	const screens = ['overview', 'task'] as const;
	let started = 0;
	const staggered = async <T>(run: () => Promise<T>): Promise<T> => {
		await sleep(started++ * 500);
		return run();
	};

	const results = await Promise.all(
		screens.map(async screen => {
			const [cpu, soak] = await Promise.all([
				Promise.all(Array.from({length: RUNS}, async () => staggered(async () => cpuRun(simulator, screen)))),
				Promise.all(Array.from({length: SOAK_RUNS}, async () => staggered(async () => soakRun(simulator, screen)))),
			]);
			return {screen, cpu, soak};
		}),
	);
	return results.flatMap(({screen, cpu, soak}) => [
		{name: `cpu.${screen}.10-tasks.60s`, unit: '% core', samples: cpu.map(run => run.percent)},
		{name: `memory.${screen}.rss.10-tasks.6h`, unit: 'MB', samples: cpu.map(run => run.rss / MB)},
		{name: `memory.${screen}.live-heap-growth.60s`, unit: 'KB', samples: soak.map(bytes => bytes / 1024)},
	]);
}

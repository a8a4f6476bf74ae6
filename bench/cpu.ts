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
		// Generous: under load the first data has been seen to take more than 10 s.
		await pty.waitFor(DATA_SHOWN.overview, 60_000);
		if (screen === 'task') {
			pty.press('\r');
			await pty.waitFor(DATA_SHOWN.task, 60_000);
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
 * redraws its age label every second); then the live heap's growth over 60 s. One run at a
 * time: side by side on a 2-core machine they measured each other and timed out.
 */
export async function measureCpu(simulator: Simulator): Promise<Figure[]> {
	const results = [];
	for (const screen of ['overview', 'task'] as const) {
		const cpu = [];
		const soak = [];
		for (let run = 0; run < RUNS; run++) {
			cpu.push(await cpuRun(simulator, screen));
		}

		for (let run = 0; run < SOAK_RUNS; run++) {
			soak.push(await soakRun(simulator, screen));
		}

		results.push({screen, cpu, soak});
	}

	return results.flatMap(({screen, cpu, soak}) => [
		{name: `cpu.${screen}.10-tasks.60s`, unit: '% core', samples: cpu.map(run => run.percent)},
		{name: `memory.${screen}.rss.10-tasks.6h`, unit: 'MB', samples: cpu.map(run => run.rss / MB)},
		{name: `memory.${screen}.live-heap-growth.60s`, unit: 'KB', samples: soak.map(bytes => bytes / 1024)},
	]);
}

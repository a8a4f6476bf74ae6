import {startSimulator, type Simulator} from '../source/simulator/index.js';
import {measureBudget} from './budget.js';
import {measureBytes} from './bytes.js';
import {measureCpu} from './cpu.js';
import {measureCpuTable} from './cpu-table.js';
import {measureDistribution} from './distribution.js';
import {removeHome} from './helpers/omstop.js';
import {machine} from './helpers/probe.js';
import {formatFigure, type Figure} from './helpers/stats.js';
import {measureMemory} from './memory.js';
import {measurePolls} from './polls.js';
import {measureRender} from './render.js';
import {measureServe} from './serve.js';
import {measureStartup} from './startup.js';
import {measureWeek} from './week.js';

/** Tasks the terminal runs watch: the five seeded and five generated. */
const WATCHED_EXTRA = 5;

const SECTIONS: Record<string, () => Promise<Figure[]>> = {
	startup: async () => withSimulator(measureStartup),
	bytes: async () => withSimulator(measureBytes),
	cpu: async () => withSimulator(measureCpu),
	memory: measureMemory,
	render: measureRender,
	polls: measurePolls,
	dist: async () => withSimulator(measureDistribution),
	serve: measureServe,
	week: measureWeek,
	table: measureCpuTable,
	budget: measureBudget,
};

async function withSimulator(measure: (simulator: Simulator) => Promise<Figure[]>): Promise<Figure[]> {
	const simulator = await startSimulator({extraTasks: WATCHED_EXTRA});
	try {
		return await measure(simulator);
	} finally {
		await simulator.close();
	}
}

/** Runs the sections named (all when none), printing each figure as it is measured. */
export async function runSuite(names: readonly string[]): Promise<void> {
	const unknown = names.filter(name => !(name in SECTIONS));
	if (unknown.length > 0) {
		throw new Error(`Unknown section ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}`);
	}

	const chosen = names.length === 0 ? Object.keys(SECTIONS) : names;
	const began = performance.now();
	console.log(`omstop benchmarks, ${new Date().toISOString()}`);
	console.log(machine());
	console.log('each figure: median (min, max; n runs, or n of what is named) and, where there is one, the ratio to its baseline from the same run\n');
	try {
		for (const name of chosen) {
			const start = performance.now();
			try {
				for (const figure of await SECTIONS[name]!()) {
					console.log(formatFigure(figure));
				}
			} catch (error) {
				// The other sections still run; the exit code tells.
				console.log(`# ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
				process.exitCode = 1;
			}

			console.log(`# ${name}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
		}
	} finally {
		removeHome();
	}

	console.log(`# all: ${((performance.now() - began) / 1000).toFixed(1)} s`);
}


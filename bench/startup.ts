import {SEEDED_TASK_IDS, type Simulator} from '../source/simulator/index.js';
import {DATA_SHOWN, omstopEnvironment, startOmstop, type Screen} from './helpers/omstop.js';
import {Pty} from '../test/helpers/pty.js';
import type {Figure} from './helpers/stats.js';

const RUNS = 5;

/** One start: from the spawn to Ink's first frame, and to the first frame showing data. */
async function once(simulator: Simulator, screen: Screen): Promise<{first: number; data: number}> {
	const pty = startOmstop({simulator, columns: 120, rows: 40, args: ['--interval', '5s', ...(screen === 'task' ? [SEEDED_TASK_IDS.steady] : [])]});
	try {
		const data = await pty.waitFor(DATA_SHOWN[screen], 10_000);
		return {first: pty.firstFrameAt! - pty.startedAt, data: data - pty.startedAt};
	} finally {
		await pty.stop();
	}
}

/** The floor: node itself writing one byte in the same kind of terminal. */
async function nodeFloor(simulator: Simulator): Promise<number> {
	const pty = new Pty({columns: 120, rows: 40, command: [process.execPath, '-e', 'process.stdout.write("x")'], env: omstopEnvironment(simulator)});
	const at = await pty.waitFor(/x/, 5000);
	await pty.exited;
	return at - pty.startedAt;
}

/** 4. Start-up at 120×40, one start at a time (a warm-up first, not counted). */
export async function measureStartup(simulator: Simulator): Promise<Figure[]> {
	await once(simulator, 'task');
	const figures: Figure[] = [];
	for (const screen of ['task', 'overview'] as const) {
		const runs = [];
		for (let run = 0; run < RUNS; run++) {
			runs.push(await once(simulator, screen));
		}

		figures.push(
			{name: `startup.${screen}.first-frame`, unit: 'ms', samples: runs.map(run => run.first)},
			{name: `startup.${screen}.first-data`, unit: 'ms', samples: runs.map(run => run.data)},
		);
	}

	const floor = [];
	for (let run = 0; run < RUNS; run++) {
		floor.push(await nodeFloor(simulator));
	}

	figures.push({name: 'startup.node-floor', unit: 'ms', samples: floor});
	return figures;
}

import {SECOND} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, type Simulator} from '../source/simulator/index.js';
import {DATA_SHOWN, startOmstop, type Screen} from './helpers/omstop.js';
import {BEGIN_FRAME, END_FRAME, framesOf, type Pty} from '../test/helpers/pty.js';
import {median, sleep, type Figure} from './helpers/stats.js';
import {measureRollover} from './rollover.js';

const RUNS = 3;
const INTERVAL = 5 * SECOND;
/** Poll cycles counted once steady. */
const CYCLES = 4;
const SIZES = [
	[120, 40],
	[80, 24],
] as const;

type RunResult = {
	/** Clearing the old frame and drawing the whole new one, forced by a resize. */
	full: number;
	/** The median frame: on the task screen, the once-a-second age label. */
	update: number;
	/** Per cycle that sent anything: its largest frame; on the task screen, the one with the poll's new data. */
	pollUpdates: number[];
	/** Per cycle: everything sent in it. */
	cycles: number[];
};

/** Ink's eraseLines, which clears the old frame before a whole one is drawn (incremental updates erase with CSI K). */
const ERASE_LINE = '\u001B[2K';

/** Bytes of the first clear-and-redraw after `at` (a resize's): from the clearing to the end of the new frame. */
function redrawBytes(pty: Pty, at: number): number {
	const clear = pty.text.indexOf(ERASE_LINE, pty.offsetAt(at));
	const begin = clear === -1 ? -1 : pty.text.indexOf(BEGIN_FRAME, clear);
	const end = begin === -1 ? -1 : pty.text.indexOf(END_FRAME, begin);
	return end === -1 ? Number.NaN : end + END_FRAME.length - clear;
}

/**
 * One run: start one column wider, wait for data, then narrow the terminal to the size
 * measured. Ink clears and redraws the whole frame when the terminal narrows: that is the
 * full redraw. Then count what the terminal receives over CYCLES poll intervals.
 */
async function once(simulator: Simulator, screen: Screen, columns: number, rows: number): Promise<RunResult> {
	const ids = screen === 'task' ? [SEEDED_TASK_IDS.steady] : [];
	const pty = startOmstop({simulator, columns: columns + 1, rows, args: ['--interval', '5s', ...ids]});
	try {
		// Generous: under load the first data has been seen to take more than 10 s.
		await pty.waitFor(DATA_SHOWN[screen], 60_000);
		await sleep(3000);
		const resizedAt = performance.now();
		await pty.resize(columns, rows);
		await sleep(2000);
		const from = performance.now();
		await sleep(CYCLES * INTERVAL);
		const frames = framesOf(pty).filter(frame => frame.at >= from && frame.at < from + CYCLES * INTERVAL);
		const cycles = Array.from({length: CYCLES}, (_, cycle) => frames.filter(frame => frame.at - from >= cycle * INTERVAL && frame.at - from < (cycle + 1) * INTERVAL));
		// A cycle where nothing visible changed (the overview has them) has no update to count.
		const largest = cycles.filter(cycle => cycle.length > 0).map(cycle => cycle.reduce((top, frame) => (frame.text.length > top.length ? frame.text : top), ''));
		return {
			full: redrawBytes(pty, resizedAt),
			update: median(frames.map(frame => frame.text.length)),
			pollUpdates: largest.map(text => text.length),
			cycles: cycles.map(cycle => cycle.reduce((sum, frame) => sum + frame.text.length, 0)),
		};
	} finally {
		await pty.stop();
	}
}

/** 1. Bytes to the terminal per update, for each screen and size; one run at a time (byte counts do not depend on load, timeouts do). */
export async function measureBytes(simulator: Simulator): Promise<Figure[]> {
	const configs = (['task', 'overview'] as const).flatMap(screen => SIZES.map(([columns, rows]) => ({screen, columns, rows})));
	const results = [];
	for (const config of configs) {
		const runs = [];
		for (let run = 0; run < RUNS; run++) {
			runs.push(await once(simulator, config.screen, config.columns, config.rows));
		}

		results.push({config, runs});
	}

	const figures = results.flatMap(({config, runs}): Figure[] => {
		const name = `bytes.${config.screen}.${config.columns}x${config.rows}`;
		// Per-cycle figures: every cycle of every run is a sample, its ratio taken to its own run's full redraw.
		const perCycle = (value: (run: RunResult) => number[]) => ({
			samples: runs.flatMap(run => value(run)),
			per: 'cycles',
			ratio: {samples: runs.flatMap(run => value(run).map(bytes => bytes / run.full)), of: 'full redraw'},
		});
		return [
			{name: `${name}.full-redraw`, unit: 'B', samples: runs.map(run => run.full)},
			{name: `${name}.update`, unit: 'B', samples: runs.map(run => run.update), ratio: {samples: runs.map(run => run.update / run.full), of: 'full redraw'}},
			{name: `${name}.poll-update`, unit: 'B', ...perCycle(run => run.pollUpdates)},
			{name: `${name}.per-cycle`, unit: 'B/5s', ...perCycle(run => run.cycles)},
		];
	});
	return [...figures, ...(await measureRollover())];
}

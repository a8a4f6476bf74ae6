import {SECOND} from '../source/domain/units.js';
import {startSimulator, type Simulator} from '../source/simulator/index.js';
import {answeredTasks} from './helpers/answered.js';
import {DATA_SHOWN, startOmstop, type Screen} from './helpers/omstop.js';
import {cpuSeconds, residentMemory} from './helpers/probe.js';
import {sleep, type Figure} from './helpers/stats.js';

/**
 * The CPU and RSS table of issue 13, measured one omstop at a time (never two side by side:
 * on a 2-core machine they would measure each other). With OMSTOP_BENCH_BEFORE set to another
 * build's cli.js (main's, say), each run of this build is paired with one of that build, taken
 * right after it, and the ratio after/before of each pair is reported: the machine's load
 * moves both alike. A run that fails (a timeout under load) is reported, not thrown.
 */
const PAIRS = 2;
const WATCH = 30 * SECOND;
/** Before the CPU is counted: the first polls and frames are start-up, not steady state. */
const SETTLE = 5 * SECOND;
const MB = 2 ** 20;
const SEEDED = 5;
/** Generous: under load the first data has been seen to take more than 10 s. */
const DATA_TIMEOUT = 60 * SECOND;
/** 1,000 tasks at the default budget (10 a second) take about 200 s to backfill. */
const BACKFILL_TIMEOUT = 300 * SECOND;

type Row = {
	readonly name: string;
	readonly unit: '% core' | 'MB';
	readonly tasks: number;
	readonly screen: Screen;
	/** After the endpoint; the simulator's task ids are given when `ids` is set. */
	readonly args: readonly string[];
	readonly ids?: boolean;
	/** Wait until every task has an answer (a backfill) before measuring. */
	readonly backfill?: boolean;
};

/**
 * The RSS row of 1,000 tasks runs with a budget of 100 a second, so that its 7d backfill (two
 * requests a task) ends within the bench's patience; its CPU row runs at the defaults, as its name
 * says: the first minutes after a backfill at 100 a second are not the steady state (measured
 * 2026-12-01: 9.6–15 % of a core, against about 6 % at the defaults). Both builds get the flag (a
 * baseline older than the budget, before 690b11d, would refuse it).
 */
const FAST_BACKFILL = ['--max-requests-per-second', '100'];

const ROWS: Row[] = [
	{name: 'cpu.overview.10-tasks.5s', unit: '% core', tasks: 10, screen: 'overview', args: ['--interval', '5s'], ids: true},
	{name: 'cpu.task.10-tasks.5s', unit: '% core', tasks: 10, screen: 'task', args: ['--interval', '5s'], ids: true},
	{name: 'cpu.overview.150-tasks.5s', unit: '% core', tasks: 150, screen: 'overview', args: ['--interval', '5s'], backfill: true},
	{name: 'cpu.overview.1000-tasks.defaults', unit: '% core', tasks: 1000, screen: 'overview', args: [], backfill: true},
	{name: 'memory.rss.100-tasks.7d', unit: 'MB', tasks: 100, screen: 'overview', args: ['--window', '7d'], backfill: true},
	{name: 'memory.rss.1000-tasks.7d', unit: 'MB', tasks: 1000, screen: 'overview', args: ['--window', '7d', ...FAST_BACKFILL], backfill: true},
];

/** One run: the value measured, or what went wrong. */
async function once(simulator: Simulator, row: Row, cli: string | undefined): Promise<number | string> {
	const ids = row.ids === true ? simulator.tasks.slice(0, row.tasks).map(task => task.id) : [];
	const pty = startOmstop({
		simulator,
		columns: 120,
		rows: 40,
		args: [...row.args, ...ids],
		...(cli === undefined ? {} : {cli}),
	});
	try {
		await pty.waitFor(DATA_SHOWN.overview, DATA_TIMEOUT);
		if (row.screen === 'task') {
			pty.press('\r');
			await pty.waitFor(DATA_SHOWN.task, DATA_TIMEOUT);
		}

		while (row.backfill === true && answeredTasks(simulator) < row.tasks) {
			if (performance.now() - pty.startedAt > BACKFILL_TIMEOUT) {
				return `only ${answeredTasks(simulator)} of ${row.tasks} tasks answered in ${BACKFILL_TIMEOUT / SECOND} s`;
			}

			await sleep(200);
		}

		await sleep(SETTLE);
		const pid = await pty.pid();
		if (row.unit === 'MB') {
			return residentMemory(pid).rss / MB;
		}

		const cpu = cpuSeconds(pid);
		await sleep(WATCH);
		return ((cpuSeconds(pid) - cpu) / (WATCH / SECOND)) * 100;
	} catch (error) {
		return error instanceof Error ? error.message.split('\n')[0]! : String(error);
	} finally {
		await pty.stop();
	}
}

/** 9. Issue 13's table: CPU of the overview and task screen, RSS after a 7d backfill; after/before when a baseline is given. */
export async function measureCpuTable(): Promise<Figure[]> {
	const before = process.env['OMSTOP_BENCH_BEFORE'];
	const only = process.env['OMSTOP_BENCH_ROWS']?.split(',');
	const figures: Figure[] = [];
	for (const row of ROWS.filter(each => only === undefined || only.some(name => each.name.includes(name)))) {
		const simulator = await startSimulator({extraTasks: row.tasks - SEEDED});
		const after: number[] = [];
		const baseline: number[] = [];
		const ratios: number[] = [];
		try {
			for (let pair = 0; pair < PAIRS; pair++) {
				// One at a time: this build, then the baseline.
				const value = await once(simulator, row, undefined);
				const base = before === undefined ? undefined : await once(simulator, row, before);
				for (const [what, result] of [['after', value], ['before', base]] as const) {
					if (typeof result === 'string') {
						console.log(`# ${row.name} ${what}, run ${pair + 1}: ${result}`);
					}
				}

				if (typeof value === 'number') {
					after.push(value);
				}

				if (typeof base === 'number') {
					baseline.push(base);
					if (typeof value === 'number') {
						ratios.push(value / base);
					}
				}
			}
		} finally {
			await simulator.close();
		}

		figures.push({name: row.name, unit: row.unit, samples: after, ...(ratios.length > 0 ? {ratio: {samples: ratios, of: 'the baseline build'}} : {})});
		if (baseline.length > 0) {
			figures.push({name: `${row.name}.baseline`, unit: row.unit, samples: baseline});
		}

		// Printed as it goes: the table takes minutes.
		console.log(`# ${row.name}: after ${after.map(value => value.toFixed(2)).join(', ')}; before ${baseline.map(value => value.toFixed(2)).join(', ')}`);
	}

	return figures;
}

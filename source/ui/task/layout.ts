/**
 * Which view fits the terminal, decided from its size alone. Every height here is exact:
 * the frame drawn from a layout has `lines` lines, and `lines` is always below the
 * terminal's rows, because in Ink 6 a frame as tall as the terminal takes the
 * clear-the-whole-screen path on every update.
 */

/** Lines the header always takes: the title line and the status line. */
export const HEADER_LINES = 2;
export const HINT_LINES = 1;
export const TASK_BAR_LINES = 1;
/** The task's details (status, buckets, this month's counters), when a line is spare. */
export const DETAILS_LINES = 1;
/** Data types drawn, one chart or sparkline each. */
export const CHART_COUNT = 5;
/** The shared time axis under the charts. */
export const AXIS_LINES = 1;
/** Heading and five rows. */
export const PLAIN_TABLE_LINES = 6;
/** Top rule, heading, rule, five rows, bottom rule. */
export const BOXED_TABLE_LINES = 9;
/** Narrowest screen that still shows the totals table with compact numbers. */
export const MIN_COLUMNS = 50;
/** The compact view: header and table. */
export const MIN_ROWS = HEADER_LINES + PLAIN_TABLE_LINES + 1;
/** asciichart needs this many lines per chart before it reads better than a sparkline. */
const MIN_LINE_CHART_ROWS = 5;
const MAX_LINE_CHART_ROWS = 13;
const MAX_SPARK_ROWS = 2;

export type Charts =
	| {readonly kind: 'none'}
	| {readonly kind: 'spark'; readonly rows: number}
	/** asciichart, `rows` lines each (its height option is rows - 1). */
	| {readonly kind: 'line'; readonly rows: number};

export type Layout =
	| {readonly kind: 'too-small'; readonly needColumns: number; readonly needRows: number}
	| {
			readonly kind: 'monitor';
			readonly isTaskBar: boolean;
			readonly isHint: boolean;
			readonly isDetails: boolean;
			readonly charts: Charts;
			readonly table: 'plain' | 'boxed';
			/** Lines of the whole frame. */
			readonly lines: number;
	  };

function chartLines(charts: Charts): number {
	return charts.kind === 'none' ? 0 : CHART_COUNT * charts.rows + AXIS_LINES;
}

export function chooseLayout(columns: number, rows: number, taskCount: number): Layout {
	// The frame must stay strictly shorter than the terminal.
	const budget = rows - 1;
	if (columns < MIN_COLUMNS || budget < HEADER_LINES + PLAIN_TABLE_LINES) {
		return {kind: 'too-small', needColumns: MIN_COLUMNS, needRows: MIN_ROWS};
	}

	const wantTaskBar = taskCount > 1;
	const fixed = HEADER_LINES + HINT_LINES + (wantTaskBar ? TASK_BAR_LINES : 0);
	const candidates: Array<{charts: Charts; table: 'plain' | 'boxed'; isDetails: boolean}> = [];
	for (const isDetails of [true, false]) {
		for (const table of ['boxed', 'plain'] as const) {
			const room = budget - fixed - (isDetails ? DETAILS_LINES : 0) - (table === 'boxed' ? BOXED_TABLE_LINES : PLAIN_TABLE_LINES) - AXIS_LINES;
			const perChart = Math.floor(room / CHART_COUNT);
			if (perChart >= MIN_LINE_CHART_ROWS) {
				candidates.push({charts: {kind: 'line', rows: Math.min(MAX_LINE_CHART_ROWS, perChart)}, table, isDetails});
			} else if (perChart >= 1) {
				candidates.push({charts: {kind: 'spark', rows: Math.min(MAX_SPARK_ROWS, perChart)}, table, isDetails});
			}
		}
	}

	// Taller charts first; for the same charts, the details line, then a box around the table.
	const score = (charts: Charts): number => (charts.kind === 'line' ? 100 + charts.rows : charts.kind === 'spark' ? charts.rows : 0);
	candidates.sort(
		(a, b) => score(b.charts) - score(a.charts) || Number(b.isDetails) - Number(a.isDetails) || (a.table === b.table ? 0 : a.table === 'boxed' ? -1 : 1),
	);
	const best = candidates[0];
	if (best !== undefined) {
		return {
			kind: 'monitor',
			isTaskBar: wantTaskBar,
			isHint: true,
			isDetails: best.isDetails,
			charts: best.charts,
			table: best.table,
			lines:
				fixed + (best.isDetails ? DETAILS_LINES : 0) + chartLines(best.charts) + (best.table === 'boxed' ? BOXED_TABLE_LINES : PLAIN_TABLE_LINES),
		};
	}

	// Compact: status and totals, then the task bar, the hint and the details if they fit.
	let lines = HEADER_LINES + PLAIN_TABLE_LINES;
	const isTaskBar = wantTaskBar && lines + TASK_BAR_LINES <= budget;
	lines += isTaskBar ? TASK_BAR_LINES : 0;
	const isHint = lines + HINT_LINES <= budget;
	lines += isHint ? HINT_LINES : 0;
	const isDetails = lines + DETAILS_LINES <= budget;
	lines += isDetails ? DETAILS_LINES : 0;
	return {kind: 'monitor', isTaskBar, isHint, isDetails, charts: {kind: 'none'}, table: 'plain', lines};
}

import type {DurationMs} from '../../domain/units.js';
import {formatClock, formatDuration} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {DiscoveryState} from '../../series/store.js';
import {resample, sparkline} from '../kit/chart-data.js';
import {hintText} from '../kit/hint.js';
import type {ScreenFrame} from '../kit/screen-frame.js';
import {plainText, type Style, type Tone} from '../kit/style.js';
import {displayWidth, fit, fitMiddle, joinFitting, padEnd, padStart} from '../kit/text.js';
import type {UiState} from '../ui-state.js';
import type {OverviewCounts, OverviewRow, RowContext} from './rows.js';

/**
 * The overview as text: every line it draws, already fitted to the width, with its tone.
 * Pure: the same rows, state and size give the same model, tested without Ink.
 */

/** Title, news line, column heading, the selected task's line, footer and hint around the rows. */
export const OVERVIEW_CHROME_LINES = 6;
const TREND_WIDTH = 10;
const MIN_NAME = 12;
const MAX_NAME = 36;
/** The least of a name the line under the rows keeps, when what is wrong needs the room. */
const MIN_FOCUS_NAME = 12;

type Column = {
	readonly title: string;
	readonly width: number;
	/** Lower is kept longer as the screen narrows. */
	readonly rank: number;
	readonly align: 'left' | 'right';
	readonly cell: (row: OverviewRow, style: Style) => string;
};

const STATUS_WORD: Record<OverviewRow['status'], string> = {SYNCHRONIZING: 'sync', STOPPED: 'stopped', other: '?', unknown: ''};

const COLUMNS: readonly Column[] = [
	{title: 'status', width: 7, rank: 9, align: 'left', cell: row => (row.status === 'other' ? (row.statusText ?? '?') : STATUS_WORD[row.status])},
	{title: 'route', width: 34, rank: 10, align: 'left', cell: row => row.route ?? ''},
	{title: 'req', width: 6, rank: 3, align: 'right', cell: row => row.requested},
	{title: 'ok', width: 6, rank: 4, align: 'right', cell: row => row.succeeded},
	{title: 'fail', width: 6, rank: 1, align: 'right', cell: row => row.failed},
	{title: 'skip', width: 6, rank: 7, align: 'right', cell: row => row.skipped},
	{title: 'bytes', width: 9, rank: 8, align: 'right', cell: row => row.bytes},
	{title: 'now 15m', width: 11, rank: 2, align: 'right', cell: row => row.throughput},
	{title: 'fail% 1h', width: 8, rank: 0, align: 'right', cell: row => row.failureRate},
	{
		title: 'requests',
		width: TREND_WIDTH,
		rank: 6,
		align: 'left',
		cell(row, style) {
			const cells = row.isFilling ? TREND_WIDTH - 1 : TREND_WIDTH;
			const line = sparkline(resample(row.trend, row.trend.map(() => true), cells), 1, style.glyphs)[0] ?? '';
			return row.isFilling ? line + style.glyphs.filling : line;
		},
	},
	{title: 'fresh', width: 11, rank: 5, align: 'left', cell: row => row.freshness.text},
];

/** The columns that fit beside a name of at least MIN_NAME, in screen order, and the name's width. */
export function fitColumns(columns: number): {shown: Column[]; nameWidth: number} {
	// Mark and status symbol take four columns; every column a space before it.
	const room = columns - 4 - MIN_NAME;
	const kept = new Set<Column>();
	let used = 0;
	for (const column of [...COLUMNS].sort((a, b) => a.rank - b.rank)) {
		if (used + column.width + 1 <= room) {
			kept.add(column);
			used += column.width + 1;
		}
	}

	const shown = COLUMNS.filter(column => kept.has(column));
	return {shown, nameWidth: Math.min(MAX_NAME, columns - 4 - used)};
}

function statusSymbol(row: OverviewRow, style: Style): string {
	return {SYNCHRONIZING: style.glyphs.running, STOPPED: style.glyphs.stopped, other: '?', unknown: ' '}[row.status];
}

function cells(texts: readonly string[], shown: readonly Column[], nameWidth: number, name: string, style: Style): string {
	const parts = shown.map((column, index) => {
		const text = fit(plainText(style, texts[index] ?? ''), column.width, style.glyphs.ellipsis);
		return column.align === 'right' ? padStart(text, column.width) : padEnd(text, column.width);
	});
	// Cut in the middle: names that share their first words differ at the end.
	return [padEnd(fitMiddle(plainText(style, name), nameWidth, style.glyphs.ellipsis), nameWidth), ...parts].join(' ');
}

/** One context's footer, when several are shown. */
export type ContextFooter = {readonly context: RowContext; readonly counts: OverviewCounts; readonly discovery: DiscoveryState};

/** The context column's width: the longest label shown, within bounds. */
export function contextWidth(rows: readonly OverviewRow[]): number {
	return Math.min(16, Math.max(7, ...rows.map(row => row.context?.label.length ?? 0)));
}

/** The footer's counts, cut to the columns. */
function footerLine(counts: OverviewCounts, window: DurationMs, style: Style, columns: number): string {
	return joinFitting(
		[
			{text: `${counts.watched} watched`, rank: 0},
			{text: `${counts.synchronizing} synchronizing`, rank: 3},
			{text: `${counts.stopped} stopped`, rank: 4},
			{text: `${counts.failing} failing`, rank: 1},
			{text: `${counts.stalled} stalled`, rank: 1},
			{text: `${counts.stale} stale`, rank: 2},
			{text: `${formatDuration(window)}: ${counts.requested} req · ${counts.failed} failed · ${counts.bytes} · now ${counts.throughput}`, rank: 5},
		].map(part => ({...part, text: plainText(style, part.text)})),
		style.glyphs.separator,
		columns,
	);
}

function newsLine(discovery: DiscoveryState, credentials: string | undefined): {text: string; tone: 'bad' | 'muted'} {
	if (discovery.error !== undefined) {
		return {text: `Task list not refreshed: ${discovery.error.message} ${discovery.error.hint}`, tone: 'bad'};
	}

	const change = discovery.changes.at(-1);
	if (change !== undefined) {
		return {text: `${formatClock(change.at)} task ${change.taskId} ${change.what}`, tone: 'muted'};
	}

	const listed = discovery.lastListedAt === undefined ? [] : [`task list as of ${formatClock(discovery.lastListedAt)}`];
	const from = credentials === undefined ? [] : [`credentials from ${credentials}`];
	return {text: [...listed, ...from].join(' · '), tone: 'muted'};
}

/**
 * The selected task's name, what is wrong with it, and its id, which is always kept whole
 * (the row shows the name, not the id). What is wrong comes next: the name gives it room,
 * cut in the middle, and what is still too long is cut at its end.
 */
function focusLine(row: OverviewRow, columns: number, style: Style): string {
	const {separator, ellipsis} = style.glyphs;
	const id = row.name === row.taskId ? '' : `${separator}${row.taskId}`;
	const room = columns - displayWidth(id);
	// Trouble: what is wrong needs the room. Otherwise (the route) the name may take half.
	const isTrouble = row.focus.tone === 'bad' || row.focus.tone === 'warn';
	const least = isTrouble ? MIN_FOCUS_NAME : Math.max(MIN_FOCUS_NAME, Math.ceil(room / 2));
	const nameRoom = Math.max(least, room - displayWidth(separator) - displayWidth(row.focus.text));
	const name = fitMiddle(plainText(style, row.name), nameRoom, ellipsis);
	return fit(plainText(style, `${name}${separator}${row.focus.text}`), room, ellipsis) + id;
}

/** A line of text in a tone (none: the terminal's own colour). */
export type ToneLine = {readonly text: string; readonly tone: Tone | undefined};

/** A context's label in its colour (undefined without colour). */
export type ContextLabel = {readonly text: string; readonly color: string | undefined};

export type OverviewRowLine = {
	readonly key: string;
	/** The failing or stalled mark and the status symbol. */
	readonly start: string;
	/** The context column, when several contexts are shown. */
	readonly context: ContextLabel | undefined;
	readonly text: string;
	readonly tone: Tone | undefined;
	readonly isCursor: boolean;
};

export type OverviewModel = {
	readonly kind: 'overview';
	readonly columns: number;
	readonly isDemo: boolean;
	readonly title: string;
	/** Trouble shared by many tasks, or what discovery last did. */
	readonly news: ToneLine;
	/** Lines the help takes over the heading and rows, when it is open. */
	readonly helpLines: number | undefined;
	readonly heading: string;
	/** The page of rows on screen. */
	readonly rows: readonly OverviewRowLine[];
	/** Empty lines under the rows, so that the frame keeps its height. */
	readonly blank: number;
	/** The selected task's line (or what an empty listing means). */
	readonly focus: ToneLine;
	/** One footer, or one per context shown. */
	readonly footers: ReadonlyArray<{readonly key: string; readonly label: ContextLabel | undefined; readonly text: string; readonly tone: Tone | undefined}>;
	readonly hint: string;
};

export type OverviewInput = ScreenFrame & {
	/** Rows that match the filter, in the order shown. */
	readonly arranged: readonly OverviewRow[];
	/** Index in `arranged` of the cursor. */
	readonly cursor: number;
	/** Lines for rows. */
	readonly height: number;
	readonly counts: OverviewCounts;
	readonly discovery: DiscoveryState;
	readonly ui: Pick<UiState, 'sort' | 'filter' | 'isFiltering' | 'isHelpOpen'>;
	readonly isPaused: boolean;
	/** The zone every time on screen is in ("UTC+8"). */
	readonly zone: string;
	/** What an empty listing means: which project and region, and the --status filter if one hid tasks. */
	readonly emptyText: string | undefined;
	/** With several contexts shown: a footer for each (and a context column). */
	readonly footers: readonly ContextFooter[] | undefined;
};

/** First row shown so that the cursor is on screen: whole pages, so rows do not shift one by one. */
export function pageStart(cursor: number, height: number): number {
	return height <= 0 ? 0 : Math.floor(Math.max(0, cursor) / height) * height;
}

/** Every watched task, one line each: only the page the cursor is on. */
export function overviewModel(input: OverviewInput): OverviewModel {
	const {arranged, height, counts, style, columns, ui} = input;
	const {glyphs} = style;
	const first = pageStart(input.cursor, height);
	const rows = arranged.slice(first, first + height);
	const cursor = input.cursor - first;
	const footers = input.footers !== undefined && input.footers.length > 1 ? input.footers : undefined;
	// The context column, before the name, when several contexts are shown.
	const labelWidth = footers === undefined ? 0 : contextWidth(rows);
	const {shown, nameWidth} = fitColumns(columns - (labelWidth === 0 ? 0 : labelWidth + 1));
	const contextCell = (text: string): string => (labelWidth === 0 ? '' : `${padEnd(fit(plainText(style, text), labelWidth, glyphs.ellipsis), labelWidth)} `);
	const colorOf = (context: RowContext | undefined): string | undefined => (style.isColor ? context?.color : undefined);
	const title = joinFitting(
		[
			{text: `${counts.watched} ${counts.watched === 1 ? 'task' : 'tasks'}`, rank: 0},
			...(input.isPaused ? [{text: 'PAUSED (p resumes)', rank: 0}] : []),
			{text: `window ${formatDuration(input.window)}`, rank: 1},
			{text: `sort: ${ui.sort}`, rank: 2},
			...(ui.filter === '' ? [] : [{text: `filter: ${ui.filter}`, rank: 0}]),
			{text: input.isDemo ? 'simulated data' : plainText(style, input.label), rank: 3},
			{text: `times ${input.zone}`, rank: 4},
			...(input.skew === undefined ? [] : [{text: input.skew, rank: 1}]),
		],
		glyphs.separator,
		columns - (input.isDemo ? 7 : 0),
	);
	// Trouble shared by many tasks first: it is the one thing to read.
	const news = counts.banner ?? newsLine(input.discovery, input.credentials === undefined ? undefined : sanitize(input.credentials, 120));
	const position = arranged.length > height ? ` ${first + 1}-${first + rows.length}/${arranged.length}` : '';
	const mode = {screen: 'overview', isHelpOpen: ui.isHelpOpen, isFiltering: ui.isFiltering} as const;
	const hint = ui.isFiltering
		? `/${ui.filter}_  ${arranged.length} of ${counts.watched}  ${hintText(mode, input.isPaused, columns, style)}`
		: ui.isHelpOpen
			? hintText(mode, input.isPaused, columns, style)
			: hintText(mode, input.isPaused, columns - position.length, style) + position;
	const selected = rows[cursor];
	const focus: ToneLine =
		selected === undefined || ui.isHelpOpen
			? {text: rows.length === 0 && ui.filter === '' && input.discovery.lastListedAt !== undefined ? (input.emptyText ?? 'no sync tasks') : ' ', tone: 'warn'}
			: {text: focusLine(selected, columns, style), tone: selected.focus.tone};
	return {
		kind: 'overview',
		columns,
		isDemo: input.isDemo,
		title,
		news: {text: fit(plainText(style, news.text), columns, glyphs.ellipsis) || ' ', tone: news.tone},
		helpLines: ui.isHelpOpen ? height + 1 : undefined,
		heading: fit(`    ${contextCell('context')}${cells(shown.map(column => column.title), shown, nameWidth, 'task', style)}`, columns, ''),
		rows: rows.map((row, index) => {
			const start = `${row.isFailing ? glyphs.failing : row.isStalled ? glyphs.stalled : ' '} ${statusSymbol(row, style)} `;
			const label = contextCell(row.context?.label ?? '');
			const line = cells(shown.map(column => column.cell(row, style)), shown, nameWidth, row.name, style);
			return {
				key: row.taskId,
				start,
				context: label === '' ? undefined : {text: label, color: colorOf(row.context)},
				text: fit(line, columns - start.length - label.length, ''),
				tone: row.isFailing || row.isStalled ? 'bad' : row.isStale ? 'warn' : undefined,
				isCursor: index === cursor,
			};
		}),
		blank: Math.max(0, height - rows.length),
		focus: {text: fit(plainText(style, focus.text), columns, glyphs.ellipsis), tone: focus.tone},
		footers:
			footers === undefined
				? [{key: '', label: undefined, text: fit(footerLine(counts, input.window, style, columns), columns, glyphs.ellipsis), tone: undefined}]
				: footers.map(({context, counts: its, discovery}) => {
						const label = `${fit(plainText(style, context.label), labelWidth, glyphs.ellipsis)}: `;
						const trouble = discovery.error === undefined ? '' : `${glyphs.separator}list failed: ${discovery.error.message}`;
						const room = columns - label.length;
						return {
							key: context.name,
							label: {text: label, color: colorOf(context)},
							text: fit(plainText(style, footerLine(its, input.window, style, room) + trouble), room, glyphs.ellipsis),
							tone: trouble === '' ? undefined : 'bad',
						};
					}),
		hint: fit(plainText(style, hint), columns, glyphs.ellipsis),
	};
}

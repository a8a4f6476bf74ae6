import {Box, Text} from 'ink';
import {memo} from 'react';
import type {DurationMs} from '../../domain/units.js';
import {formatClock, formatDuration} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {DiscoveryState} from '../../series/store.js';
import {resample, sparkline} from '../kit/chart-data.js';
import type {OverviewCounts, OverviewRow, RowContext, SortKey} from './rows.js';
import {HelpOverlay} from '../kit/help.js';
import {hintText} from '../kit/hint.js';
import type {ScreenFrame} from '../kit/screen-frame.js';
import {paint, plainText, type Style} from '../kit/style.js';
import {displayWidth, fit, fitMiddle, joinFitting, padEnd, padStart} from '../kit/text.js';

/** Title, news line, column heading, the selected task's line, footer and hint around the rows. */
export const OVERVIEW_CHROME_LINES = 6;
const TREND_WIDTH = 10;
const MIN_NAME = 12;
const MAX_NAME = 36;

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

function contextColor(style: Style, context: RowContext | undefined): {color?: string} {
	return style.isColor && context?.color !== undefined ? {color: context.color} : {};
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

export type OverviewProps = ScreenFrame & {
	/** The rows on screen only: the caller slices the page. */
	readonly rows: readonly OverviewRow[];
	/** Index in `rows` of the cursor, or -1 when it is on another page. */
	readonly cursor: number;
	/** Lines for rows. */
	readonly height: number;
	/** Rows that match the filter, and where the page starts among them. */
	readonly matching: number;
	readonly first: number;
	readonly counts: OverviewCounts;
	readonly discovery: DiscoveryState;
	readonly sort: SortKey;
	readonly filter: string;
	readonly isFiltering: boolean;
	/** The help is open over the rows. */
	readonly isHelpOpen: boolean;
	readonly isPaused: boolean;
	/** The zone every time on screen is in ("UTC+8"). */
	readonly zone: string;
	/** What an empty listing means: which project and region, and the --status filter if one hid tasks. */
	readonly emptyText?: string | undefined;
	/** What `w` steps through, for the help. */
	readonly windows: readonly DurationMs[];
	readonly failureThreshold: number;
	/** With several contexts shown: a footer for each (and a context column). */
	readonly footers?: readonly ContextFooter[];
};

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

/** The least of a name the line under the rows keeps, when what is wrong needs the room. */
const MIN_FOCUS_NAME = 12;

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

/** Every watched task, one line each: trouble first by default, only the visible page drawn. */
export const Overview = memo(function Overview(props: OverviewProps) {
	const {rows, cursor, height, counts, style, columns} = props;
	const {glyphs} = style;
	const footers = props.footers !== undefined && props.footers.length > 1 ? props.footers : undefined;
	// The context column, before the name, when several contexts are shown.
	const labelWidth = footers === undefined ? 0 : contextWidth(rows);
	const {shown, nameWidth} = fitColumns(columns - (labelWidth === 0 ? 0 : labelWidth + 1));
	const contextCell = (text: string): string => (labelWidth === 0 ? '' : `${padEnd(fit(plainText(style, text), labelWidth, glyphs.ellipsis), labelWidth)} `);
	const title = joinFitting(
		[
			{text: `${counts.watched} ${counts.watched === 1 ? 'task' : 'tasks'}`, rank: 0},
			...(props.isPaused ? [{text: 'PAUSED (p resumes)', rank: 0}] : []),
			{text: `window ${formatDuration(props.window)}`, rank: 1},
			{text: `sort: ${props.sort}`, rank: 2},
			...(props.filter === '' ? [] : [{text: `filter: ${props.filter}`, rank: 0}]),
			{text: props.isDemo ? 'simulated data' : plainText(style, props.label), rank: 3},
			{text: `times ${props.zone}`, rank: 4},
			...(props.skew === undefined ? [] : [{text: props.skew, rank: 1}]),
		],
		glyphs.separator,
		columns - (props.isDemo ? 7 : 0),
	);
	// Trouble shared by many tasks first: it is the one thing to read.
	const news = counts.banner ?? newsLine(props.discovery, props.credentials === undefined ? undefined : sanitize(props.credentials, 120));
	const heading = `    ${contextCell('context')}${cells(shown.map(column => column.title), shown, nameWidth, 'task', style)}`;
	const footer = footerLine(counts, props.window, style, columns);
	const position = props.matching > height ? ` ${props.first + 1}-${props.first + rows.length}/${props.matching}` : '';
	const mode = {screen: 'overview', isHelpOpen: props.isHelpOpen, isFiltering: props.isFiltering} as const;
	const hint = props.isFiltering
		? `/${props.filter}_  ${props.matching} of ${counts.watched}  ${hintText(mode, props.isPaused, columns, style)}`
		: props.isHelpOpen
			? hintText(mode, props.isPaused, columns, style)
			: hintText(mode, props.isPaused, columns - position.length, style) + position;
	const selected = rows[cursor];
	const focus =
		selected === undefined || props.isHelpOpen
			? {text: rows.length === 0 && props.filter === '' && props.discovery.lastListedAt !== undefined ? (props.emptyText ?? 'no sync tasks') : ' ', tone: 'warn' as const}
			: {text: focusLine(selected, columns, style), tone: selected.focus.tone};
	const blank = Math.max(0, height - rows.length);
	return (
		<Box flexDirection="column" width={columns}>
			<Box>
				{props.isDemo ? (
					<Text inverse bold {...paint(style, 'warn')}>
						[DEMO]
					</Text>
				) : undefined}
				<Text bold wrap="truncate-end">
					{props.isDemo ? ' ' : ''}
					{title}
				</Text>
			</Box>
			<Text wrap="truncate-end" {...paint(style, news.tone)}>
				{fit(plainText(style, news.text), columns, glyphs.ellipsis) || ' '}
			</Text>
			{props.isHelpOpen ? (
				// Over the heading and the rows, as tall as they are.
				<Box height={height + 1} flexDirection="column">
					<HelpOverlay screen="overview" windows={props.windows} failureThreshold={props.failureThreshold} lines={height + 1} columns={columns} style={style} />
				</Box>
			) : (
				<>
					<Text bold wrap="truncate-end">
						{fit(heading, columns, '')}
					</Text>
					{rows.map((row, index) => {
						const tone = row.isFailing || row.isStalled ? 'bad' : row.isStale ? 'warn' : undefined;
						const mark = row.isFailing ? glyphs.failing : row.isStalled ? glyphs.stalled : ' ';
						const start = `${mark} ${statusSymbol(row, style)} `;
						const label = contextCell(row.context?.label ?? '');
						const line = cells(shown.map(column => column.cell(row, style)), shown, nameWidth, row.name, style);
						return (
							<Text key={row.taskId} inverse={index === cursor} wrap="truncate-end" {...paint(style, tone)}>
								{start}
								{label === '' ? undefined : <Text {...contextColor(style, row.context)}>{label}</Text>}
								{fit(line, columns - start.length - label.length, '')}
							</Text>
						);
					})}
					{blank > 0 ? <Text>{'\n'.repeat(blank - 1)}</Text> : undefined}
				</>
			)}
			<Text wrap="truncate-end" {...paint(style, focus.tone)}>
				{fit(plainText(style, focus.text), columns, glyphs.ellipsis)}
			</Text>
			{footers === undefined ? (
				<Text wrap="truncate-end">{fit(footer, columns, glyphs.ellipsis)}</Text>
			) : (
				footers.map(({context, counts: its, discovery}) => {
					const label = `${fit(plainText(style, context.label), labelWidth, glyphs.ellipsis)}: `;
					const trouble = discovery.error === undefined ? '' : `${glyphs.separator}list failed: ${discovery.error.message}`;
					return (
						<Text key={context.name} wrap="truncate-end">
							<Text bold {...contextColor(style, context)}>
								{label}
							</Text>
							<Text {...paint(style, trouble === '' ? undefined : 'bad')}>{fit(plainText(style, footerLine(its, props.window, style, columns - label.length) + trouble), columns - label.length, glyphs.ellipsis)}</Text>
						</Text>
					);
				})
			)}
			<Text dimColor wrap="truncate-end">
				{fit(plainText(style, hint), columns, glyphs.ellipsis)}
			</Text>
		</Box>
	);
});

import {Box, Text} from 'ink';
import {memo, type ReactNode} from 'react';
import {DATA_TYPES} from '../../domain/statistics.js';
import type {DurationMs} from '../../domain/units.js';
import {formatDuration} from '../../format/numbers.js';
import {TYPE_NAMES} from './charts.js';
import {paint, plainText, type Style} from '../kit/style.js';
import {displayWidth, padEnd, padStart} from '../kit/text.js';
import type {TaskModel} from './model.js';

/** One line of the table: its cells' text, in column order, and whether it is the failing data type's. */
type Row = {readonly cells: readonly string[]; readonly isAlarm: boolean};

/** The data type's name on the left, its figures on the right. */
const ALIGN = ['left', 'right', 'right', 'right'] as const;
/** Space on either side of a cell's text. */
const PADDING = 1;

function headingsFor(window: DurationMs): string[] {
	// Each heading says its span: the window's, or the last 15 minutes for "now".
	return [' ', `total ${formatDuration(window)}`, 'now (15 min)', `share ${formatDuration(window)}`];
}

function rows(model: TaskModel, isExact: boolean, style: Style): Row[] {
	return DATA_TYPES.map(type => {
		const isAlarm = type === 'FAILURE' && model.isFailing;
		const figures = model.figures?.[type];
		const text = (value: string | undefined): string => plainText(style, value ?? style.glyphs.dash);
		return {
			cells: [
				isAlarm ? `${TYPE_NAMES[type]} ${style.glyphs.failing} failing` : TYPE_NAMES[type],
				text(isExact ? figures?.total : figures?.totalCompact),
				text(figures?.rateNow),
				figures === undefined ? text(undefined) : (figures.share ?? ''),
			],
			isAlarm,
		};
	});
}

/** Each column's width: its widest text, heading included, and the padding. */
function widthsOf(headings: readonly string[], data: readonly Row[]): number[] {
	return headings.map((heading, column) => Math.max(displayWidth(heading), ...data.map(row => displayWidth(row.cells[column]!))) + 2 * PADDING);
}

/** Columns the table takes: the cells, and with a box its rules. */
function tableWidth(widths: readonly number[], isBoxed: boolean): number {
	return widths.reduce((sum, width) => sum + width, 0) + (isBoxed ? widths.length + 1 : 0);
}

function cellText(text: string, column: number, width: number): string {
	const padding = ' '.repeat(PADDING);
	return ALIGN[column] === 'left' ? padEnd(padding + text, width) : padStart(text + padding, width);
}

/** The box's lines in the style's glyphs: Unicode box drawing, or ASCII's -, | and +. */
function rule(style: Style, text: string): string {
	return style.isAscii ? [...text].map(character => style.glyphs.box[character] ?? character).join('') : text;
}

export type TotalsTableProps = {
	readonly model: TaskModel;
	readonly window: DurationMs;
	readonly isBoxed: boolean;
	readonly columns: number;
	readonly style: Style;
};

type Line = {readonly key: string; readonly content: ReactNode};

/**
 * Per data type: the total over the window, the rate now, and its share of finished objects.
 * Drawn for a small screen: with a box, one rule under the heading and none between rows;
 * without, no rules at all. The failing row is bold, in the style's 'bad' tone.
 */
export const TotalsTable = memo(function TotalsTable({model, window, isBoxed, columns, style}: TotalsTableProps) {
	const headings = headingsFor(window);
	let data = rows(model, true, style);
	let widths = widthsOf(headings, data);
	if (tableWidth(widths, isBoxed) > columns) {
		data = rows(model, false, style);
		widths = widthsOf(headings, data);
	}

	const muted = paint(style, 'muted');
	const border = (left: string, cross: string, right: string): ReactNode => <Text {...muted}>{rule(style, left + widths.map(width => '─'.repeat(width)).join(cross) + right)}</Text>;
	const edge = (key: string): ReactNode => (isBoxed ? <Text key={key} {...muted}>{rule(style, '│')}</Text> : undefined);
	const row = (cells: readonly string[], cellStyle: {bold?: boolean; color?: string}): ReactNode => (
		<Text>
			{cells.flatMap((cell, column) => [
				edge(`edge-${column}`),
				<Text key={`cell-${column}`} {...cellStyle}>
					{cellText(cell, column, widths[column]!)}
				</Text>,
			])}
			{edge('edge-last')}
		</Text>
	);

	const lines: Line[] = [
		...(isBoxed ? [{key: 'top', content: border('┌', '┬', '┐')}] : []),
		{key: 'heading', content: row(headings, {bold: true})},
		...(isBoxed ? [{key: 'rule', content: border('├', '┼', '┤')}] : []),
		...data.map((each, index) => ({key: `row-${index}`, content: row(each.cells, each.isAlarm ? {bold: true, ...paint(style, 'bad')} : {})})),
		...(isBoxed ? [{key: 'bottom', content: border('└', '┴', '┘')}] : []),
	];
	return (
		<Box flexDirection="column">
			{lines.map(line => (
				<Box key={line.key}>{line.content}</Box>
			))}
		</Box>
	);
});

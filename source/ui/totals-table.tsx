import {Table, type CellProps} from '@alcalzone/ink-table';
import {Text} from 'ink';
import {memo, type PropsWithChildren, type ReactElement} from 'react';
import {DATA_TYPES} from '../domain/statistics.js';
import type {DurationMs} from '../domain/units.js';
import {formatDuration} from '../format/numbers.js';
import {TYPE_NAMES} from './task/charts.js';
import {paint, plainText, type Style} from './kit/style.js';
import {displayWidth} from './kit/text.js';
import type {TaskModel} from './task/model.js';

/** A table row: display text by column heading, and whether the row is the failing one. */
type Row = Record<string, string | boolean>;

type Columns = {readonly type: string; readonly total: string; readonly now: string; readonly share: string};

function columnsFor(window: DurationMs): Columns {
	// Each heading says its span: the window's, or the last 15 minutes for "now".
	return {type: ' ', total: `total ${formatDuration(window)}`, now: 'now (15 min)', share: `share ${formatDuration(window)}`};
}

function rows(model: TaskModel, columns: Columns, isExact: boolean, style: Style): Row[] {
	return DATA_TYPES.map(type => {
		const isAlarm = type === 'FAILURE' && model.isFailing;
		const figures = model.figures?.[type];
		const text = (value: string | undefined): string => plainText(style, value ?? style.glyphs.dash);
		return {
			[columns.type]: isAlarm ? `${TYPE_NAMES[type]} ${style.glyphs.failing} failing` : TYPE_NAMES[type],
			[columns.total]: text(isExact ? figures?.total : figures?.totalCompact),
			[columns.now]: text(figures?.rateNow),
			[columns.share]: figures === undefined ? text(undefined) : (figures.share ?? ''),
			isAlarm,
		};
	});
}

/** Columns the table takes: what ink-table computes (widest cell plus padding), plus the rules. */
function tableWidth(data: readonly Row[], columns: Columns, isBoxed: boolean): number {
	const keys = Object.values(columns);
	const cells = keys.map(key => Math.max(displayWidth(key), ...data.map(row => displayWidth(String(row[key] ?? '')))) + 2);
	return cells.reduce((sum, width) => sum + width, 0) + (isBoxed ? keys.length + 1 : 0);
}

export type TotalsTableProps = {
	readonly model: TaskModel;
	readonly window: DurationMs;
	readonly isBoxed: boolean;
	readonly columns: number;
	readonly style: Style;
};

type TableStyle = {readonly isBoxed: boolean; readonly style: Style};
type TableProps = ConstructorParameters<typeof Table<Row>>[0];

/**
 * ink-table, shaped for a small screen: a rule under the heading only (not between every
 * row), or no rules at all; ASCII rules with --ascii; the failing row drawn with red (or,
 * without colour, bold) cells, since ink-table's cells cannot tell which row they are in.
 * Its row builders are made once per instance from the props, so there is one class per
 * table style (eight at most).
 */
function gridFor(tableStyle: TableStyle): typeof Table<Row> {
	return class TotalsGrid extends Table<Row> {
		constructor(props: TableProps) {
			super(props);
			const plainRow = this.data;
			const alarmRow = new Table<Row>({...props, cell: tableStyle.style.isColor ? AlarmCell : BoldCell}).data;
			this.data = row => (row.data['isAlarm'] === true ? alarmRow(row) : plainRow(row));
			const nothing = (): ReactElement => <></>;
			if (tableStyle.isBoxed) {
				const separator = this.separator;
				this.separator = row => (row.key.endsWith('-0') ? separator(row) : nothing());
			} else {
				this.header = nothing;
				this.footer = nothing;
				this.separator = nothing;
			}
		}
	};
}

type Grid = {readonly Table: typeof Table<Row>; readonly Skeleton: (props: PropsWithChildren) => ReactElement};
const grids = new Map<string, Grid>();

function gridClass(tableStyle: TableStyle): Grid {
	const key = `${tableStyle.isBoxed}-${tableStyle.style.isAscii}-${tableStyle.style.isColor}`;
	let grid = grids.get(key);
	if (grid === undefined) {
		grid = {Table: gridFor(tableStyle), Skeleton: skeletonFor(tableStyle)};
		grids.set(key, grid);
	}

	return grid;
}

function HeadingCell({children}: PropsWithChildren) {
	return <Text bold>{children}</Text>;
}

function PlainCell({children}: CellProps) {
	return <Text>{children}</Text>;
}

function AlarmCell({children}: CellProps) {
	return (
		<Text bold color="red">
			{children}
		</Text>
	);
}

function BoldCell({children}: CellProps) {
	return <Text bold>{children}</Text>;
}

function skeletonFor({isBoxed, style}: TableStyle) {
	return function Skeleton({children}: PropsWithChildren) {
		if (!isBoxed) {
			return <></>;
		}

		const text = typeof children === 'string' ? children : '';
		const mapped = style.isAscii ? [...text].map(character => style.glyphs.box[character] ?? character).join('') : text;
		return <Text {...paint(style, 'muted')}>{mapped}</Text>;
	};
}

/** Per data type: the total over the window, the rate now, and its share of finished objects. */
export const TotalsTable = memo(function TotalsTable({model, window, isBoxed, columns, style}: TotalsTableProps) {
	const names = columnsFor(window);
	let data = rows(model, names, true, style);
	if (tableWidth(data, names, isBoxed) > columns) {
		data = rows(model, names, false, style);
	}

	const tableStyle: TableStyle = {isBoxed, style};
	const grid = gridClass(tableStyle);
	return (
		<grid.Table
			key={`${isBoxed}-${style.isAscii}-${style.isColor}`}
			data={data}
			columns={[
				{key: names.type, align: 'left'},
				{key: names.total, align: 'right'},
				{key: names.now, align: 'right'},
				{key: names.share, align: 'right'},
			]}
			padding={1}
			header={HeadingCell}
			cell={PlainCell}
			skeleton={grid.Skeleton}
		/>
	);
});

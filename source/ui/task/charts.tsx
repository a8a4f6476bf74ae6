import {Box, Text} from 'ink';
import {memo} from 'react';
import {DATA_TYPES, type DataType} from '../../domain/statistics.js';
import type {DurationMs} from '../../domain/units.js';
import {formatClock, formatDuration} from '../../format/numbers.js';
import {axisTime, chartValues, CHART_LABEL_WIDTH, lineChart, resample, sparkline} from '../kit/chart-data.js';
import type {Charts} from './layout.js';
import {paint, plainText, type Style} from '../kit/style.js';
import {fit, padEnd, padStart} from '../kit/text.js';
import type {TaskModel} from './model.js';

export const TYPE_NAMES: Readonly<Record<DataType, string>> = {
	REQUEST: 'requested',
	SUCCESS: 'succeeded',
	FAILURE: 'failed',
	SKIP: 'skipped',
	SIZE: 'transferred',
};

/** Width of the name column left of every chart. */
const SIDE = 13;
/** Width of the rate column right of a sparkline. */
const RATE = 12;

export type ChartsProps = {
	readonly model: TaskModel;
	readonly charts: Exclude<Charts, {kind: 'none'}>;
	readonly window: DurationMs;
	readonly columns: number;
	readonly style: Style;
};

type Side = {readonly name: string; readonly rate: string; readonly alarm: string; readonly lastHour: string};

/** What stands beside a chart: its name, the rate now, and for failures the alarm and last hour's rate. */
function side(type: DataType, {model, style}: ChartsProps): Side {
	const isAlarm = type === 'FAILURE' && model.isFailing;
	const text = (value: string): string => plainText(style, value);
	return {
		name: isAlarm ? `${style.glyphs.failing} ${TYPE_NAMES[type]}` : TYPE_NAMES[type],
		rate: text(model.figures?.[type].rateNow ?? style.glyphs.dash),
		alarm: isAlarm ? 'failing' : '',
		lastHour: type === 'FAILURE' ? text(`${model.failureRateLastHour} 1h`) : '',
	};
}

function column(texts: readonly string[], count: number, width: number, style: Style): string {
	return Array.from({length: count}, (_, index) => padEnd(fit(texts[index] ?? '', width, style.glyphs.ellipsis), width)).join('\n');
}

/** Start and end of the charted buckets under the first and last columns; the window between. */
function TimeAxis({model, window, start, width, style}: {model: TaskModel; window: DurationMs; start: number; width: number; style: Style}) {
	if (model.firstBucket === undefined || model.lastBucket === undefined) {
		return <Text> </Text>;
	}

	const from = axisTime(model.firstBucket, window);
	// The bucket still filling is named, not drawn: it would read as a drop.
	const to = `${axisTime(model.lastBucket, window)}${model.fillingBucket === undefined ? '' : ` (${formatClock(model.fillingBucket)} filling)`}`;
	const middle = `${style.glyphs.left} ${formatDuration(window)} ${style.glyphs.right}`;
	const gap = width - from.length - to.length;
	const inner = gap >= middle.length + 2 ? padEnd(padStart(middle, Math.floor((gap + middle.length) / 2)), gap) : ' '.repeat(Math.max(1, gap));
	return (
		<Text dimColor wrap="truncate-end">
			{' '.repeat(start)}
			{from}
			{inner}
			{to}
		</Text>
	);
}

/** A chart per data type, sharing one time axis; sparklines when lines are few. Drawn again only when its task's data, the size or the style changed. */
export const ChartPanel = memo(function ChartPanel(props: ChartsProps) {
	const {model, charts, columns, style} = props;
	const isSpark = charts.kind === 'spark';
	// Sparkline: name, bars, a space, rate. Line chart: name, then asciichart (labels, axis, values).
	const width = isSpark ? Math.max(1, columns - SIDE - RATE - 1) : chartValues(columns - SIDE);
	return (
		<Box flexDirection="column">
			{DATA_TYPES.map(type => {
				const series = model.series?.[type];
				const fitted = series === undefined ? undefined : resample(series.values, series.known, width);
				const plot =
					fitted === undefined
						? []
						: isSpark
							? sparkline(fitted, charts.rows, style.glyphs)
							: lineChart(fitted.values, {height: charts.rows - 1, type, symbols: style.glyphs.chart});
				const isAlarm = type === 'FAILURE' && model.isFailing;
				const color = paint(style, isAlarm ? 'bad' : undefined);
				const about = side(type, props);
				const left = isSpark ? [about.name, about.alarm] : [about.name, about.rate, about.alarm, about.lastHour];
				return (
					<Box key={type} height={charts.rows}>
						<Text {...color} bold={isAlarm}>
							{column(left, charts.rows, SIDE, style)}
						</Text>
						<Text {...color} wrap="truncate-end">
							{column(plot, charts.rows, isSpark ? width : columns - SIDE, style)}
						</Text>
						{isSpark ? (
							<Text {...color}>
								{column([` ${padStart(about.rate, RATE)}`, ` ${padStart(about.lastHour, RATE)}`], charts.rows, RATE + 1, style)}
							</Text>
						) : undefined}
					</Box>
				);
			})}
			<TimeAxis model={model} window={props.window} start={SIDE + (isSpark ? 0 : CHART_LABEL_WIDTH)} width={width} style={style} />
		</Box>
	);
});

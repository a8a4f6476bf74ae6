import {plot} from 'asciichart';
import type {DataType} from '../../domain/statistics.js';
import {DAY, MINUTE, SECOND, type DurationMs, type EpochMs} from '../../domain/units.js';
import {formatByteRate, formatClock, formatDay, formatPerMinute} from '../../format/numbers.js';
import type {SeriesView} from '../../series/task-series.js';
import type {ChartSymbols, Glyphs} from './style.js';
import {padStart} from './text.js';

/**
 * Buckets the charts draw: all but a trailing bucket that was still filling when the
 * newest answer was taken (it would draw as a drop to zero at the right edge every time),
 * the same buckets the rates are taken over. All of them if none is complete yet.
 */
export function chartedBuckets(view: SeriesView): number {
	let count = view.times.length;
	while (count > 0 && view.known[count - 1] && !view.complete[count - 1]) {
		count--;
	}

	return count === 0 ? view.times.length : count;
}

/**
 * One data type of a view as plain numbers in the unit of "now" beside it, whatever the
 * bucket length: objects per minute, or bytes per second for SIZE.
 */
export function seriesOf(view: SeriesView, type: DataType, count = view.times.length): number[] {
	const per = type === 'SIZE' ? view.bucketLength / SECOND : view.bucketLength / MINUTE;
	return view.values[type].slice(0, count).map(value => {
		// Counts reach 2^63; a double holds them closely enough to draw.
		const number = Number(value) / per;
		return Number.isFinite(number) && number > 0 ? number : 0;
	});
}

export type Resampled = {readonly values: number[]; readonly known: boolean[]};

/**
 * Fits a series to `columns` cells: several buckets to a cell become their peak (so the
 * label at the top is the highest bucket, not an average of some), one bucket over
 * several cells is repeated, so the time axis always spans the full width. A cell none
 * of whose buckets is known is unknown, and holds 0.
 */
export function resample(values: readonly number[], known: readonly boolean[], columns: number): Resampled {
	const count = values.length;
	const out: Resampled = {values: [], known: []};
	if (count === 0 || columns <= 0) {
		return out;
	}

	for (let column = 0; column < columns; column++) {
		const from = Math.floor((column * count) / columns);
		const to = Math.max(from + 1, Math.floor(((column + 1) * count) / columns));
		let peak = 0;
		let held = 0;
		for (let index = from; index < to; index++) {
			if (known[index] ?? true) {
				peak = Math.max(peak, values[index] ?? 0);
				held++;
			}
		}

		out.values.push(peak);
		out.known.push(held > 0);
	}

	return out;
}

/**
 * A sparkline `rows` cells tall, top row first: each cell stacks eight levels, so two rows
 * tell sixteen heights apart. Zero is blank, any value above zero shows at least the
 * lowest level, unknown cells show a dot on the bottom row.
 */
export function sparkline(series: Resampled, rows: number, glyphs: Glyphs): string[] {
	const levels = glyphs.spark.length * rows;
	const max = Math.max(0, ...series.values);
	const lines: string[] = Array.from({length: rows}, () => '');
	series.values.forEach((value, index) => {
		const isKnown = series.known[index] ?? true;
		const level = !isKnown || value <= 0 || max === 0 ? 0 : Math.max(1, Math.round((value / max) * levels));
		for (let row = 0; row < rows; row++) {
			const floor = (rows - 1 - row) * glyphs.spark.length;
			const inCell = Math.min(glyphs.spark.length, level - floor);
			let cell = inCell > 0 ? glyphs.spark[inCell - 1]! : ' ';
			if (!isKnown && row === rows - 1) {
				cell = glyphs.unknown;
			}

			lines[row] += cell;
		}
	});
	return lines;
}

/** Columns taken by the y labels of a chart: "999.9k/min", "999.9 MiB/s". */
export const CHART_LABEL_WIDTH = 12;

/**
 * A chart of n values is CHART_LABEL_WIDTH + n columns wide: the first value sits on the
 * axis column, each further one takes a column.
 */
export function chartValues(width: number): number {
	return Math.max(2, width - CHART_LABEL_WIDTH);
}

export function chartLabel(type: DataType, value: number): string {
	return `${padStart(type === 'SIZE' ? formatByteRate(value) : formatPerMinute(value), CHART_LABEL_WIDTH - 1)} `;
}

/**
 * asciichart over a series that is already fitted to the columns: always `height + 1`
 * lines, whatever the data, with zero at the bottom. asciichart gets the values scaled to
 * 0…height (finite, any magnitude: a denormal or 2^63 alike) and an all-zero series a
 * range of one; the labels show the real values. Lines have no trailing spaces.
 */
export function lineChart(values: readonly number[], options: {height: number; type: DataType; symbols: ChartSymbols}): string[] {
	const clean = values.map(value => (Number.isFinite(value) && value > 0 ? value : 0));
	if (clean.length === 0) {
		clean.push(0);
	}

	const max = Math.max(...clean);
	const height = Math.max(1, options.height);
	const scaled = clean.map(value => (max > 0 ? (value / max) * height : 0));
	const blank = ' '.repeat(CHART_LABEL_WIDTH);
	const text = plot(scaled, {
		height,
		// min and max are hints that only widen the range: this one is exactly 0…height.
		min: 0,
		max: height,
		offset: 2,
		symbols: options.symbols,
		// Only the top (the peak) and the bottom (zero) are labelled: fewer digits to read and to send.
		format: (_value, row) => (row === height ? chartLabel(options.type, 0) : row === 0 && max > 0 ? chartLabel(options.type, max) : blank),
	});
	return text.split('\n').map(line => line.trimEnd());
}

/** A bucket start on the time axis: HH:MM, with the date when the window spans a day or more. */
export function axisTime(time: EpochMs, window: DurationMs): string {
	if (window < DAY) {
		return formatClock(time);
	}

	return `${formatDay(time)} ${formatClock(time)}`;
}

import {DATA_TYPES, type DataType, type Granularity} from '../../domain/statistics.js';
import type {TaskInfo} from '../../domain/task-info.js';
import type {EpochMs} from '../../domain/units.js';
import {formatByteRate, formatBytes, formatClock, formatCompact, formatCount, formatPerMinute, formatPercent} from '../../format/numbers.js';
import type {Figures} from '../../series/figures.js';
import type {OmstopError} from '../../domain/errors.js';
import {sanitize} from '../../format/sanitize.js';
import type {MonthFigures, TaskSnapshot} from '../../series/store.js';

const INT64_MAX = 2n ** 63n - 1n;
import {chartedBuckets, seriesOf} from '../kit/chart-data.js';
import {isFailing} from '../../series/figures.js';

/** A charted series: one number per bucket, oldest first, and whether an answer covered it. */
export type ChartSeries = {readonly values: readonly number[]; readonly known: readonly boolean[]};

export type TypeFigures = {
	/** Exact: digits grouped; sizes in binary units. */
	readonly total: string;
	/** The same in few columns, for narrow screens. */
	readonly totalCompact: string;
	readonly rateNow: string;
	/** Part of the finished objects; undefined for REQUEST and SIZE. */
	readonly share: string | undefined;
};

/**
 * What the screen shows of one task, as plain text and numbers: derived once per store
 * change, so components only draw (and hold no bigint, which React's development build
 * cannot serialize when it compares props).
 */
export type TaskModel = {
	readonly granularity: Granularity | undefined;
	/** Start of the first and of the last charted bucket. */
	readonly firstBucket: EpochMs | undefined;
	readonly lastBucket: EpochMs | undefined;
	/** Start of the bucket still filling after the charted ones (not drawn: it is partial), if any. */
	readonly fillingBucket: EpochMs | undefined;
	readonly series: Readonly<Record<DataType, ChartSeries>> | undefined;
	readonly figures: Readonly<Record<DataType, TypeFigures>> | undefined;
	readonly failureRateLastHour: string;
	readonly isFailing: boolean;
};

function rateNow(figures: Figures, type: DataType): string {
	return type === 'SIZE' ? formatByteRate(figures.bytesPerSecond) : formatPerMinute(figures.perMinute?.[type]);
}

function share(figures: Figures, type: DataType): string | undefined {
	if (type === 'REQUEST' || type === 'SIZE') {
		return undefined;
	}

	if (type === 'FAILURE') {
		// Figures.failureRate itself, so that the screen and --once agree.
		return formatPercent(figures.failureRate);
	}

	const {SUCCESS, FAILURE, SKIP} = figures.totals;
	const finished = SUCCESS + FAILURE + SKIP;
	return formatPercent(finished === 0n ? null : Number(figures.totals[type]) / Number(finished));
}

function typeFigures(figures: Figures, type: DataType): TypeFigures {
	const total = figures.totals[type];
	return {
		total: type === 'SIZE' ? formatBytes(total) : formatCount(total),
		totalCompact: type === 'SIZE' ? formatBytes(total) : formatCompact(Number(total)),
		rateNow: rateNow(figures, type),
		share: share(figures, type),
	};
}

export function taskModel(task: TaskSnapshot | undefined, failureThreshold: number): TaskModel {
	const view = task?.view;
	const figures = task?.figures;
	const count = view === undefined ? 0 : chartedBuckets(view);
	const byType = <T>(make: (type: DataType) => T): Record<DataType, T> =>
		Object.fromEntries(DATA_TYPES.map(type => [type, make(type)])) as Record<DataType, T>;
	return {
		granularity: view?.granularity,
		firstBucket: view?.times[0],
		lastBucket: view?.times[count - 1],
		fillingBucket: view !== undefined && count < view.times.length && view.known[count] === true ? view.times[count] : undefined,
		series: view === undefined ? undefined : byType(type => ({values: seriesOf(view, type, count), known: view.known.slice(0, count)})),
		figures: figures === undefined ? undefined : byType(type => typeFigures(figures, type)),
		failureRateLastHour: formatPercent(figures?.failureRateLastHour),
		isFailing: isFailing(figures, failureThreshold),
	};
}

/** The task's details as the list and show calls told them, most telling first when cut. */
export function taskDetails(info: TaskInfo | undefined, month: MonthFigures | undefined, detailsError?: OmstopError): Array<{text: string; rank: number}> {
	if (info === undefined) {
		return [{text: detailsError === undefined ? 'details not known yet' : `details unavailable: ${sanitize(detailsError.message, 200)}`, rank: 0}];
	}

	const parts = [
		{text: info.status ?? 'status unknown', rank: 0},
		{text: `${info.srcBucket ?? '?'} → ${info.dstBucket ?? '?'}`, rank: 1},
		{text: `from ${[info.srcCloudType, info.srcRegion].filter(Boolean).join(' ') || '?'} to ${info.dstRegion ?? '?'}`, rank: 3},
	];
	if (month !== undefined) {
		const {requested, failed, bytes} = month.counters;
		// The API caps a counter at 2^63−1: that is a floor, not the value.
		const capped = (value: bigint, text: string): string => (value >= INT64_MAX ? `≥${text}` : text);
		const name = new Date(month.asOf).toLocaleString('en', {month: 'short', timeZone: 'UTC'});
		parts.push({
			text: `${name} (as of ${formatClock(month.asOf)}): ${capped(requested, formatCompact(Number(requested)))} req, ${capped(failed, formatCompact(Number(failed)))} failed, ${capped(bytes, formatBytes(bytes))}`,
			rank: 2,
		});
	}

	return parts;
}

import {DATA_TYPES, type DataType, type Granularity} from '../../domain/statistics.js';
import type {TaskInfo} from '../../domain/task-info.js';
import type {DurationMs, EpochMs, TaskId} from '../../domain/units.js';
import type {OmstopError} from '../../domain/errors.js';
import {formatByteRate, formatBytes, formatClock, formatClockSeconds, formatCompact, formatCount, formatDuration, formatPerMinute, formatPercent, formatZone} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {Figures} from '../../series/figures.js';
import {troubleOf} from '../../series/trouble.js';
import type {MonthFigures, TaskSnapshot, TaskStatus} from '../../series/store.js';
import {chartedBuckets, seriesOf} from '../kit/chart-data.js';
import {hintText} from '../kit/hint.js';
import type {ScreenFrame} from '../kit/screen-frame.js';
import {describeStatus} from '../kit/status.js';
import {plainText, type Style, type Tone} from '../kit/style.js';
import {displayWidth, fit, fitMiddle, joinFitting, withoutCommonPrefix} from '../kit/text.js';
import {DETAILS_LINES, HEADER_LINES, HINT_LINES, TASK_BAR_LINES, type Layout} from './layout.js';

const INT64_MAX = 2n ** 63n - 1n;

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
		// The overview's rule: a stale or deleted task's figures are old, not a failure now.
		isFailing: task !== undefined && troubleOf(task, failureThreshold).isFailing,
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

/** One tab of the task bar, as drawn. */
export type TabLine = {
	readonly key: TaskId;
	readonly text: string;
	readonly isSelected: boolean;
	readonly tone: Tone | undefined;
	/** A space after it, when the tab is narrower than its share of the line. */
	readonly isSpaced: boolean;
};

/** What the task screen draws: every line but the ticking status line already made and fitted. */
export type TaskScreenModel = {
	readonly kind: 'task';
	readonly columns: number;
	readonly layout: Extract<Layout, {kind: 'monitor'}>;
	readonly isDemo: boolean;
	/** The header's first line: the task, the window, the buckets, where the data comes from. */
	readonly title: string;
	/** What the status line (which ticks every second) is made of: see statusLine. */
	readonly status: {readonly status: TaskStatus | undefined; readonly skew: string | undefined};
	/** The task bar, when the layout has one; `more` counts the tabs left out. */
	readonly tabs: {readonly tabs: readonly TabLine[]; readonly more: string} | undefined;
	/** The details line, when the layout has one. */
	readonly details: string | undefined;
	/** The charts' and the table's figures. */
	readonly figures: TaskModel;
	readonly window: DurationMs;
	/** Lines the help takes instead of the charts and the table, when it is open. */
	readonly helpLines: number | undefined;
	readonly hint: string | undefined;
};

export type TaskScreenInput = ScreenFrame & {
	readonly task: TaskSnapshot | undefined;
	/** The tabs, in the order the task screen steps through them. */
	readonly tabs: ReadonlyArray<{readonly taskId: TaskId; readonly name: string | undefined; readonly isFailing: boolean; readonly hasUnseenFailures: boolean}>;
	readonly layout: Extract<Layout, {kind: 'monitor'}>;
	readonly isHelpOpen: boolean;
	readonly isPaused: boolean;
	readonly failureThreshold: number;
};

/** Brackets as well as reverse video: the mark stays a mark where styles are off. */
export const DEMO_MARK = '[DEMO]';
/** Keys 1–9 reach the first nine tasks; the others are reached with next/previous. */
const NUMBERED = 9;
/** A UUID's first group. */
const ID_PREFIX = 8;

function titleLine(input: TaskScreenInput, granularity: Granularity | undefined): string {
	const {task, style, isDemo} = input;
	const {glyphs} = style;
	const room = input.columns - (isDemo ? displayWidth(DEMO_MARK) + 1 : 0);
	const id = task === undefined ? 'no task' : sanitize(task.taskId, 80);
	const name = task?.info?.description;
	const taskText = name === undefined ? id : `${sanitize(name, 60)} (${id})`;
	const parts = [
		{text: plainText(style, fit(taskText, room, glyphs.ellipsis)), rank: 0},
		{text: `window ${formatDuration(input.window)}`, rank: 1},
		...(granularity === undefined ? [] : [{text: granularity === 'FIVE_MINUTES' ? '5-min buckets' : 'hourly buckets', rank: 3}]),
		...(isDemo ? [{text: 'simulated data', rank: 4}] : [{text: plainText(style, sanitize(input.label, 60)), rank: 2}]),
		...(input.credentials === undefined ? [] : [{text: plainText(style, sanitize(`credentials from ${input.credentials}`, 120)), rank: 5}]),
	];
	return joinFitting(parts, glyphs.separator, room);
}

/**
 * One line of tasks: the selected one in brackets (and reversed), marks for failing now
 * and for failures not yet seen, so that nothing depends on colour.
 */
function tabsLine(input: TaskScreenInput, selected: number): NonNullable<TaskScreenModel['tabs']> {
	const {tabs, columns, style} = input;
	const marks = (tab: TaskScreenInput['tabs'][number]): string => `${tab.isFailing ? style.glyphs.failing : ''}${tab.hasUnseenFailures ? style.glyphs.unseen : ''}`;
	const shown = tabs.map((tab, index) => ({tab, index})).filter(({index}) => index < NUMBERED || index === selected);
	const hidden = tabs.length - shown.length;
	const more = hidden > 0 ? ` +${hidden}` : '';
	// Each tab: "[n labelmarks]" or " n labelmarks "; the label shrinks to what the width allows.
	const perTab = Math.floor((columns - more.length) / Math.max(1, shown.length));
	const markRoom = Math.max(0, ...tabs.map(tab => marks(tab).length));
	const labelRoom = Math.min(16, perTab - 4 - (markRoom > 0 ? markRoom + 1 : 0));
	// The part of the names that tells the tabs apart, cut in the middle where it is long.
	const named = shown.flatMap(({tab}) => (tab.name === undefined ? [] : [tab.taskId]));
	const short = new Map(
		withoutCommonPrefix(shown.flatMap(({tab}) => (tab.name === undefined ? [] : [plainText(style, sanitize(tab.name, 80))]))).map((name, index) => [named[index]!, name]),
	);
	return {
		tabs: shown.map(({tab, index}) => {
			const isSelected = index === selected;
			const number = index < NUMBERED ? String(index + 1) : '#';
			// A task id is cut without an ellipsis, at most to its first group: the first
			// characters are how people tell ids apart.
			const name =
				tab.name === undefined
					? fit(plainText(style, sanitize(tab.taskId, 80)), Math.min(ID_PREFIX, labelRoom), '')
					: fitMiddle(short.get(tab.taskId) ?? '', labelRoom, style.glyphs.ellipsis);
			const label = labelRoom >= 3 ? ` ${name}` : '';
			const mark = marks(tab);
			const body = `${number}${label}${mark === '' ? '' : ` ${mark}`}`;
			const text = isSelected ? `[${body}]` : ` ${body} `;
			return {key: tab.taskId, text, isSelected, tone: tab.isFailing ? 'bad' : isSelected ? 'accent' : undefined, isSpaced: displayWidth(text) < perTab};
		}),
		more,
	};
}

/** The task screen: header, task bar, details, charts, totals and hint, as many as the layout allows. */
export function taskScreenModel(input: TaskScreenInput): TaskScreenModel {
	const {task, layout, columns, style} = input;
	const figures = taskModel(task, input.failureThreshold);
	const selected = Math.max(0, input.tabs.findIndex(tab => tab.taskId === task?.taskId));
	const bodyLines = layout.lines - HEADER_LINES - (layout.isTaskBar ? TASK_BAR_LINES : 0) - (layout.isHint ? HINT_LINES : 0) - (layout.isDetails ? DETAILS_LINES : 0);
	return {
		kind: 'task',
		columns,
		layout,
		isDemo: input.isDemo,
		title: titleLine(input, figures.granularity),
		status: {status: task?.status, skew: input.skew},
		tabs: layout.isTaskBar ? tabsLine(input, selected) : undefined,
		details: layout.isDetails ? plainText(style, joinFitting(taskDetails(task?.info, task?.month, task?.detailsError), style.glyphs.separator, columns)) : undefined,
		figures,
		window: input.window,
		helpLines: input.isHelpOpen ? bodyLines : undefined,
		hint: layout.isHint ? hintText({screen: 'task', isHelpOpen: input.isHelpOpen, isFiltering: false}, input.isPaused, columns, style) : undefined,
	};
}

/** The status line at `time`: what polling is doing, how old the data is, the clock with its zone. */
export function statusLine(model: TaskScreenModel['status'], time: EpochMs, columns: number, style: Style): {state: string; tone: Tone; details: string} | undefined {
	if (model.status === undefined) {
		return undefined;
	}

	const status = describeStatus(model.status, time);
	// The clock with its zone: every time on screen is in it.
	const parts = [...status.details, `${formatClockSeconds(time)} ${formatZone(time)}`, ...(model.skew === undefined ? [] : [model.skew])];
	const room = columns - displayWidth(status.state) - displayWidth(style.glyphs.separator);
	return {
		state: fit(status.state, columns, style.glyphs.ellipsis),
		tone: status.tone,
		details: fit(plainText(style, parts.join(style.glyphs.separator)), Math.max(0, room), style.glyphs.ellipsis),
	};
}

import {describeSkew, SHOWN_SKEW} from '../client/server-clock.js';
import type {EpochMs, TaskId} from '../domain/units.js';
import {formatZone} from '../format/numbers.js';
import type {StoreSnapshot, TaskSnapshot} from '../series/store.js';
import {troubleOf} from '../series/trouble.js';
import type {Picker, PickerEntry} from './context-list.js';
import type {Style} from './kit/style.js';
import {OVERVIEW_CHROME_LINES, overviewModel, pageStart, type ContextFooter, type OverviewModel} from './overview/model.js';
import {arrangeRows, inContext, overviewCounts, type OverviewRow, type RowContext} from './overview/rows.js';
import {chooseLayout, MIN_COLUMNS} from './task/layout.js';
import {taskScreenModel, type TaskScreenModel} from './task/model.js';
import {hasUnseenFailures, selectedIndex, type UiState} from './ui-state.js';

/** Rows of tasks the overview needs at the least. */
const MIN_OVERVIEW_ROWS = 3;

/** What does not change while the monitor runs. */
export type ScreenOptions = {
	/** A ratio: 0.01 is 1%. */
	readonly failureThreshold: number;
	/** Region or endpoint host; 'DEMO' in demo mode. */
	readonly label: string;
	/** Where the credentials came from (not in demo mode). */
	readonly credentials: string | undefined;
	readonly isDemo: boolean;
	/** What the overview says when the project's listing is empty. */
	readonly emptyText: string | undefined;
	readonly style: Style;
};

/** The contexts watched, when there are several: `c` lists them, the overview names each row's. */
export type ContextsInput = {
	/** Every context, in the config's order, with its own snapshot. */
	readonly all: readonly PickerEntry[];
	/** The names of those the overview shows. */
	readonly shown: readonly string[];
	readonly ownerOf: (taskId: TaskId) => RowContext | undefined;
};

export type ScreenInput = {
	readonly snapshot: StoreSnapshot;
	readonly ui: UiState;
	readonly picker: Picker | undefined;
	readonly isPaused: boolean;
	readonly columns: number;
	readonly rows: number;
	/** Only for the zone every time is in, and whether a stale row's time is today's. */
	readonly now: EpochMs;
	readonly options: ScreenOptions;
	readonly contexts: ContextsInput | undefined;
	/** A task's overview row: overviewRow, or a cache of it. */
	readonly rowOf: (task: TaskSnapshot) => OverviewRow;
};

/** What the keys act on, and what polling needs to know of the screen. */
export type Navigation = {
	/** The overview's rows in the order shown (filter and sort). */
	readonly arrangedIds: readonly TaskId[];
	/** What the task screen steps through: the overview's order, or every task when the one shown is filtered out. */
	readonly stepIds: readonly TaskId[];
	/** The task the task screen shows. */
	readonly viewed: TaskId | undefined;
	/** The tasks on screen: polled at the interval, the others less often. */
	readonly visible: readonly TaskId[];
	/** Rows of the overview's page. */
	readonly pageHeight: number;
	readonly contextNames: readonly string[];
};

export type TooSmallModel = {readonly kind: 'too-small'; readonly columns: number; readonly rows: number; readonly needColumns: number; readonly needRows: number};
export type ContextListModel = {
	readonly kind: 'contexts';
	readonly entries: readonly PickerEntry[];
	readonly picker: Picker;
	readonly shown: readonly string[];
	readonly columns: number;
	readonly lines: number;
};
export type Screen = TooSmallModel | ContextListModel | OverviewModel | TaskScreenModel;

export type ScreenModel = {readonly nav: Navigation; readonly screen: Screen};

/**
 * Which screen shows and everything it draws, from the store's snapshot, the UI state and
 * the terminal's size: pure, so that every screen is tested without Ink or a network.
 */
export function screenModel(input: ScreenInput): ScreenModel {
	const {snapshot, ui, options, contexts} = input;
	const {tasks} = snapshot;
	const {style, failureThreshold} = options;
	const rows = tasks.map(input.rowOf);
	// With several contexts shown, each row names its context (and `/` finds it by it).
	const isCombined = (contexts?.shown.length ?? 0) > 1;
	const contextRows =
		isCombined && contexts !== undefined
			? rows.map(row => {
					const owner = contexts.ownerOf(row.taskId);
					return owner === undefined ? row : inContext(row, owner);
				})
			: rows;
	const footers: ContextFooter[] | undefined =
		isCombined && contexts !== undefined
			? contexts.all
					.filter(({context}) => contexts.shown.includes(context.name))
					.map(({context, snapshot: part}) => {
						const own = new Set(tasks.filter(each => contexts.ownerOf(each.taskId)?.name === context.name).map(each => each.taskId));
						return {
							context,
							counts: overviewCounts(
								tasks.filter(each => own.has(each.taskId)),
								contextRows.filter(row => own.has(row.taskId)),
							),
							discovery: part.discovery,
						};
					})
			: undefined;
	const arranged = arrangeRows(contextRows, ui.sort, ui.filter);
	const arrangedIds = arranged.map(row => row.taskId);
	const taskIds = tasks.map(task => task.taskId);
	const task = tasks[selectedIndex(ui, taskIds)];
	const viewed = task?.taskId;
	// The task screen steps through the tasks in the overview's order and filter.
	const stepIds = viewed !== undefined && arrangedIds.includes(viewed) ? arrangedIds : taskIds;
	// A footer for each context shown past the first.
	const chromeLines = OVERVIEW_CHROME_LINES + Math.max(0, (footers?.length ?? 1) - 1);
	const pageHeight = input.rows - 1 - chromeLines;
	const cursor = Math.max(0, ui.selected === undefined ? 0 : arrangedIds.indexOf(ui.selected));
	const pageFirst = pageStart(cursor, pageHeight);
	const nav: Navigation = {
		arrangedIds,
		stepIds,
		viewed,
		visible: ui.screen === 'overview' ? arrangedIds.slice(pageFirst, pageFirst + Math.max(0, pageHeight)) : viewed === undefined ? [] : [viewed],
		pageHeight,
		contextNames: contexts?.all.map(({context}) => context.name) ?? [],
	};
	const layout = chooseLayout(input.columns, input.rows, tasks.length);
	if (layout.kind === 'too-small' || (ui.screen === 'overview' && pageHeight < MIN_OVERVIEW_ROWS)) {
		const needRows = Math.max(layout.kind === 'too-small' ? layout.needRows : 0, chromeLines + MIN_OVERVIEW_ROWS + 1);
		return {nav, screen: {kind: 'too-small', columns: input.columns, rows: input.rows, needColumns: MIN_COLUMNS, needRows}};
	}

	if (input.picker !== undefined && contexts !== undefined) {
		return {nav, screen: {kind: 'contexts', entries: contexts.all, picker: input.picker, shown: contexts.shown, columns: input.columns, lines: input.rows - 1}};
	}

	// The labels of the contexts shown, which `c` changes.
	const label = contexts === undefined ? options.label : contexts.all.filter(({context}) => contexts.shown.includes(context.name)).map(({context}) => context.label).join(', ');
	const frame = {
		label,
		isDemo: options.isDemo,
		credentials: options.credentials,
		window: snapshot.window,
		columns: input.columns,
		style,
		skew: Math.abs(snapshot.serverOffset) >= SHOWN_SKEW ? describeSkew(snapshot.serverOffset) : undefined,
	};
	if (ui.screen === 'overview') {
		return {
			nav,
			screen: overviewModel({
				...frame,
				arranged,
				cursor,
				height: pageHeight,
				counts: overviewCounts(tasks, contextRows),
				discovery: snapshot.discovery,
				ui,
				isPaused: input.isPaused,
				zone: formatZone(input.now),
				emptyText: options.emptyText,
				footers,
			}),
		};
	}

	// Numbered as the task screen steps: in the overview's order.
	const byId = new Map(tasks.map(each => [each.taskId, each]));
	return {
		nav,
		screen: taskScreenModel({
			...frame,
			task,
			tabs: stepIds.map(taskId => {
				const each = byId.get(taskId);
				return {
					taskId,
					name: each?.info?.description,
					isFailing: each !== undefined && troubleOf(each, failureThreshold).isFailing,
					hasUnseenFailures: taskId !== viewed && hasUnseenFailures(ui, taskId, each?.view),
				};
			}),
			layout,
			isHelpOpen: ui.isHelpOpen,
			isPaused: input.isPaused,
			failureThreshold,
		}),
	};
}

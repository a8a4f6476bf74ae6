import {PRESET_WINDOWS} from '../config/config.js';
import {HOUR, type Count, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import {failuresSince} from '../series/figures.js';
import {troubleOf} from '../series/trouble.js';
import type {StoreSnapshot} from '../series/store.js';
import type {SeriesView} from '../series/task-series.js';
import {alignDown} from '../series/window.js';
import {SORTS, type SortKey} from './overview/rows.js';

/** The next window of the cycle after `current`, wrapping to the first. */
export function nextWindow(current: DurationMs, cycle: readonly DurationMs[] = PRESET_WINDOWS): DurationMs {
	return cycle.find(window => window > current) ?? cycle[0]!;
}

/** What the operator had seen of a task's failures when they last looked at it. */
export type Seen = {readonly since: EpochMs; readonly failures: Count};

export type UiState = {
	/** Undefined means the first task. The overview's cursor is the same task. */
	readonly selected: TaskId | undefined;
	readonly screen: 'overview' | 'task';
	readonly isHelpOpen: boolean;
	readonly seen: ReadonlyMap<TaskId, Seen>;
	readonly sort: SortKey;
	/** What `/` narrows the overview to (id, description or bucket). */
	readonly filter: string;
	/** The filter prompt has the keys. */
	readonly isFiltering: boolean;
};

export const INITIAL_UI_STATE: UiState = {
	selected: undefined,
	screen: 'overview',
	isHelpOpen: false,
	seen: new Map(),
	sort: 'trouble',
	filter: '',
	isFiltering: false,
};

/** The filter prompt holds at most this many characters. */
const MAX_FILTER = 60;

export type UiAction =
	| {readonly type: 'previous' | 'next'; readonly taskIds: readonly TaskId[]}
	| {readonly type: 'jump'; readonly index: number; readonly taskIds: readonly TaskId[]}
	| {readonly type: 'toggle-help'}
	| {readonly type: 'close-help'}
	| {readonly type: 'overview' | 'cycle-sort' | 'filter-start' | 'filter-erase' | 'filter-done' | 'filter-clear'}
	/** Opens the screen of the task under the overview's cursor; `taskIds` are the rows in the order shown. */
	| {readonly type: 'open'; readonly taskIds: readonly TaskId[]}
	| {readonly type: 'filter-type'; readonly text: string}
	/** Moves the overview's cursor over `taskIds`, the rows in the order shown. */
	| {readonly type: 'move'; readonly by: number; readonly taskIds: readonly TaskId[]}
	/**
	 * A frame was drawn: `viewed` (the task it showed) counts as seen, as it was then, even
	 * if the selection has moved on since; tasks never seen get their baseline.
	 */
	| {
			readonly type: 'observe';
			readonly tasks: ReadonlyArray<{readonly taskId: TaskId; readonly view: SeriesView | undefined}>;
			readonly viewed: TaskId | undefined;
			readonly now: EpochMs;
	  };

export function selectedIndex(state: UiState, taskIds: readonly TaskId[]): number {
	const index = state.selected === undefined ? 0 : taskIds.indexOf(state.selected);
	return Math.max(0, index);
}

function select(state: UiState, taskIds: readonly TaskId[], index: number): UiState {
	const taskId = taskIds[index];
	return taskId === undefined || taskId === state.selected ? state : {...state, selected: taskId};
}

export function reduceUi(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'previous':
		case 'next': {
			const count = action.taskIds.length;
			if (count === 0) {
				return state;
			}

			const step = action.type === 'next' ? 1 : -1;
			return select(state, action.taskIds, (selectedIndex(state, action.taskIds) + step + count) % count);
		}

		case 'jump': {
			return select(state, action.taskIds, action.index);
		}

		case 'toggle-help': {
			return {...state, isHelpOpen: !state.isHelpOpen};
		}

		case 'open': {
			const opened = state.selected !== undefined && action.taskIds.includes(state.selected) ? state.selected : action.taskIds[0];
			return opened === undefined ? state : {...state, selected: opened, screen: 'task', isHelpOpen: false};
		}

		case 'overview': {
			return {...state, screen: 'overview', isHelpOpen: false};
		}

		case 'cycle-sort': {
			return {...state, sort: SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length]!};
		}

		case 'filter-start': {
			return {...state, isFiltering: true};
		}

		case 'filter-type': {
			return {...state, filter: (state.filter + action.text).slice(0, MAX_FILTER)};
		}

		case 'filter-erase': {
			return {...state, filter: Array.from(state.filter).slice(0, -1).join('')};
		}

		case 'filter-done': {
			return {...state, isFiltering: false};
		}

		case 'filter-clear': {
			return {...state, filter: '', isFiltering: false};
		}

		case 'move': {
			const count = action.taskIds.length;
			if (count === 0) {
				return state;
			}

			// With nothing selected yet, the cursor stands on the first row shown.
			const from = Math.max(0, state.selected === undefined ? 0 : action.taskIds.indexOf(state.selected));
			return select(state, action.taskIds, Math.min(count - 1, Math.max(0, from + action.by)));
		}

		case 'close-help': {
			return state.isHelpOpen ? {...state, isHelpOpen: false} : state;
		}

		case 'observe': {
			const since = alignDown(action.now, HOUR);
			let seen: Map<TaskId, Seen> | undefined;
			for (const {taskId, view} of action.tasks) {
				const before = state.seen.get(taskId);
				// A task is seen while selected; the others are seen once, when their data first comes.
				if (view === undefined || (before !== undefined && taskId !== action.viewed)) {
					continue;
				}

				const failures = failuresSince(view, since);
				if (before?.since !== since || before.failures !== failures) {
					seen ??= new Map(state.seen);
					seen.set(taskId, {since, failures});
				}
			}

			return seen === undefined ? state : {...state, seen};
		}
	}
}

/** Failures arrived since the operator last looked at the task. */
export function hasUnseenFailures(state: UiState, taskId: TaskId, view: SeriesView | undefined): boolean {
	const seen = state.seen.get(taskId);
	return seen !== undefined && view !== undefined && failuresSince(view, seen.since) > seen.failures;
}

/**
 * Whether a store change shows on a task's screen: the task itself, or the task bar
 * (tasks, names, which fail, new failures), or the window. Polls of the other tasks mostly
 * do not, and each change the UI takes costs Ink a whole frame, drawn or not.
 */
export function showsOnTaskScreen(shown: StoreSnapshot, next: StoreSnapshot, viewed: TaskId | undefined, threshold: number): boolean {
	if (shown.window !== next.window || shown.discovery !== next.discovery || shown.tasks.length !== next.tasks.length) {
		return true;
	}

	return next.tasks.some((task, index) => {
		const before = shown.tasks[index];
		if (task === before) {
			return false;
		}

		if (before === undefined || task.taskId !== before.taskId || task.taskId === viewed || task.info !== before.info) {
			return true;
		}

		return (
			(task.view === undefined) !== (before.view === undefined)
			|| task.figures?.totals.FAILURE !== before.figures?.totals.FAILURE
			|| troubleOf(task, threshold).isFailing !== troubleOf(before, threshold).isFailing
		);
	});
}

import type {DurationMs, TaskId} from '../../domain/units.js';
import {movePicker, openPicker, pickedContexts, toggleMark, type Picker} from '../context-list.js';
import {nextWindow, type UiAction} from '../ui-state.js';
import type {KeyAction} from './table.js';

/** What a key does, for the app to carry out: a change of the UI state, or of polling, or of the terminal. */
export type Command =
	| {readonly type: 'ui'; readonly action: UiAction}
	/** The context list: open (a picker), moved or marked, or closed (undefined). */
	| {readonly type: 'picker'; readonly picker: Picker | undefined}
	| {readonly type: 'show-contexts'; readonly names: readonly string[]}
	| {readonly type: 'set-window'; readonly window: DurationMs}
	| {readonly type: 'quit' | 'toggle-pause' | 'refresh' | 'redraw' | 'suspend'}
	/** A task's screen was asked for: its details are worth fetching once it shows. */
	| {readonly type: 'opening'};

/** Where the keys act: what the screen model says of the screen shown. */
export type KeyContext = {
	/** The context list, when it is open. */
	readonly picker: Picker | undefined;
	readonly contextNames: readonly string[];
	/** The task selected, or undefined for the first. */
	readonly selected: TaskId | undefined;
	/** The task the task screen shows. */
	readonly viewed: TaskId | undefined;
	/** The overview's rows in the order shown, and what the task screen steps through. */
	readonly arrangedIds: readonly TaskId[];
	readonly stepIds: readonly TaskId[];
	readonly pageHeight: number;
	readonly window: DurationMs;
	/** What `w` steps through. */
	readonly windows: readonly DurationMs[];
};

const ui = (action: UiAction): Command => ({type: 'ui', action});

function inPicker(action: KeyAction, picker: Picker, names: readonly string[]): Command[] | undefined {
	switch (action.type) {
		case 'move': {
			return [{type: 'picker', picker: movePicker(picker, action.by, names.length)}];
		}

		case 'context-mark': {
			return [{type: 'picker', picker: toggleMark(picker, names)}];
		}

		case 'context-show': {
			return [
				{type: 'show-contexts', names: pickedContexts(picker, names)},
				{type: 'picker', picker: undefined},
			];
		}

		case 'contexts': {
			return [{type: 'picker', picker: undefined}];
		}

		default: {
			return undefined;
		}
	}
}

/** What a key does where it was pressed: pure, so that a burst of keys is routed one by one. */
export function routeKey(action: KeyAction, context: KeyContext): Command[] {
	const {arrangedIds, stepIds} = context;
	const picked = context.picker === undefined ? undefined : inPicker(action, context.picker, context.contextNames);
	if (picked !== undefined) {
		return picked;
	}

	switch (action.type) {
		case 'contexts': {
			return context.contextNames.length > 1 ? [{type: 'picker', picker: openPicker()}] : [];
		}

		case 'context-mark':
		case 'context-show': {
			return [];
		}

		case 'quit':
		case 'refresh':
		case 'redraw':
		case 'suspend': {
			return [{type: action.type}];
		}

		case 'pause': {
			return [{type: 'toggle-pause'}];
		}

		case 'window': {
			return [{type: 'set-window', window: nextWindow(context.window, context.windows)}];
		}

		case 'previous':
		case 'next': {
			// Step from the task shown, which is the store's first while none is selected.
			const from = context.selected === undefined && context.viewed !== undefined ? [ui({type: 'jump', index: stepIds.indexOf(context.viewed), taskIds: stepIds})] : [];
			return [...from, ui({type: action.type, taskIds: stepIds})];
		}

		case 'jump': {
			return [ui({type: 'jump', index: action.index, taskIds: stepIds})];
		}

		case 'first':
		case 'last': {
			return [ui({type: 'move', by: (action.type === 'first' ? -1 : 1) * arrangedIds.length, taskIds: arrangedIds})];
		}

		case 'move': {
			return [ui({type: 'move', by: action.by, taskIds: arrangedIds})];
		}

		case 'page': {
			return [ui({type: 'move', by: action.by * Math.max(1, context.pageHeight), taskIds: arrangedIds})];
		}

		case 'open': {
			// The row under the cursor as the reducer has it: a move in the same burst counts.
			return [ui({type: 'open', taskIds: arrangedIds}), {type: 'opening'}];
		}

		case 'filter-type': {
			return [ui({type: 'filter-type', text: action.text})];
		}

		case 'toggle-help':
		case 'close-help':
		case 'overview':
		case 'cycle-sort':
		case 'filter-start':
		case 'filter-erase':
		case 'filter-done':
		case 'filter-clear': {
			return [ui({type: action.type})];
		}
	}
}

import type {KeyName} from './names.js';

/** What a key asks for; the app decides what it does. */
export type KeyAction =
	| {
			readonly type:
				| 'previous'
				| 'next'
				| 'pause'
				| 'refresh'
				| 'window'
				| 'toggle-help'
				| 'close-help'
				| 'quit'
				| 'open'
				| 'overview'
				| 'cycle-sort'
				| 'first'
				| 'last'
				| 'filter-start'
				| 'filter-erase'
				| 'filter-done'
				| 'filter-clear'
				| 'redraw'
				| 'suspend'
				| 'contexts'
				| 'context-mark'
				| 'context-show';
	  }
	| {readonly type: 'jump'; readonly index: number}
	| {readonly type: 'move'; readonly by: number}
	| {readonly type: 'page'; readonly by: -1 | 1}
	| {readonly type: 'filter-type'; readonly text: string};

/**
 * Where a key acts: `always` whatever has the keys (even help and the filter prompt);
 * `screens` on the overview and the task screen; or only there, in help, or in the filter prompt.
 */
export type Place = 'always' | 'screens' | 'overview' | 'task' | 'help' | 'filter' | 'contexts';

export type KeyBinding = {
	readonly keys: readonly KeyName[];
	readonly place: Place;
	readonly action: KeyAction | ((key: KeyName) => KeyAction);
	/** What it does, as the help and the README say it. */
	readonly what: string;
	/** How the help and the README write the keys, when not each key by name (1–9). */
	readonly label?: string;
	/**
	 * On the hint line: the keys shown (the first key when not given), a word, and a rank:
	 * when the line is narrow, the highest ranks go first.
	 */
	readonly hint?: {readonly word: string; readonly rank: number; readonly keys?: readonly KeyName[]; readonly whenPaused?: string};
};

/** Where a key acts, as the README's table of keys says it. */
export const PLACE_NAMES: Readonly<Record<Place, string>> = {
	always: 'anywhere, also in help and the filter prompt',
	screens: 'overview and task screen',
	overview: 'overview',
	task: 'task screen',
	help: 'help',
	filter: 'filter prompt',
	contexts: 'list of contexts',
};

/** A printable character; in the filter prompt, any one not bound to something else. */
export const TEXT_KEY = 'text';
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Every key omstop reads, where it acts and what it does: the key handling, the help (`?`),
 * the hint lines and the README's table of keys all come from here. Every action has a plain
 * letter, because tmux holds a lone Esc back and some terminals take Shift-arrows and
 * PgUp/PgDn for themselves (J and K page). Esc goes back, closes or clears; it never quits.
 */
export const KEY_TABLE: readonly KeyBinding[] = [
	{
		keys: ['j', 'k', 'down', 'up'],
		place: 'overview',
		action: key => ({type: 'move', by: key === 'j' || key === 'down' ? 1 : -1}),
		what: 'move down / up',
		hint: {word: 'move', rank: 2, keys: ['j', 'k']},
	},
	{keys: ['J', 'K', 'pagedown', 'pageup'], place: 'overview', action: key => ({type: 'page', by: key === 'J' || key === 'pagedown' ? 1 : -1}), what: 'page down / up'},
	{keys: ['g', 'G', 'home', 'end'], place: 'overview', action: key => ({type: key === 'g' || key === 'home' ? 'first' : 'last'}), what: 'first / last task'},
	{keys: ['enter'], place: 'overview', action: {type: 'open'}, what: "open the task's screen", hint: {word: 'open', rank: 1}},
	{keys: ['s'], place: 'overview', action: {type: 'cycle-sort'}, what: 'sort: trouble (worst first), name, throughput, failures, context', hint: {word: 'sort', rank: 3}},
	{keys: ['/'], place: 'overview', action: {type: 'filter-start'}, what: 'filter by id, description or bucket', hint: {word: 'filter', rank: 4}},
	{keys: ['esc'], place: 'overview', action: {type: 'filter-clear'}, what: 'clear the filter'},
	{
		keys: ['h', 'l', 'left', 'right', 'shift-tab', 'tab'],
		place: 'task',
		action: key => ({type: key === 'h' || key === 'left' || key === 'shift-tab' ? 'previous' : 'next'}),
		what: 'previous / next task, in the overview’s order',
		hint: {word: 'task', rank: 2, keys: ['left', 'right']},
	},
	{keys: DIGITS, place: 'task', label: '1–9', action: key => ({type: 'jump', index: Number(key) - 1}), what: 'jump to a task (as numbered in the task bar)', hint: {word: 'jump', rank: 5}},
	{keys: ['o', 'esc'], place: 'task', action: {type: 'overview'}, what: 'back to the overview', hint: {word: 'overview', rank: 9}},
	{keys: ['p'], place: 'screens', action: {type: 'pause'}, what: 'pause / resume polling', hint: {word: 'pause', whenPaused: 'resume', rank: 6}},
	{keys: ['r'], place: 'screens', action: {type: 'refresh'}, what: 'refresh now, also after refused credentials', hint: {word: 'refresh', rank: 7}},
	{keys: ['w'], place: 'screens', action: {type: 'window'}, what: 'cycle the window', hint: {word: 'window', rank: 8}},
	{keys: ['?'], place: 'screens', action: {type: 'toggle-help'}, what: 'this help', hint: {word: 'help', rank: 1}},
	{keys: ['c'], place: 'screens', action: {type: 'contexts'}, what: 'list the contexts, to show one, several or all (when several are watched)'},
	{keys: ['q'], place: 'screens', action: {type: 'quit'}, what: 'quit', hint: {word: 'quit', rank: 0}},
	{keys: ['ctrl-c'], place: 'always', action: {type: 'quit'}, what: 'quit'},
	{keys: ['ctrl-l'], place: 'always', action: {type: 'redraw'}, what: 'draw the screen again'},
	{keys: ['ctrl-z'], place: 'always', action: {type: 'suspend'}, what: 'suspend (fg resumes)'},
	{keys: ['?', 'esc', 'q'], place: 'help', action: {type: 'close-help'}, what: 'close the help', hint: {word: 'close help', rank: 0}},
	{keys: ['j', 'k', 'down', 'up'], place: 'contexts', action: key => ({type: 'move', by: key === 'j' || key === 'down' ? 1 : -1}), what: 'move down / up', hint: {word: 'move', rank: 2, keys: ['j', 'k']}},
	{keys: [' '], place: 'contexts', action: {type: 'context-mark'}, what: 'mark a context to show with others', hint: {word: 'mark', rank: 3}},
	{keys: ['enter'], place: 'contexts', action: {type: 'context-show'}, what: 'show all, the marked contexts, or the one under the cursor', hint: {word: 'show', rank: 0}},
	{keys: ['c', 'esc', 'q'], place: 'contexts', action: {type: 'contexts'}, what: 'close the list', hint: {word: 'close', rank: 1}},
	{keys: ['enter'], place: 'filter', action: {type: 'filter-done'}, what: 'keep the filter', hint: {word: 'keep', rank: 0}},
	{keys: ['esc'], place: 'filter', action: {type: 'filter-clear'}, what: 'clear the filter', hint: {word: 'clear', rank: 1}},
	{keys: ['backspace', 'delete'], place: 'filter', action: {type: 'filter-erase'}, what: 'erase a character'},
	{keys: [TEXT_KEY], place: 'filter', label: 'any other character', action: key => ({type: 'filter-type', text: key}), what: 'typed into the filter'},
];

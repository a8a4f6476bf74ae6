import type {Key} from 'ink';

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
				| 'filter-start'
				| 'filter-erase'
				| 'filter-done'
				| 'filter-clear'
				| 'contexts'
				| 'context-mark'
				| 'context-show';
	  }
	| {readonly type: 'jump'; readonly index: number}
	| {readonly type: 'move'; readonly by: number}
	| {readonly type: 'page'; readonly by: -1 | 1}
	| {readonly type: 'filter-type'; readonly text: string};

type KeyFlags = Pick<
	Key,
	'leftArrow' | 'rightArrow' | 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'return' | 'backspace' | 'delete' | 'tab' | 'shift' | 'escape' | 'ctrl'
>;

/** Where the keys land: which screen, and whether help or the filter prompt has them. */
export type KeyMode = {
	readonly screen: 'overview' | 'task';
	readonly isHelpOpen: boolean;
	readonly isFiltering: boolean;
	/** A filter is applied (Esc clears it before it quits). */
	readonly hasFilter: boolean;
	/** Several contexts are watched: `c` lists them. */
	readonly hasContexts?: boolean;
	/** The list of contexts has the keys. */
	readonly isPickingContext?: boolean;
};

function contextListKey(input: string, key: KeyFlags): KeyAction | undefined {
	if (key.upArrow || input === 'k') {
		return {type: 'move', by: -1};
	}

	if (key.downArrow || input === 'j') {
		return {type: 'move', by: 1};
	}

	if (key.return) {
		return {type: 'context-show'};
	}

	if (input === ' ') {
		return {type: 'context-mark'};
	}

	return key.escape || input === 'c' ? {type: 'contexts'} : input === 'q' ? {type: 'quit'} : undefined;
}

function filterKey(input: string, key: KeyFlags): KeyAction | undefined {
	if (key.escape) {
		return {type: 'filter-clear'};
	}

	if (key.return) {
		return {type: 'filter-done'};
	}

	if (key.backspace || key.delete) {
		return {type: 'filter-erase'};
	}

	// Printable text only: a pasted escape sequence must not reach the prompt.
	const text = input.replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
	return text === '' || key.ctrl ? undefined : {type: 'filter-type', text};
}

function overviewKey(input: string, key: KeyFlags): KeyAction | undefined {
	if (key.upArrow) {
		return {type: 'move', by: -1};
	}

	if (key.downArrow) {
		return {type: 'move', by: 1};
	}

	if (key.pageUp) {
		return {type: 'page', by: -1};
	}

	if (key.pageDown) {
		return {type: 'page', by: 1};
	}

	if (key.return) {
		return {type: 'open'};
	}

	switch (input) {
		case 'k': {
			return {type: 'move', by: -1};
		}

		case 'j': {
			return {type: 'move', by: 1};
		}

		case 'K': {
			return {type: 'page', by: -1};
		}

		case 'J': {
			return {type: 'page', by: 1};
		}

		case 's': {
			return {type: 'cycle-sort'};
		}

		case '/': {
			return {type: 'filter-start'};
		}

		default: {
			return undefined;
		}
	}
}

function taskKey(input: string, key: KeyFlags): KeyAction | undefined {
	if (key.tab) {
		return key.shift ? {type: 'previous'} : {type: 'next'};
	}

	if (key.leftArrow) {
		return {type: 'previous'};
	}

	if (key.rightArrow) {
		return {type: 'next'};
	}

	switch (input) {
		case 'h': {
			return {type: 'previous'};
		}

		case 'l': {
			return {type: 'next'};
		}

		case 'o': {
			return {type: 'overview'};
		}

		default: {
			return /^[1-9]$/.test(input) ? {type: 'jump', index: Number(input) - 1} : undefined;
		}
	}
}

/**
 * The keymap. Every action has a plain letter, because tmux holds a lone Esc back and some
 * terminals take Ctrl- and Shift-arrows and PgUp/PgDn for themselves (J and K page).
 */
export function keyAction(input: string, key: KeyFlags, mode: KeyMode): KeyAction | undefined {
	if (key.ctrl && input === 'c') {
		return {type: 'quit'};
	}

	if (mode.isFiltering) {
		return filterKey(input, key);
	}

	if (mode.isPickingContext === true) {
		return contextListKey(input, key);
	}

	if (key.escape) {
		if (mode.isHelpOpen) {
			return {type: 'close-help'};
		}

		if (mode.screen === 'task') {
			return {type: 'overview'};
		}

		return mode.hasFilter ? {type: 'filter-clear'} : {type: 'quit'};
	}

	if (key.ctrl) {
		return undefined;
	}

	switch (input) {
		case 'p': {
			return {type: 'pause'};
		}

		case 'r': {
			return {type: 'refresh'};
		}

		case 'w': {
			return {type: 'window'};
		}

		case '?': {
			return {type: 'toggle-help'};
		}

		case 'q': {
			return {type: 'quit'};
		}

		case 'c': {
			return mode.hasContexts === true && !mode.isHelpOpen ? {type: 'contexts'} : undefined;
		}

		default: {
			return mode.screen === 'overview' ? overviewKey(input, key) : taskKey(input, key);
		}
	}
}

import type {Key} from 'ink';

/** What a key asks for; the app decides what it does. */
export type KeyAction =
	| {readonly type: 'previous' | 'next' | 'pause' | 'refresh' | 'window' | 'toggle-help' | 'close-help' | 'quit'}
	| {readonly type: 'jump'; readonly index: number};

type KeyFlags = Pick<Key, 'leftArrow' | 'rightArrow' | 'tab' | 'shift' | 'escape' | 'ctrl'>;

/**
 * The keymap. Every action has a plain letter, because tmux holds a lone Esc back and some
 * terminals take Ctrl- and Shift-arrows for themselves.
 */
export function keyAction(input: string, key: KeyFlags, isHelpOpen: boolean): KeyAction | undefined {
	if (key.ctrl && input === 'c') {
		return {type: 'quit'};
	}

	if (key.escape) {
		return isHelpOpen ? {type: 'close-help'} : {type: 'quit'};
	}

	if (key.tab) {
		return key.shift ? {type: 'previous'} : {type: 'next'};
	}

	if (key.leftArrow) {
		return {type: 'previous'};
	}

	if (key.rightArrow) {
		return {type: 'next'};
	}

	if (key.ctrl) {
		return undefined;
	}

	switch (input) {
		case 'h': {
			return {type: 'previous'};
		}

		case 'l': {
			return {type: 'next'};
		}

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

		default: {
			return /^[1-9]$/.test(input) ? {type: 'jump', index: Number(input) - 1} : undefined;
		}
	}
}

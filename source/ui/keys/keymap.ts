import {keyLabel, type KeyName} from './names.js';
import {KEY_TABLE, TEXT_KEY, type KeyAction, type KeyBinding, type Place} from './table.js';

/** Where the keys land: which screen, and whether help or the filter prompt has them. */
export type KeyMode = {
	readonly screen: 'overview' | 'task';
	readonly isHelpOpen: boolean;
	readonly isFiltering: boolean;
	/** Several contexts are watched, so that `c` lists them. */
	readonly hasContexts?: boolean;
	/** The list of contexts has the keys. */
	readonly isPickingContext?: boolean;
};

/** The places whose keys act in this mode, the first one winning. */
export function placesOf(mode: KeyMode): readonly Place[] {
	if (mode.isFiltering) {
		return ['always', 'filter'];
	}

	if (mode.isPickingContext === true) {
		return ['always', 'contexts'];
	}

	return mode.isHelpOpen ? ['always', 'help'] : ['always', mode.screen, 'screens'];
}

function isText(key: KeyName): boolean {
	return [...key].length === 1;
}

/** What a key asks for in a mode, from the table of keys; undefined when nothing. */
export function keyAction(key: KeyName, mode: KeyMode): KeyAction | undefined {
	for (const place of placesOf(mode)) {
		const binding = KEY_TABLE.find(each => each.place === place && (each.keys.includes(key) || (each.keys.includes(TEXT_KEY) && isText(key))));
		if (binding !== undefined) {
			return typeof binding.action === 'function' ? binding.action(key) : binding.action;
		}
	}

	return undefined;
}

/** The keys of a binding as a person reads them: `j ↓`, `1–9`. */
export function bindingKeys(binding: KeyBinding, isAscii = false): string {
	return binding.label ?? binding.keys.map(key => keyLabel(key, isAscii)).join(' ');
}

/** The hint line's parts for a mode, in the order shown: that place's keys, then the ones of every screen. */
export function hintParts(mode: KeyMode, options: {isPaused: boolean; isAscii?: boolean}): Array<{text: string; rank: number}> {
	const places = placesOf(mode).filter(place => place !== 'always');
	return places.flatMap(place =>
		KEY_TABLE.filter(binding => binding.place === place && binding.hint !== undefined).map(binding => {
			const hint = binding.hint!;
			const keys = binding.label ?? (hint.keys ?? binding.keys.slice(0, 1)).map(key => keyLabel(key, options.isAscii)).join('/');
			return {text: `${keys} ${options.isPaused ? (hint.whenPaused ?? hint.word) : hint.word}`, rank: hint.rank};
		}),
	);
}

/**
 * The mode an action leaves the keys in, for the next key of the same burst (`/` then the
 * text of a paste): the app's state catches up only when it draws again.
 */
export function modeAfter(mode: KeyMode, action: KeyAction): KeyMode {
	switch (action.type) {
		case 'filter-start': {
			return {...mode, isFiltering: true};
		}

		case 'filter-done':
		case 'filter-clear': {
			return {...mode, isFiltering: false};
		}

		case 'toggle-help': {
			return {...mode, isHelpOpen: !mode.isHelpOpen};
		}

		case 'close-help': {
			return {...mode, isHelpOpen: false};
		}

		case 'open': {
			return {...mode, screen: 'task', isHelpOpen: false};
		}

		case 'overview': {
			return {...mode, screen: 'overview', isHelpOpen: false};
		}

		case 'contexts': {
			return mode.hasContexts === true ? {...mode, isPickingContext: mode.isPickingContext !== true} : mode;
		}

		case 'context-show': {
			return {...mode, isPickingContext: false};
		}

		default: {
			return mode;
		}
	}
}

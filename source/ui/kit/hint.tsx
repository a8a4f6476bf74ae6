import {Text} from 'ink';
import {hintParts, type KeyMode} from '../keys/keymap.js';
import {plainText, type Style} from './style.js';
import {joinFitting} from './text.js';

/** The keys of a mode on one line, from the table of keys; when it is narrow, the least needed go first. */
export function hintText(mode: KeyMode, isPaused: boolean, columns: number, style: Style): string {
	const parts = hintParts(mode, {isPaused, isAscii: style.isAscii}).map(part => ({...part, text: plainText(style, part.text)}));
	return joinFitting(parts, '  ', columns);
}

export type HintProps = {
	readonly isPaused: boolean;
	readonly isHelpOpen: boolean;
	readonly columns: number;
	readonly style: Style;
};

/** The task screen's line of keys. */
export function HintLine({isPaused, isHelpOpen, columns, style}: HintProps) {
	return (
		<Text dimColor wrap="truncate-end">
			{hintText({screen: 'task', isHelpOpen, isFiltering: false}, isPaused, columns, style)}
		</Text>
	);
}

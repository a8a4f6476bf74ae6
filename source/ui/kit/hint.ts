import {hintParts, type KeyMode} from '../keys/keymap.js';
import {plainText, type Style} from './style.js';
import {joinFitting} from './text.js';

/** The keys of a mode on one line, from the table of keys; when it is narrow, the least needed go first. */
export function hintText(mode: KeyMode, isPaused: boolean, columns: number, style: Style): string {
	const parts = hintParts(mode, {isPaused, isAscii: style.isAscii}).map(part => ({...part, text: plainText(style, part.text)}));
	return joinFitting(parts, '  ', columns);
}

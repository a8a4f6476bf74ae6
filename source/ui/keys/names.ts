/** Keys by name: what a token from the terminal means, and how a key is written for a person. */

/** Keys that are not a printable character; a printable character is named by itself. */
export const NAMED_KEYS = [
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
	'enter',
	'esc',
	'tab',
	'shift-tab',
	'backspace',
	'delete',
	'ctrl-c',
	'ctrl-l',
	'ctrl-z',
] as const;
export type NamedKey = (typeof NAMED_KEYS)[number];
/** A named key, or one printable character ('j', '?', '1'). */
export type KeyName = NamedKey | (string & {});

const CONTROL: Readonly<Record<string, NamedKey>> = {
	'\r': 'enter',
	'\n': 'enter',
	'\r\n': 'enter',
	'\t': 'tab',
	'\u007F': 'backspace',
	'\b': 'backspace',
	'\u001B': 'esc',
	'\u0003': 'ctrl-c',
	'\u000C': 'ctrl-l',
	'\u001A': 'ctrl-z',
};

/** CSI and SS3 sequences by their final byte (xterm, with or without modifiers). */
const BY_FINAL: Readonly<Record<string, NamedKey>> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'shift-tab'};
/** `CSI n ~` sequences (VT220, rxvt, the Linux console). */
const BY_NUMBER: Readonly<Record<string, NamedKey>> = {
	'1': 'home',
	'7': 'home',
	'4': 'end',
	'8': 'end',
	'3': 'delete',
	'5': 'pageup',
	'6': 'pagedown',
};

/** The key a token stands for; undefined for the keys omstop has no use for (F1, Alt-x). */
export function keyName(token: string): KeyName | undefined {
	const control = CONTROL[token];
	if (control !== undefined) {
		return control;
	}

	const sequence = /^\u001B(?:\[|O)(\d*)(?:;\d+)?([~A-Z])$/.exec(token);
	if (sequence !== null) {
		const [, number = '', final = ''] = sequence;
		return final === '~' ? BY_NUMBER[number] : number === '' || number === '1' ? BY_FINAL[final] : undefined;
	}

	const code = token.codePointAt(0) ?? 0;
	return [...token].length === 1 && code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) ? token : undefined;
}

const LABELS: Readonly<Record<NamedKey, string>> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	enter: 'Enter',
	esc: 'Esc',
	tab: 'Tab',
	'shift-tab': 'Shift-Tab',
	backspace: 'Backspace',
	delete: 'Delete',
	'ctrl-c': 'Ctrl-C',
	'ctrl-l': 'Ctrl-L',
	'ctrl-z': 'Ctrl-Z',
};

const ASCII_ARROWS: Readonly<Record<string, string>> = {up: 'Up', down: 'Down', left: 'Left', right: 'Right'};

/** A key as the help, the hint line and the README write it; arrows in words where the terminal has ASCII only. */
export function keyLabel(key: KeyName, isAscii = false): string {
	if (isAscii && ASCII_ARROWS[key] !== undefined) {
		return ASCII_ARROWS[key];
	}

	return (LABELS as Readonly<Record<string, string>>)[key] ?? (key === ' ' ? 'Space' : key);
}

/**
 * How the screen may draw: with colour or not, with Unicode glyphs or ASCII only. One
 * object passed down, so that no component decides either on its own.
 */

/** asciichart's ten symbols: axis at zero, axis tick, two half-rules, rule, four corners, bar. */
export type ChartSymbols = [string, string, string, string, string, string, string, string, string, string];

export type Glyphs = {
	/** Eight sparkline levels, lowest first; the last one is a full cell. */
	readonly spark: readonly [string, string, string, string, string, string, string, string];
	/** A bucket no answer has covered yet. */
	readonly unknown: string;
	readonly chart: ChartSymbols;
	/** Beside a data type or task that is failing now. */
	readonly failing: string;
	/** Beside a task that is synchronizing but not moving. */
	readonly stalled: string;
	/** The bucket still filling, at the end of a trend: partial, not a drop. */
	readonly filling: string;
	/** Beside a task with failures the operator has not looked at yet. */
	readonly unseen: string;
	/** Between header fields. */
	readonly separator: string;
	/** Ends text cut to fit. */
	readonly ellipsis: string;
	/** Stands for a value that is not known. */
	readonly dash: string;
	readonly left: string;
	readonly right: string;
	readonly range: string;
	/** Box-drawing characters the totals table uses, by the Unicode character they replace. */
	readonly box: Readonly<Record<string, string>>;
	/** A task synchronizing, and one stopped. */
	readonly running: string;
	readonly stopped: string;
	/** Ink's border style for a box drawn over the screen (the help). */
	readonly border: 'round' | 'single' | 'classic';
};

const UNICODE: Glyphs = {
	spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
	unknown: '·',
	chart: ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
	failing: '▲',
	stalled: '◆',
	filling: '░',
	unseen: '●',
	separator: ' · ',
	ellipsis: '…',
	dash: '–',
	left: '←',
	right: '→',
	range: '–',
	box: {},
	running: '▶',
	stopped: '■',
	border: 'round',
};

const ASCII: Glyphs = {
	spark: ['_', '.', '-', '~', '=', '+', '*', '#'],
	unknown: '?',
	// Corners as in hand-drawn ASCII charts: '.' on top, "'" below (.--. and '--').
	chart: ['+', '|', '-', '-', '-', "'", '.', '.', "'", '|'],
	failing: '!',
	stalled: '~',
	filling: ':',
	unseen: '*',
	separator: ' | ',
	ellipsis: '~',
	dash: '-',
	left: '<-',
	right: '->',
	range: '-',
	box: {'─': '-', '│': '|', '┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+'},
	running: '>',
	stopped: '#',
	border: 'classic',
};

/**
 * The Linux console: its fonts carry the 256 glyphs of code page 437 (square box drawing,
 * shades, full and half blocks, a few arrows and triangles), not the eighth blocks, round
 * corners, half rules or the ellipsis.
 */
const LINUX: Glyphs = {
	spark: ['_', '.', '-', '=', '░', '▒', '▓', '█'],
	unknown: '·',
	chart: ['┼', '┤', '─', '─', '─', '└', '┌', '┐', '┘', '│'],
	failing: '▲',
	// In the console's 256-glyph font (cp437's diamond).
	stalled: '♦',
	filling: '░',
	unseen: '•',
	separator: ' · ',
	ellipsis: '~',
	dash: '-',
	left: '←',
	right: '→',
	range: '-',
	box: {},
	running: '►',
	stopped: '■',
	border: 'single',
};

/** What characters the terminal can show: all of Unicode, the Linux console's font, or ASCII. */
export type Charset = 'unicode' | 'linux' | 'ascii';

const GLYPHS: Record<Charset, Glyphs> = {unicode: UNICODE, linux: LINUX, ascii: ASCII};

export type Style = {
	/** False with NO_COLOR or --no-color: no colour props anywhere, so no colour codes. */
	readonly isColor: boolean;
	readonly charset: Charset;
	/** --ascii or a locale that is not UTF-8: no box drawing, block glyphs or other non-ASCII characters. */
	readonly isAscii: boolean;
	readonly glyphs: Glyphs;
};

export function makeStyle(options: {isColor: boolean; charset: Charset}): Style {
	return {isColor: options.isColor, charset: options.charset, isAscii: options.charset === 'ascii', glyphs: GLYPHS[options.charset]};
}

/** Colour names Ink accepts; undefined when colour is off, so that Ink writes no colour code. */
export type Tone = 'good' | 'warn' | 'bad' | 'accent' | 'muted';

const TONE_COLOR: Record<Tone, string> = {
	good: 'green',
	warn: 'yellow',
	bad: 'red',
	accent: 'cyan',
	muted: 'gray',
};

/** Props for Ink's Text: a colour only when colour is on, else none at all. */
export function paint(style: Style, tone: Tone | undefined): {color?: string} {
	return style.isColor && tone !== undefined ? {color: TONE_COLOR[tone]} : {};
}

/**
 * Replaces the few non-ASCII characters shared formatters use (the en dash for an unknown
 * value, the ellipsis of cut text, the arrow of a route, the dot between fields) when the
 * terminal is ASCII-only; anything else outside ASCII (a task name from the server) becomes '?'.
 * The Linux console has the arrows and the dot, not the dash or the ellipsis.
 */
export function plainText(style: Style, text: string): string {
	if (style.charset === 'linux') {
		return text.replaceAll('–', '-').replaceAll('…', '~');
	}

	if (!style.isAscii) {
		return text;
	}

	return text
		.replaceAll('–', '-')
		.replaceAll('…', '~')
		.replaceAll('→', '->')
		.replaceAll('←', '<-')
		.replaceAll(' · ', ' | ')
		.replace(/[^\u0020-\u007E]/gu, '?');
}

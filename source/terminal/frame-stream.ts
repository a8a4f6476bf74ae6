/**
 * A stdout for Ink 6.8 that keeps its incremental renderer on the rows it means.
 *
 * Ink 6.8.0's log-update leaves the cursor on the line AFTER a frame (frames end with a
 * newline unless they fill the terminal), and its shrink and clear paths count from
 * there; but its same-or-taller path moves up with `cursorUp(previousLineCount - 1)`, as
 * if the cursor were ON the last line. So every update that does not shrink the frame
 * draws it one row lower: duplicated headers, a lost footer (seen in tmux; Ink 7 moves up
 * by the full count, and Ink 7 needs Node 22). Its clear-everything path, taken when the
 * previous frame was as tall as the terminal, has the opposite slip: it writes the frame
 * without the newline it then assumes.
 *
 * This stream sets both right, so that the cursor always ends after the frame:
 * - a frame update that starts by moving up n rows (the same-or-taller path, and only it:
 *   the shrink path starts by erasing a line) moves up n + 1;
 * - a clear-everything frame shorter than the terminal gets its newline.
 *
 * It also sends less: Ink steps over each unchanged line with its own `CSI E` (3 bytes),
 * so a one-line change at the top of a 40-line frame costs ~110 bytes of them; a run of
 * them becomes one `CSI n E`, which a terminal reads the same way (neither scrolls).
 */

const CURSOR_UP_AT_START = /^\u001B\[(\d+)A/;
const NEXT_LINE = '\u001B[E';
const NEXT_LINE_RUN = /(?:\u001B\[E){2,}/g;
/** ansi-escapes' clearTerminal: erase screen, erase scrollback, home. */
const CLEAR_TERMINAL = '\u001B[2J\u001B[3J\u001B[H';

function collapseNextLines(chunk: string): string {
	return chunk.includes(NEXT_LINE) ? chunk.replaceAll(NEXT_LINE_RUN, run => `\u001B[${run.length / NEXT_LINE.length}E`) : chunk;
}

export function correctFrame(chunk: string, rows: number | undefined): string {
	return collapseNextLines(placeFrame(chunk, rows));
}

function placeFrame(chunk: string, rows: number | undefined): string {
	const up = CURSOR_UP_AT_START.exec(chunk);
	if (up !== null) {
		// CSI 0 A moves one row, like CSI 1 A: Ink writes it for a one-line frame.
		const count = Math.max(1, Number(up[1]));
		return `\u001B[${count + 1}A${chunk.slice(up[0].length)}`;
	}

	if (chunk.startsWith(CLEAR_TERMINAL) && !chunk.endsWith('\n')) {
		const lines = chunk.split('\n').length;
		if (rows !== undefined && lines < rows) {
			return `${chunk}\n`;
		}
	}

	return chunk;
}

/**
 * The stream Ink should write to: `stdout` itself for everything (size, events, TTY
 * checks) except `write`, which corrects frames first.
 */
export function frameStream(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		const corrected = typeof chunk === 'string' ? correctFrame(chunk, stdout.rows) : chunk;
		return (stdout.write as (...parameters: unknown[]) => boolean)(corrected, ...rest);
	};

	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') {
				return write;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
		},
	});
}

/**
 * Keys out of what the terminal sent. One read can hold many keys: a paste, a held key, a
 * burst over a laggy link (`kk`, `j` and Enter, `www`). Printable characters are keys one
 * by one; an escape sequence (an arrow, PgUp) is one key; a sequence cut at the end of a read
 * is kept back until the rest comes.
 */

import type {Clock, TimerHandle} from '../../polling/clock.js';

const ESC = '\u001B';

/** Parameter and intermediate bytes of a CSI sequence (ECMA-48), and its final byte. */
const isCsiBody = (code: number): boolean => code >= 0x20 && code <= 0x3f;
const isFinal = (code: number): boolean => code >= 0x40 && code <= 0x7e;

/** Where the escape sequence starting at `start` ends: an index past it, 'cut' when the text ends first, or 'none'. */
function sequenceEnd(text: string, start: number): number | 'cut' | 'none' {
	const kind = text[start + 1];
	if (kind === undefined) {
		return 'cut';
	}

	if (kind === 'O') {
		// SS3: one more byte (F1–F4, and arrows in application mode).
		const final = text.codePointAt(start + 2);
		return final === undefined ? 'cut' : isFinal(final) ? start + 3 : 'none';
	}

	if (kind !== '[') {
		return 'none';
	}

	let index = start + 2;
	// The Linux console's function keys: ESC [ [ A.
	if (text[index] === '[') {
		index++;
	}

	for (; index < text.length; index++) {
		const code = text.codePointAt(index)!;
		if (isFinal(code) && !(index === start + 2 && code === 0x5b)) {
			return index + 1;
		}

		if (!isCsiBody(code)) {
			return 'none';
		}
	}

	return 'cut';
}

export type SplitKeys = {
	readonly keys: string[];
	/** An escape sequence cut short at the end: kept for the next read, unless `isLast`. */
	readonly rest: string;
};

/**
 * Splits text into keys. An ESC that starts no sequence is the Esc key, and what follows it
 * is read on its own (ESC j is Esc, then j: omstop binds no Alt keys). With `isLast`,
 * nothing is kept back: a cut sequence is an Esc and the characters after it.
 */
export function splitKeys(text: string, isLast = false): SplitKeys {
	const keys: string[] = [];
	let index = 0;
	while (index < text.length) {
		const character = String.fromCodePoint(text.codePointAt(index)!);
		if (character === ESC) {
			const end = sequenceEnd(text, index);
			if (end === 'cut' && !isLast) {
				return {keys, rest: text.slice(index)};
			}

			if (typeof end === 'number') {
				keys.push(text.slice(index, end));
				index = end;
				continue;
			}
		}

		// Some terminals send CR LF for Enter: one key.
		const key = character === '\r' && text[index + 1] === '\n' ? '\r\n' : character;
		keys.push(key);
		index += key.length;
	}

	return {keys, rest: ''};
}

/** What the reader needs of a clock: a timer (injected, so that tests decide when it fires). */
export type KeyTimer = Pick<Clock, 'setTimer' | 'clearTimer'>;

/**
 * How long a lone ESC waits for the rest of its sequence. Over SSH an arrow's bytes can
 * arrive apart (ESC, then `[B` a moment later); a person does not type Esc and then `[`
 * within this time.
 */
export const ESCAPE_WAIT = 80;

/**
 * Reads keys across reads: a sequence cut at the end of one read is joined to the next,
 * or, when nothing follows within `wait`, taken as it is (a lone ESC is the Esc key).
 * `onKeys` gets the keys of one read together, in order.
 */
export function keyReader(onKeys: (keys: readonly string[]) => void, timer: KeyTimer, wait = ESCAPE_WAIT): {push(text: string): void; close(): void} {
	let rest = '';
	let pending: TimerHandle | undefined;
	const stopWaiting = (): void => {
		if (pending !== undefined) {
			timer.clearTimer(pending);
			pending = undefined;
		}
	};

	const take = (text: string, isLast: boolean): void => {
		const split = splitKeys(text, isLast);
		rest = split.rest;
		if (split.keys.length > 0) {
			onKeys(split.keys);
		}

		if (rest !== '') {
			pending = timer.setTimer(() => {
				pending = undefined;
				take(rest, true);
			}, wait);
		}
	};

	return {
		push(text) {
			stopWaiting();
			take(rest + text, false);
		},
		close: stopWaiting,
	};
}

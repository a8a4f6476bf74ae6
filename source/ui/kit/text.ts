/** Width arithmetic for single lines of plain text (no escape codes). */

// East Asian wide and fullwidth ranges, and the emoji blocks: two columns each.
const WIDE =
	/[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

function charWidth(character: string): number {
	return WIDE.test(character) ? 2 : 1;
}

/** Columns the text takes in a terminal. */
export function displayWidth(text: string): number {
	let width = 0;
	for (const character of text) {
		width += charWidth(character);
	}

	return width;
}

/** Cuts the text to `width` columns, ending it with `ellipsis` when something was cut. */
export function fit(text: string, width: number, ellipsis: string): string {
	if (width <= 0) {
		return '';
	}

	if (displayWidth(text) <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room <= 0) {
		return ellipsis.slice(0, width);
	}

	let kept = '';
	let used = 0;
	for (const character of text) {
		const next = charWidth(character);
		if (used + next > room) {
			break;
		}

		kept += character;
		used += next;
	}

	return kept + ellipsis;
}

export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * Joins as many of `parts` as fit in `width`, in their order, keeping those with the
 * lowest `rank` (most important) first; the rest are dropped whole.
 */
export function joinFitting(parts: ReadonlyArray<{text: string; rank: number}>, separator: string, width: number): string {
	const byRank = parts.map((part, index) => ({...part, index})).sort((a, b) => a.rank - b.rank || a.index - b.index);
	const kept = new Set<number>();
	let used = 0;
	for (const part of byRank) {
		const cost = displayWidth(part.text) + (kept.size > 0 ? displayWidth(separator) : 0);
		if (used + cost <= width) {
			kept.add(part.index);
			used += cost;
		}
	}

	return parts
		.filter((_, index) => kept.has(index))
		.map(part => part.text)
		.join(separator);
}

/** Greedy word wrap to `width` columns; words longer than a line are cut. */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (displayWidth(candidate) <= width) {
			line = candidate;
			continue;
		}

		if (line !== '') {
			lines.push(line);
		}

		line = displayWidth(word) <= width ? word : fit(word, width, '');
	}

	if (line !== '') {
		lines.push(line);
	}

	return lines;
}

/**
 * Cuts the text to `width` columns in the middle, keeping its start and its end: names
 * that share their first words differ at the end (`nightly archive…replica-0002`).
 */
export function fitMiddle(text: string, width: number, ellipsis: string): string {
	if (displayWidth(text) <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room < 2) {
		return fit(text, width, ellipsis);
	}

	const characters = [...text];
	let tail = '';
	let tailWidth = 0;
	for (let index = characters.length - 1; index >= 0; index--) {
		const next = charWidth(characters[index]!);
		if (tailWidth + next > Math.floor(room / 2)) {
			break;
		}

		tail = characters[index]! + tail;
		tailWidth += next;
	}

	return fit(text, width - tailWidth, ellipsis) + tail;
}

/** Characters after which a name may be cut into a prefix and the rest: the ends of words and of path parts. */
const WORD_END = /[\s/]/u;

/**
 * What tells names apart: each without the words all of them start with (`nightly archive
 * replica-0001`, `… replica-0002` → `replica-0001`, `replica-0002`). Names are kept whole
 * when there are fewer than two, or when the common part is all of one of them.
 */
export function withoutCommonPrefix(names: readonly string[]): string[] {
	if (names.length < 2) {
		return [...names];
	}

	let common = names[0]!;
	for (const name of names) {
		while (!name.startsWith(common)) {
			common = common.slice(0, -1);
		}
	}

	// Back to the end of a word, so that no name loses part of one.
	let cut = common.length;
	while (cut > 0 && !WORD_END.test(common[cut - 1]!)) {
		cut--;
	}

	return cut === 0 || names.some(name => name.length === cut) ? [...names] : names.map(name => name.slice(cut));
}

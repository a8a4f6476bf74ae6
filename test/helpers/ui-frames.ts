import {setTimeout as delay} from 'node:timers/promises';

// CSI (with any parameters and intermediates) and OSC sequences.
const ANSI = /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI, '');
}

/** SGR parameters that set a colour: 30–39, 40–49, 90–97, 100–107 (38 and 48 include 256/RGB forms). */
export function colourCodes(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/\u001B\[([\d;]*)m/g)) {
		const parameters = (match[1] ?? '').split(';').filter(parameter => parameter !== '').map(Number);
		if (parameters.some(code => (code >= 30 && code <= 49) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107))) {
			found.push(match[0]);
		}
	}

	return found;
}

export function lines(frame: string): string[] {
	return frame.split('\n');
}

/** Columns of a plain line; every character the UI draws is one column wide. */
export function width(line: string): number {
	return [...line].length;
}

/**
 * Waits until `frame()` (colour stripped) satisfies `predicate`, checking as renders land;
 * fails with the last frame after `timeout` ms. A wait for a condition, never for time.
 */
export async function waitForFrame(frame: () => string | undefined, predicate: (text: string) => boolean, timeout = 5000): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const text = stripAnsi(frame() ?? '');
		if (predicate(text)) {
			return text;
		}

		if (Date.now() > deadline) {
			throw new Error(`No frame matched within ${timeout} ms. Last frame:\n${text}`);
		}

		await delay(5);
	}
}

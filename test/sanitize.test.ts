import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {neverShow, sanitize} from '../source/format/sanitize.js';

const payloads: Array<[string, string, string]> = [
	['window title change (OSC 0, BEL)', 'task\u001B]0;you have been owned\u0007 name', 'task name'],
	['window title change (OSC 2, ST)', 'a\u001B]2;title\u001B\\b', 'ab'],
	['clipboard write (OSC 52)', 'x\u001B]52;c;cm0gLXJmIH4K\u0007y', 'xy'],
	['hyperlink (OSC 8)', '\u001B]8;;https://evil.example/\u001B\\click\u001B]8;;\u001B\\', 'click'],
	['cursor moves and clear screen (CSI)', '\u001B[2J\u001B[H\u001B[10;20Hmoved\u001B[A', 'moved'],
	['colour (SGR)', '\u001B[31;1mred\u001B[0m', 'red'],
	['8-bit CSI', '\u009B2Jhidden', 'hidden'],
	['device control string (DCS)', 'a\u001BPq#0;2;0;0;0\u001B\\b', 'ab'],
	['private mode set (hide cursor)', 'a\u001B[?25lb', 'ab'],
	['a lone ESC and bell', 'a\u001Bb\u0007c', 'a c'],
	['carriage return overwriting the line', 'safe\rEVIL', 'safe EVIL'],
	['backspaces', 'ab\b\b\bcd', 'ab cd'],
	['right-to-left override', 'invoice\u202Efdp.exe', 'invoice fdp.exe'],
	['isolates and marks', 'a\u2066b\u2069c\u200F', 'a b c'],
	['newlines and tabs', 'one\ntwo\tthree', 'one two three'],
	['plain text with Unicode is kept', 'bucket-东京-ü ✓', 'bucket-东京-ü ✓'],
];

for (const [name, input, expected] of payloads) {
	test(`sanitize: ${name}`, () => {
		assert.equal(sanitize(input), expected);
	});
}

test('sanitize: overlong text is cut with an ellipsis, by characters not bytes', () => {
	const cut = sanitize('东'.repeat(300), 20);
	assert.equal(Array.from(cut).length, 20);
	assert.ok(cut.endsWith('…'));
	assert.equal(sanitize('short', 20), 'short');
});

test('sanitize: no control character, escape or bidi override survives any input', () => {
	const hostile = fc.constantFrom('\u001B', '\u009B', '\u009D', '\u0007', '\u001B[', '\u001B]', '\u001B\\', '\u202E', '\u2066', '\r', '\n', ';', '[', ']', '0', 'm', 'P', '\\');
	const text = fc.array(fc.oneof(fc.string(), hostile, fc.string({unit: 'grapheme'})), {maxLength: 40}).map(parts => parts.join(''));
	fc.assert(
		fc.property(text, fc.integer({min: 1, max: 300}), (input, max) => {
			const output = sanitize(input, max);
			assert.doesNotMatch(output, /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
			assert.ok(Array.from(output).length <= max);
		}),
		{numRuns: 2000, seed: 42},
	);
});

test('sanitize: a secret omstop holds is blanked out, whole, even split by escapes or at the cut', () => {
	const secret = 'MIIEXAMPLEtokenVALUE0123456789';
	neverShow(secret);
	neverShow('abc');
	assert.equal(sanitize(`token ${secret} refused`), 'token [redacted] refused');
	assert.equal(sanitize(`${secret.slice(0, 9)}\u001B[31m${secret.slice(9)}`), '[redacted]');
	assert.equal(sanitize(`see ${secret}`, 12), 'see [redact…');
	assert.equal(sanitize('abc is too short to be a secret'), 'abc is too short to be a secret');
});

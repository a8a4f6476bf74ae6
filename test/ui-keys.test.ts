import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import fc from 'fast-check';
import {suspend} from '../source/terminal/suspend.js';
import {bindingKeys, keyAction, modeAfter, placesOf, type KeyMode} from '../source/ui/keys/keymap.js';
import {keyName, NAMED_KEYS} from '../source/ui/keys/names.js';
import {KEY_TABLE, PLACE_NAMES} from '../source/ui/keys/table.js';
import {keyReader, splitKeys} from '../source/ui/keys/tokenize.js';
import {FakeClock} from './helpers/fake-clock.js';

const ESC = '\u001B';
const OVERVIEW: KeyMode = {screen: 'overview', isHelpOpen: false, isFiltering: false};
const TASK: KeyMode = {screen: 'task', isHelpOpen: false, isFiltering: false};
const HELP: KeyMode = {...OVERVIEW, isHelpOpen: true};
const FILTER: KeyMode = {...OVERVIEW, isFiltering: true};

test('a read is split into keys: characters one by one, an escape sequence as one', () => {
	assert.deepEqual(splitKeys('kk').keys, ['k', 'k']);
	assert.deepEqual(splitKeys('j\r').keys, ['j', '\r']);
	assert.deepEqual(splitKeys('www').keys, ['w', 'w', 'w']);
	assert.deepEqual(splitKeys(`j${ESC}[Bk${ESC}OA${ESC}[5~${ESC}[1;5C`).keys, ['j', `${ESC}[B`, 'k', `${ESC}OA`, `${ESC}[5~`, `${ESC}[1;5C`]);
	assert.deepEqual(splitKeys('a\r\nb').keys, ['a', '\r\n', 'b'], 'CR LF is one Enter');
	assert.deepEqual(splitKeys('名🙂').keys, ['名', '🙂'], 'by code point');
	assert.deepEqual(splitKeys(`${ESC}j`).keys, [ESC, 'j'], 'Esc then j: no Alt keys');
	assert.deepEqual(splitKeys(`${ESC}[[A`).keys, [`${ESC}[[A`], "the Linux console's F1");
	// Cut at the end of a read: kept back, unless nothing more will come.
	assert.deepEqual(splitKeys(`k${ESC}`), {keys: ['k'], rest: ESC});
	assert.deepEqual(splitKeys(`${ESC}[1;`), {keys: [], rest: `${ESC}[1;`});
	assert.deepEqual(splitKeys(`${ESC}[`, true), {keys: [ESC, '['], rest: ''});
});

test('any text splits into keys that join back into it', () => {
	fc.assert(
		fc.property(fc.array(fc.oneof(fc.string({unit: 'grapheme'}), fc.constantFrom(ESC, `${ESC}[`, `${ESC}[B`, `${ESC}O`, '\r\n', `${ESC}[5~`))), parts => {
			const text = parts.join('');
			const {keys, rest} = splitKeys(text);
			assert.equal(keys.join('') + rest, text);
			assert.equal(splitKeys(text, true).keys.join(''), text);
		}),
	);
});

test('an escape sequence whose bytes arrive apart is one key; a lone ESC is Esc once its wait is over', () => {
	const clock = new FakeClock(0);
	const reads: string[][] = [];
	const reader = keyReader(keys => reads.push([...keys]), clock, 80);
	reader.push(ESC);
	assert.deepEqual(reads, [], 'the ESC waits');
	assert.equal(clock.pending, 1);
	reader.push('[B');
	assert.deepEqual(reads, [[`${ESC}[B`]], 'ESC and [B 50 ms later: Down');
	assert.equal(clock.pending, 0);

	reader.push(`jj${ESC}`);
	assert.deepEqual(reads.at(-1), ['j', 'j']);
	void clock.runUntil(80, async () => undefined);
	assert.deepEqual(reads.at(-1), [ESC], 'nothing came: Esc');
	reader.push(`${ESC}[`);
	reader.close();
	assert.equal(clock.pending, 0, 'closing drops the wait');
});

test('keys by name: arrows with and without modifiers, paging, Home and End, controls', () => {
	const names = Object.fromEntries(
		[`${ESC}[A`, `${ESC}OB`, `${ESC}[1;2C`, `${ESC}[D`, `${ESC}[5~`, `${ESC}[6~`, `${ESC}[H`, `${ESC}[4~`, `${ESC}OF`, `${ESC}[Z`, '\t', '\r', '\u007F', ESC, '\u0003', '\u000C', '\u001A'].map(
			token => [token, keyName(token)],
		),
	);
	assert.deepEqual(Object.values(names), ['up', 'down', 'right', 'left', 'pageup', 'pagedown', 'home', 'end', 'end', 'shift-tab', 'tab', 'enter', 'backspace', 'esc', 'ctrl-c', 'ctrl-l', 'ctrl-z']);
	assert.equal(keyName('j'), 'j');
	assert.equal(keyName(`${ESC}[[A`), undefined, 'F1 means nothing');
	assert.equal(keyName('\u0001'), undefined);
});

test('the table of keys: what each key does where, and Esc never quits', () => {
	const type = (key: string, mode: KeyMode) => keyAction(key, mode)?.type;
	assert.equal(type('h', TASK), 'previous');
	assert.equal(type('l', TASK), 'next');
	assert.equal(type('left', TASK), 'previous');
	assert.equal(type('right', TASK), 'next');
	assert.equal(type('tab', TASK), 'next');
	assert.equal(type('shift-tab', TASK), 'previous');
	assert.deepEqual(keyAction('7', TASK), {type: 'jump', index: 6});
	assert.equal(type('0', TASK), undefined);
	assert.equal(type('esc', TASK), 'overview', 'Esc goes back');
	assert.equal(type('esc', OVERVIEW), 'filter-clear', 'Esc clears the filter (or does nothing)');
	assert.equal(type('esc', HELP), 'close-help');
	assert.equal(type('esc', FILTER), 'filter-clear');
	assert.equal(type('q', HELP), 'close-help', 'q in help closes it');
	assert.equal(type('?', HELP), 'close-help');
	assert.equal(type('p', HELP), undefined, 'help has the keys');
	assert.deepEqual(keyAction('q', FILTER), {type: 'filter-type', text: 'q'}, 'q is text in the filter prompt');
	assert.equal(type('ctrl-c', FILTER), 'quit');
	assert.equal(type('ctrl-l', HELP), 'redraw');
	assert.equal(type('ctrl-z', TASK), 'suspend');
	assert.equal(type('G', OVERVIEW), 'last');
	assert.equal(type('home', OVERVIEW), 'first');
	assert.deepEqual(keyAction('K', OVERVIEW), {type: 'page', by: -1});
	assert.deepEqual(keyAction('down', OVERVIEW), {type: 'move', by: 1});
	assert.equal(type('j', TASK), undefined);
	// Only q and Ctrl-C quit, in any mode.
	const modes = [OVERVIEW, TASK, HELP, FILTER, {...TASK, isHelpOpen: true}];
	const keys = [...NAMED_KEYS, ...Array.from({length: 95}, (_, index) => String.fromCodePoint(32 + index))];
	for (const mode of modes) {
		for (const key of keys) {
			if (type(key, mode) === 'quit') {
				assert.ok(key === 'ctrl-c' || (key === 'q' && !mode.isHelpOpen && !mode.isFiltering), `${key} quits in ${JSON.stringify(mode)}`);
			}
		}
	}
});

test('a burst is read in the mode each key leaves: `/` and a paste filter, `?` and q close the help', () => {
	let mode = OVERVIEW;
	const actions = [...'/qj', 'enter', 'j', '?', 'q', 'q'].map(key => {
		const action = keyAction(key, mode)!;
		mode = modeAfter(mode, action);
		return action.type;
	});
	assert.deepEqual(actions, ['filter-start', 'filter-type', 'filter-type', 'filter-done', 'move', 'toggle-help', 'close-help', 'quit']);
	assert.deepEqual(placesOf(TASK), ['always', 'task', 'screens']);
});

test("the README's table of keys is the table of keys", () => {
	const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
	const section = readme.slice(readme.indexOf('## Keys'), readme.indexOf('\n## ', readme.indexOf('## Keys') + 1));
	const rows = section
		.split('\n')
		.filter(line => line.startsWith('| ') && !line.startsWith('| keys |'))
		.map(line =>
			line
				.slice(1, -1)
				.split(' | ')
				.map(cell => cell.trim().replaceAll('`', '')),
		);
	const expected = KEY_TABLE.map(binding => [bindingKeys(binding), PLACE_NAMES[binding.place], binding.what]);
	assert.deepEqual(rows, expected);
});

test('Ctrl-Z gives the terminal back, stops the process, and takes raw mode back when it runs again', async () => {
	const calls: string[] = [];
	let resume: (() => void) | undefined;
	const stdin = {isTTY: true, isRaw: true, setRawMode: (mode: boolean) => calls.push(`raw ${mode}`)};
	const stdout = {write: (text: string) => calls.push(JSON.stringify(text))} as unknown as NodeJS.WritableStream;
	const done = suspend(stdout, stdin, {
		pid: 42,
		kill: (pid, signal) => calls.push(`${signal} to ${pid}`),
		once: (_event, listener) => {
			resume = listener;
		},
		off: () => undefined,
	});
	assert.deepEqual(calls, ['raw false', JSON.stringify('\u001B[?25h'), 'SIGTSTP to 42']);
	resume!();
	await done;
	assert.deepEqual(calls.slice(3), ['raw true', JSON.stringify('\u001B[?25l')]);
});

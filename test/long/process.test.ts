import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {exitCodeFor, STOP_SIGNALS} from '../../source/modes/stop-signals.js';
import {Pty} from '../helpers/pty.js';

/**
 * omstop as an operator runs it: the real CLI in a pseudo-terminal (util-linux `script`),
 * the demo on screen, then ended by a signal, by the terminal going away, or by a bug.
 * A shell around it reports its exit status and then the terminal's modes.
 */

const CLI = fileURLToPath(new URL('../../source/cli.ts', import.meta.url));
const CRASH = fileURLToPath(new URL('../fixtures/crash-on-usr2.ts', import.meta.url));
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
const home = mkdtempSync(join(tmpdir(), 'omstop-process-'));

after(() => {
	rmSync(home, {recursive: true, force: true});
});

function omstopInTerminal(options: {preload?: string; shell: string}): Pty {
	return new Pty({
		columns: 80,
		rows: 24,
		command: ['sh', '-c', options.shell, process.execPath, '--import', 'tsx', ...(options.preload === undefined ? [] : ['--import', options.preload]), CLI, '--demo'],
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8'},
	});
}

const REPORT = '"$0" "$@"; echo "omstop-exit=$?"; stty -a';

/** The demo's overview, with its tasks polled. */
async function onScreen(pty: Pty): Promise<number> {
	// One character a byte: the middle dot is two.
	await pty.waitFor(/5 watched .{1,4}[1-9] synchronizing/, 20_000);
	return pty.pid();
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The terminal as omstop left it: cursor shown after the last time it was hidden, line editing and echo on. */
function assertRestored(pty: Pty): void {
	const {text} = pty;
	assert.ok(text.lastIndexOf(SHOW_CURSOR) > text.lastIndexOf(HIDE_CURSOR), 'the cursor is shown again');
	const modes = text.slice(text.indexOf('omstop-exit='));
	assert.match(modes, /(?<!-)\bicanon\b/, 'line editing is back (raw mode off)');
	assert.match(modes, /(?<![-\w])echo\b/, 'typed keys are echoed again');
}

for (const signal of STOP_SIGNALS) {
	test(`${signal} ends omstop on a terminal: exit ${exitCodeFor(signal)}, terminal restored, nothing left running`, async t => {
		const pty = omstopInTerminal({shell: REPORT});
		try {
			const pid = await onScreen(pty);
			const sentAt = performance.now();
			process.kill(pid, signal);
			await pty.exited;
			t.diagnostic(`ended ${Math.round(pty.timeOf(pty.text.indexOf('omstop-exit=')) - sentAt)} ms after ${signal}`);
			assert.match(pty.text, new RegExp(`omstop-exit=${exitCodeFor(signal)}\\b`));
			assert.equal(isRunning(pid), false);
			assert.doesNotMatch(pty.text, /unexpected error/);
			assertRestored(pty);
		} finally {
			await pty.stop();
		}
	});
}

const DROPS = [
	{name: 'its shell passes the hang-up on, as bash does to its jobs', passOn: true},
	{name: 'hang-ups are ignored, as under nohup', passOn: false},
];

for (const {name, passOn} of DROPS) {
	test(`the SSH session dropping under omstop ends it as a hang-up, not as a crash: ${name}`, async t => {
		const status = join(home, `status-${passOn}`);
		// The shell outlives the hang-up to write omstop's exit status where the test can read it.
		const pty = omstopInTerminal({shell: `trap "" HUP; "$0" "$@"; echo $? > ${status}`});
		const pid = await onScreen(pty);
		const droppedAt = performance.now();
		pty.hangUp();
		if (passOn) {
			process.kill(pid, 'SIGHUP');
		}

		while (isRunning(pid) && performance.now() - droppedAt < 10_000) {
			await sleep(10);
		}

		t.diagnostic(`gone ${Math.round(performance.now() - droppedAt)} ms after the terminal closed`);
		assert.equal(isRunning(pid), false, 'omstop does not linger without its terminal');
		await pty.exited;
		for (let tries = 0; tries < 100 && readStatus(status) === undefined; tries++) {
			await sleep(10);
		}

		// SIGHUP (129), or the write that found the terminal gone first (141, as a closed pipe);
		// never 134 (Node aborting on the dead terminal) nor 70 (a crash).
		assert.match(readStatus(status) ?? 'none', /^(129|141)$/);
	});
}

function readStatus(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}

test('an error nobody caught restores the terminal before it prints, and exits 70', async () => {
	const pty = omstopInTerminal({preload: CRASH, shell: REPORT});
	try {
		const pid = await onScreen(pty);
		const before = pty.text.length;
		process.kill(pid, 'SIGUSR2');
		await pty.exited;
		assert.match(pty.text, /omstop-exit=70\b/);
		const after = pty.text.slice(before);
		const report = after.indexOf('omstop: unexpected error, please report it');
		assert.ok(report > 0, 'the error is reported');
		assert.ok(after.lastIndexOf(SHOW_CURSOR, report) !== -1, 'the cursor is shown before the report');
		assert.match(after, /a bug nobody caught/);
		assertRestored(pty);
	} finally {
		await pty.stop();
	}
});

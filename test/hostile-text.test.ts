// Ink decides at import whether it runs in CI; this watches the terminal as it is drawn.
process.env['CI'] = 'false';

import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {startSimulator} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {FakeStdin, Terminal, TerminalStdout, waitForScreen} from './helpers/ui-terminal.js';

const {main} = await import('../source/main.js');

/**
 * A project whose task names, bucket names and error messages carry the classic terminal
 * attacks, watched by the whole of omstop on a terminal: listed in the overview, opened,
 * and failing. Nothing of the attacks may reach what is written to the terminal.
 */

const ATTACKS = {
	title: '\u001B]0;pwned-title\u0007',
	clipboard: '\u001B]52;c;cHduZWQtY2xpcGJvYXJk\u0007',
	hyperlink: '\u001B]8;;https://evil.example/\u0007click\u001B]8;;\u0007',
	cursor: '\u001B[12;1H\u001B[2J',
	c1: '\u009D0;pwned-c1\u009C',
	bidi: '\u202Egnp.exe',
};

/** What any of the attacks would leave in the written bytes, had it got through. */
const TRACES = [/\u001B\]/, /\u009D/, /\u202E/, /pwned/, /cHduZWQt/, /evil\.example/, /\u001B\[12;1H/];

test('task names, bucket names and errors from the server reach the terminal cleaned of every attack', async () => {
	// One fixed instant for the simulator and omstop: the same traffic at every run.
	const clock = new FakeClock(T0);
	const simulator = await startSimulator({now: clock.now});
	const task = simulator.addTask({
		description: `archive ${ATTACKS.title}${ATTACKS.clipboard}${ATTACKS.hyperlink}${ATTACKS.cursor}end`,
		srcBucket: `src${ATTACKS.c1}-bucket`,
		dstBucket: `dst-${ATTACKS.bidi}`,
		profile: 'failing',
	});
	const terminal = new Terminal(120, 30);
	const stdout = new TerminalStdout(terminal);
	const stdin = new FakeStdin(true);
	const stderr = new PassThrough();
	const running = main([], {OMS_ENDPOINT: simulator.url, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId, HOME: '/nonexistent'}, {
		stdout: stdout as unknown as PassThrough,
		stderr,
		stdin: stdin as unknown as PassThrough,
		now: clock.now,
		clock,
	});
	try {
		// Polled: live, or stalled (a task with no traffic at this instant reads so).
		let lines = await waitForScreen(terminal, screen => screen.some(line => line.includes('archive') && /\b(live|stalled)\b/.test(line)));
		await waitForScreen(terminal, () => stdin.isRaw);
		// Its row, found as an operator would: filter on its name, keep the filter, open it.
		stdin.press('/');
		await waitForScreen(terminal, screen => screen.some(line => line.includes('Enter keep')));
		stdin.press('archive');
		await waitForScreen(terminal, screen => screen.some(line => line.includes('filter: archive')));
		stdin.press('\r');
		await waitForScreen(terminal, screen => !screen.some(line => line.includes('Enter keep')));
		stdin.press('\r');
		lines = await waitForScreen(terminal, screen => screen.some(line => line.includes('→')) && screen[0]!.includes('archive'));
		assert.match(lines.join('\n'), /src-bucket → dst- gnp\.exe/, 'bucket names shown, cleaned');

		simulator.setFault({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: `failed ${ATTACKS.title}${ATTACKS.cursor}${ATTACKS.bidi}`}, {taskId: task.id});
		stdin.press('r');
		lines = await waitForScreen(terminal, screen => screen.some(line => line.includes('RETRYING')), 10_000);
		assert.match(lines.join('\n'), /HTTP 500/);

		const written = stdout.writes.join('');
		for (const trace of TRACES) {
			assert.doesNotMatch(written, trace);
		}
	} finally {
		stdin.press('q');
		await running;
		await simulator.close();
	}
});

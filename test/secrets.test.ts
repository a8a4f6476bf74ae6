// Ink decides at import whether it runs in CI, and then draws only at exit; the monitor
// runs on a terminal here, watched as it draws, so this says it is not in CI first.
process.env['CI'] = 'false';

import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {PassThrough} from 'node:stream';
import {after, before, test} from 'node:test';
import type {EpochMs} from '../source/domain/units.js';
import type {StopSignal} from '../source/modes/stop-signals.js';
import {SEEDED_TASK_IDS, startSimulator, type Fault, type Simulator} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {FakeStdin, Terminal, TerminalStdout} from './helpers/ui-terminal.js';

const {main} = await import('../source/main.js');

/**
 * Every error path, with a known secret, in every way omstop shows things: --once as text
 * and JSON, the monitor's plain lines, and the monitor on a terminal. Some faults are a
 * server or proxy echoing the secret back; none of it may reach any output.
 */

let simulator: Simulator;
let refusedEndpoint: string;
/** The simulator's and omstop's time: one fixed instant, so that every run sees the same traffic. */
const at = (): EpochMs => T0;

before(async () => {
	simulator = await startSimulator({now: at});
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	refusedEndpoint = `http://127.0.0.1:${port}`;
});

after(async () => {
	await simulator.close();
});

type Credential = {name: string; secrets: () => string[]; env: () => Record<string, string>};

const CREDENTIALS: Credential[] = [
	{name: 'a token', secrets: () => [simulator.token], env: () => ({OMS_AUTH_TOKEN: simulator.token})},
	{
		name: 'an AK/SK pair',
		secrets: () => [simulator.secretKey],
		env: () => ({HUAWEICLOUD_SDK_AK: simulator.accessKey, HUAWEICLOUD_SDK_SK: simulator.secretKey}),
	},
];

type Path = {name: string; fault?: (secret: string) => Fault; endpoint?: () => string; echoes?: boolean};

const PATHS: Path[] = [
	{name: 'success'},
	{name: '401', fault: () => ({kind: 'expired-token'})},
	{name: '403 echoing the secret', fault: secret => ({kind: 'status', status: 403, errorCode: 'APIGW.0305', errorMsg: `credential ${secret} is not allowed`}), echoes: true},
	{
		name: '500 echoing the secret with an escape inside it',
		fault: secret => ({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: `bad ${secret.slice(0, 5)}\u001B[0m${secret.slice(5)} here`}),
		echoes: true,
	},
	{name: 'a proxy page holding the secret', fault: secret => ({kind: 'body', body: `<html><body>X-Auth-Token: ${secret}</body></html>`})},
	{name: 'JSON of the wrong shape holding the secret', fault: secret => ({kind: 'body', body: `{"statistic_time_type":"${secret}","statistic_datas":[]}`}), echoes: true},
	{
		name: "a proxy's error page padded with control characters so that a cut at 1000 characters halves the secret",
		fault: secret => ({kind: 'body', status: 502, contentType: 'text/html', body: `${'\u0007'.repeat(1000 - Math.floor(secret.length / 2))}${secret} was refused`}),
		echoes: true,
	},
	{name: 'a connection reset', fault: () => ({kind: 'reset'})},
	{name: 'a body cut short', fault: () => ({kind: 'truncated'})},
	{name: 'connection refused', endpoint: () => refusedEndpoint},
];

type Output = {code: number; text: string};

function environment(credential: Credential, path: Path): Record<string, string> {
	return {
		HOME: '/nonexistent',
		OMS_ENDPOINT: path.endpoint?.() ?? simulator.url,
		HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId,
		...credential.env(),
	};
}

async function once(argv: string[], env: Record<string, string>): Promise<Output> {
	const out = new PassThrough();
	let text = '';
	out.on('data', (chunk: Buffer) => {
		text += chunk.toString('utf8');
	});
	const code = await main(argv, env, {stdout: out, stderr: out, stdin: new PassThrough(), now: at});
	return {code, text};
}

/**
 * Once the task is live or retrying, or polling is held, the first poll has had its outcome:
 * in the header on the terminal, in the task's line on stdout otherwise (stderr's notes, such
 * as "using credentials from", do not count).
 */
const OUTCOME = /LIVE|RETRYING|CREDENTIALS|DELETED| live | retrying | credentials | deleted /;

/**
 * The monitor on a fake clock (its first poll goes out at start; no retry comes due) until
 * its output shows the first poll's outcome, looked at after each write; then stopped
 * through its Io. On the terminal Ink draws its last frame as it unmounts.
 */
async function monitor(env: Record<string, string>, tty: boolean): Promise<Output> {
	const terminal = new Terminal(100, 30);
	const stdout = tty ? new TerminalStdout(terminal) : new PassThrough();
	const stderr = new PassThrough();
	let text = '';
	let lines = '';
	const all = (): string => (tty ? (stdout as TerminalStdout).writes.join('') + text : text);
	let shown = (): void => undefined;
	const outcome = new Promise<'shown'>(resolve => {
		shown = () => resolve('shown');
	});
	const look = (): void => {
		if (OUTCOME.test(tty ? terminal.lines.join('\n') : lines)) {
			shown();
		}
	};

	for (const stream of tty ? [stderr] : [stdout, stderr]) {
		stream.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			if (stream === stdout) {
				lines += chunk.toString('utf8');
			}

			look();
		});
	}

	if (tty) {
		const terminalStdout = stdout as TerminalStdout;
		const {write} = terminalStdout;
		terminalStdout.write = (chunk, callback) => {
			const written = write(chunk, callback);
			look();
			return written;
		};
	}

	const clock = new FakeClock(T0);
	// The output can show the outcome before main listens for its stop: a stop asked for
	// then is given as it starts to listen.
	let stopped = false;
	let stop: ((signal: StopSignal) => void) | undefined;
	const running = main([SEEDED_TASK_IDS.steady], env, {
		stdout: stdout as NodeJS.WritableStream as PassThrough,
		stderr,
		stdin: new FakeStdin(tty) as unknown as PassThrough,
		now: clock.now,
		clock,
		onStop(listener) {
			stop = listener;
			if (stopped) {
				listener('SIGTERM');
			}

			return () => undefined;
		},
	});
	const first = await Promise.race([outcome, running.then(() => 'ended' as const)]);
	assert.equal(first, 'shown', `the first poll's outcome is shown before the monitor ends:\n${all()}`);
	stopped = true;
	stop?.('SIGTERM');
	const code = await running;
	return {code, text: all()};
}

for (const credential of CREDENTIALS) {
	for (const path of PATHS) {
		test(`no secret in any output: ${credential.name}, ${path.name}`, async () => {
			const [secret] = credential.secrets();
			const env = environment(credential, path);
			const outputs: Array<[string, Output]> = [];
			for (const [mode, run] of [
				['--once', async () => once(['--once', SEEDED_TASK_IDS.steady], env)],
				['--once --json', async () => once(['--once', '--json', SEEDED_TASK_IDS.steady], env)],
				['plain lines', async () => monitor(env, false)],
				['terminal', async () => monitor(env, true)],
			] as const) {
				if (path.fault !== undefined) {
					simulator.setFault(path.fault(secret!));
				}

				try {
					outputs.push([mode, await run()]);
				} finally {
					simulator.clearFaults();
				}
			}

			for (const [mode, {text}] of outputs) {
				assert.ok(text.length > 0, `${mode} printed something`);
				for (const each of credential.secrets()) {
					assert.ok(!text.includes(each), `${mode} shows a secret:\n${text}`);
					assert.ok(!text.includes(each.slice(0, Math.min(12, Math.floor(each.length / 2)))), `${mode} shows part of a secret:\n${text}`);
				}
			}

			if (path.echoes) {
				// The echo reached the screen, with the secret blanked out: the path was taken.
				assert.match(outputs.find(([mode]) => mode === 'plain lines')![1].text, /\[redacted\]/);
			}
		});
	}
}

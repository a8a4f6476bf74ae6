// Ink decides at import whether it runs in CI, and then draws nothing until it exits; these
// tests watch a terminal as it is drawn, so they say they are not in CI before Ink loads.
process.env['CI'] = 'false';

import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {after, before, test} from 'node:test';
import {DAY, HOUR} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {FakeStdin, Terminal, TerminalStdout, waitForScreen} from './helpers/ui-terminal.js';

const {main} = await import('../source/main.js');

/** Two projects behind two simulators; the staging one has only the bursty task. */
let production: Simulator;
let staging: Simulator;
let directory: string;
let configPath: string;
let stateDirectory: string;
const statePath = (): string => join(stateDirectory, 'omstop', 'state.json');

before(async () => {
	production = await startSimulator({now: () => T0});
	staging = await startSimulator({now: () => T0});
	directory = await mkdtemp(join(tmpdir(), 'omstop-ui-contexts-'));
	configPath = join(directory, 'config.toml');
	await writeFile(
		configPath,
		`default = "prod"

[contexts.prod]
endpoint = "${production.url}"
project_id = "${production.projectId}"
label = "production"
color = "red"
task_ids = ["${SEEDED_TASK_IDS.steady}"]
[contexts.prod.credentials]
token_env = "PROD_TOKEN"

[contexts.staging]
endpoint = "${staging.url}"
project_id = "${staging.projectId}"
task_ids = ["${SEEDED_TASK_IDS.bursty}", "${SEEDED_TASK_IDS.quiet}"]
[contexts.staging.credentials]
token_env = "STAGING_TOKEN"
`,
	);
});

after(async () => {
	await production.close();
	await staging.close();
	await rm(directory, {recursive: true, force: true});
});

type Session = {terminal: Terminal; stdin: FakeStdin; stderr: () => string; done: Promise<number>};

function start(flags: string[]): Session {
	const terminal = new Terminal(140, 30);
	const stdout = new TerminalStdout(terminal);
	const stdin = new FakeStdin(true);
	const stderr = new PassThrough();
	let errors = '';
	stderr.on('data', (chunk: Buffer) => {
		errors += chunk.toString('utf8');
	});
	const clock = new FakeClock(T0);
	const env = {HOME: '/nonexistent', OMSTOP_NO_METADATA: '1', XDG_STATE_HOME: stateDirectory, PROD_TOKEN: production.token, STAGING_TOKEN: staging.token};
	const done = main(['--config', configPath, ...flags], env, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr,
		stdin: stdin as unknown as NodeJS.ReadStream,
		now: clock.now,
		clock,
	});
	return {terminal, stdin, stderr: () => errors, done};
}

async function quit(session: Session): Promise<void> {
	session.stdin.press('q');
	assert.equal(await session.done, 0, session.stderr());
}

/** A task's row: the overview names tasks by their description. */
const nameOf = (taskId: string): string => production.tasks.find(task => task.id === taskId)!.description;
const row = (lines: string[], taskId: string): string | undefined => lines.find(line => line.includes(nameOf(taskId)));

test('every context in one overview: a context column, a footer per context, and c switches to one of them', async () => {
	stateDirectory = await mkdtemp(join(directory, 'state-'));
	const session = start(['--all-contexts']);
	let lines = await waitForScreen(session.terminal, screen => screen.filter(line => line.includes(' live')).length === 3);
	assert.match(row(lines, SEEDED_TASK_IDS.steady) ?? '', /production/, lines.join('\n'));
	assert.match(row(lines, SEEDED_TASK_IDS.bursty) ?? '', /staging/);
	assert.ok(lines.some(line => /^production: 1 watched/.test(line)), lines.join('\n'));
	assert.ok(lines.some(line => /^staging: 2 watched/.test(line)), lines.join('\n'));

	session.stdin.press('s');
	session.stdin.press('s');
	session.stdin.press('s');
	session.stdin.press('s');
	lines = await waitForScreen(session.terminal, screen => screen[0]!.includes('sort: context'));
	const order = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bursty, SEEDED_TASK_IDS.quiet].map(id => lines.findIndex(line => line.includes(nameOf(id))));
	assert.ok(order[0]! < order[1]! && order[0]! < order[2]!, 'sorted by context: production before staging');

	session.stdin.press('c');
	lines = await waitForScreen(session.terminal, screen => screen.includes('Contexts'));
	assert.ok(lines.some(line => /production +1 task · 1 live/.test(line)), lines.join('\n'));
	session.stdin.press('j');
	session.stdin.press('j');
	session.stdin.press('\r');
	lines = await waitForScreen(session.terminal, screen => screen[0]!.includes('2 tasks') && row(screen, SEEDED_TASK_IDS.steady) === undefined);
	assert.match(lines[0]!, /staging/);
	assert.ok(!lines.some(line => line.startsWith('production:')), 'one context shown: one footer, no context column');

	session.stdin.press('/');
	await waitForScreen(session.terminal, screen => screen.some(line => line.startsWith('/_')));
	session.stdin.press('l');
	await waitForScreen(session.terminal, screen => screen.some(line => line.startsWith('/l_')));
	session.stdin.press('\r');
	await waitForScreen(session.terminal, screen => screen[0]!.includes('filter: l'));
	await quit(session);
	const saved = JSON.parse(await readFile(statePath(), 'utf8')) as {contexts: Record<string, {sort?: string; filter?: string; window?: number}>};
	assert.deepEqual(saved.contexts['staging'], {window: 6 * HOUR, sort: 'context', filter: 'l'}, 'the view remembered under the context shown');
	assert.equal(saved.contexts['prod+staging']?.sort, 'context');
});

test('the remembered view comes back at the next start; --no-state neither reads nor writes it', async () => {
	stateDirectory = await mkdtemp(join(directory, 'state-'));
	await rm(statePath(), {force: true});
	await writeFile(join(stateDirectory, 'placeholder'), '');
	const {mkdir} = await import('node:fs/promises');
	await mkdir(join(stateDirectory, 'omstop'), {recursive: true});
	await writeFile(statePath(), JSON.stringify({version: 1, contexts: {staging: {window: DAY, sort: 'name', filter: 'legal'}}}));

	const restored = start(['--context', 'staging']);
	const lines = await waitForScreen(restored.terminal, screen => screen[0]!.includes('sort: name') && screen[0]!.includes('window 1d') && screen[0]!.includes('filter: legal'));
	assert.equal(row(lines, SEEDED_TASK_IDS.bursty), undefined, 'the filter applies');
	await quit(restored);

	const before = await readFile(statePath(), 'utf8');
	const fresh = start(['--context', 'staging', '--no-state']);
	await waitForScreen(fresh.terminal, screen => screen[0]!.includes('sort: trouble') && screen[0]!.includes('window 6h'));
	fresh.stdin.press('s');
	await waitForScreen(fresh.terminal, screen => screen[0]!.includes('sort: name'));
	await quit(fresh);
	assert.equal(await readFile(statePath(), 'utf8'), before, 'not written');
});

test('a corrupt state file: one line of warning, set aside, and the monitor runs', async () => {
	stateDirectory = await mkdtemp(join(directory, 'state-'));
	const {mkdir} = await import('node:fs/promises');
	await mkdir(join(stateDirectory, 'omstop'), {recursive: true});
	await writeFile(statePath(), '{"contexts": ');
	const session = start([]);
	await waitForScreen(session.terminal, screen => screen[0]!.includes('production') && screen.some(line => line.startsWith('LIVE')));
	await quit(session);
	const warnings = session.stderr().split('\n').filter(line => line.includes('state file'));
	assert.equal(warnings.length, 1, session.stderr());
	assert.match(warnings[0]!, /set aside as .*state\.json\.corrupt-\d{8}T\d{6}Z/);
	assert.ok((await readdir(join(stateDirectory, 'omstop'))).some(name => name.startsWith('state.json.corrupt-')));
});

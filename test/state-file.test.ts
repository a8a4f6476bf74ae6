import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {HOUR} from '../source/domain/units.js';
import {defaultStatePath, StateFile, viewKey} from '../source/state/state-file.js';
import {T0} from './helpers/rig.js';

let directory: string;

before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'omstop-state-'));
});

after(async () => {
	await rm(directory, {recursive: true, force: true});
});

async function open(path: string, warnings: string[] = []): Promise<StateFile> {
	return StateFile.open({path, now: () => T0, warn: line => warnings.push(line), delay: 5});
}

test('a view is saved per context, atomically, and restored by the next start', async () => {
	const path = join(directory, 'nested', 'omstop', 'state.json');
	const first = await open(path);
	assert.deepEqual(first.view('prod'), {}, 'nothing remembered yet');
	first.update('prod', {window: 24 * HOUR, sort: 'name', filter: 'bucket-a', selected: 'task-1'});
	first.update(viewKey(['staging', 'prod']), {window: HOUR, sort: 'trouble', filter: ''});
	await first.flush();
	const written = JSON.parse(await readFile(path, 'utf8')) as {version: number; contexts: Record<string, unknown>};
	assert.equal(written.version, 1);
	assert.deepEqual(Object.keys(written.contexts), ['prod', 'prod+staging']);
	assert.deepEqual(await readdir(join(directory, 'nested', 'omstop')), ['state.json'], 'no temporary file left behind');

	const second = await open(path);
	assert.deepEqual(second.view('prod'), {window: 24 * HOUR, sort: 'name', filter: 'bucket-a', selected: 'task-1'});
	assert.deepEqual(second.view('prod+staging'), {window: HOUR, sort: 'trouble', filter: ''});
});

test('changes close together are one write, and only when something changed', async () => {
	const path = join(directory, 'debounced.json');
	const state = await open(path);
	for (let row = 0; row < 50; row++) {
		state.update('prod', {selected: `task-${row}`});
	}

	await assert.rejects(readFile(path, 'utf8'), {code: 'ENOENT'}, 'nothing written before the delay');
	await state.flush();
	assert.equal((JSON.parse(await readFile(path, 'utf8')) as {contexts: {prod: {selected: string}}}).contexts.prod.selected, 'task-49');
	await rm(path);
	state.update('prod', {selected: 'task-49'});
	await state.flush();
	await assert.rejects(readFile(path, 'utf8'), {code: 'ENOENT'}, 'the same view again is no write');
});

test('a corrupt state file is set aside with a one-line warning, and omstop starts afresh', async () => {
	for (const [name, text] of [['garbled', '{"contexts": {"prod": '], ['not ours', '[1, 2, 3]']] as const) {
		const path = join(directory, `${name}.json`);
		await writeFile(path, text);
		const warnings: string[] = [];
		const state = await open(path, warnings);
		assert.deepEqual(state.view('prod'), {});
		assert.equal(warnings.length, 1);
		assert.doesNotMatch(warnings[0]!, /\n/);
		const aside = `${path}.corrupt-20261123T080110Z`;
		assert.match(warnings[0]!, /set aside as .*\.corrupt-20261123T080110Z/);
		assert.equal(await readFile(aside, 'utf8'), text, 'the old file is kept, renamed');
		state.update('prod', {sort: 'name'});
		await state.flush();
		assert.deepEqual((JSON.parse(await readFile(path, 'utf8')) as {contexts: unknown}).contexts, {prod: {sort: 'name'}});
	}
});

test('fields of the wrong type are left out; an unwritable place is one warning, never an error', async () => {
	const path = join(directory, 'typed.json');
	await writeFile(path, JSON.stringify({version: 1, contexts: {prod: {window: 'six hours', sort: 'name', selected: 42}}}));
	assert.deepEqual((await open(path)).view('prod'), {sort: 'name'});

	const blocked = join(directory, 'typed.json', 'under-a-file', 'state.json');
	const warnings: string[] = [];
	const state = await open(blocked, warnings);
	state.update('prod', {sort: 'name'});
	await state.flush();
	state.update('prod', {sort: 'trouble'});
	await state.flush();
	assert.equal(warnings.length, 1);
	assert.match(warnings[0]!, /cannot be written \(ENOTDIR\)/);
});

test('the default place follows XDG_STATE_HOME', () => {
	assert.equal(defaultStatePath({}, '/home/op'), '/home/op/.local/state/omstop/state.json');
	assert.equal(defaultStatePath({XDG_STATE_HOME: '/st'}, '/home/op'), '/st/omstop/state.json');
});

import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {openCredentials, type ChainInputs} from '../source/auth/chain.js';
import type {FileStat} from '../source/auth/credentials.js';
import {MINUTE, SECOND, type EpochMs} from '../source/domain/units.js';
import {sanitize} from '../source/format/sanitize.js';
import {SEEDED_TASK_IDS, startSimulator} from '../source/simulator/index.js';
import {startRig, type Rig} from './helpers/rig.js';
import {runCli} from './helpers/run-cli.js';

const OLD_TOKEN = 'MIIold-token-value-0123456789abcdef';
const NEW_TOKEN = 'MIInew-token-value-9876543210fedcba';
const NEWER_TOKEN = 'MIInewer-token-value-5555555555aaaa';
const TASKS = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet];

let directory: string;

before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'omstop-renewal-'));
});

after(async () => {
	await rm(directory, {recursive: true, force: true});
});

function chainInputs(home: string, now: () => EpochMs, extra: Partial<ChainInputs> = {}): ChainInputs {
	return {
		env: {},
		homeDirectory: home,
		readFile: async path => readFile(path, 'utf8'),
		statFile: async path => stat(path),
		metadata: {base: undefined, now, userAgent: 'omstop-test'},
		...extra,
	};
}

/** As a cron job does it: the new file is written beside the old one, then renamed over it. */
async function replaceFile(path: string, text: string): Promise<void> {
	await writeFile(`${path}.new`, text, {mode: 0o600});
	await rename(`${path}.new`, path);
}

function since(r: Rig, from: EpochMs) {
	return r.simulator.requests.filter(request => request.at > from);
}

test('a token file rewritten in place, then replaced by rename, is used from the next request: no 401, polling stays live', async () => {
	const path = join(directory, 'rotated-token');
	await writeFile(path, `${OLD_TOKEN}\n`, {mode: 0o600});
	const r = await startRig({
		tasks: TASKS,
		simulator: {token: OLD_TOKEN},
		credentials: async (_, clock) => (await openCredentials(chainInputs(directory, clock.now, {tokenFile: path}))).provider,
	});
	await r.run(MINUTE);
	for (const [text, write] of [
		[NEW_TOKEN, async () => writeFile(path, `${NEW_TOKEN}\n`)],
		[NEWER_TOKEN, async () => replaceFile(path, `${NEWER_TOKEN}\n`)],
	] as const) {
		await write();
		r.simulator.setCredentials({token: text});
		const rotatedAt = r.clock.now();
		await r.run(2 * MINUTE);
		assert.deepEqual(since(r, rotatedAt).map(request => request.status).filter(status => status !== 200), [], 'no request refused');
		for (const taskId of TASKS) {
			const {status} = r.store.task(taskId)!;
			assert.equal(status.phase, 'live', taskId);
			assert.ok(status.lastSuccessAt! > rotatedAt, `${taskId} polled with the new token`);
		}

		assert.equal(sanitize(`echo ${text}`), 'echo [redacted]', 'the renewed token is a secret');
	}

	await r.close();
});

test('after a 401 the token file is looked at during the hold: a new token ends it within seconds, not minutes', async () => {
	const path = join(directory, 'expired-token');
	await writeFile(path, OLD_TOKEN, {mode: 0o600});
	const r = await startRig({
		tasks: TASKS,
		simulator: {token: OLD_TOKEN},
		credentials: async (_, clock) => (await openCredentials(chainInputs(directory, clock.now, {tokenFile: path}))).provider,
	});
	await r.run(MINUTE);
	// The token ran out before the cron job renewed it.
	r.simulator.setCredentials({token: NEW_TOKEN});
	await r.run(MINUTE);
	const heldAt = r.clock.now();
	for (const taskId of TASKS) {
		assert.equal(r.store.task(taskId)!.status.phase, 'credentials', taskId);
	}

	await r.run(MINUTE);
	assert.equal(since(r, heldAt).length, 0, 'nothing sent while held');
	await replaceFile(path, NEW_TOKEN);
	const writtenAt = r.clock.now();
	await r.run(30 * SECOND);
	const after = since(r, writtenAt);
	assert.ok(after.length >= TASKS.length, 'polling resumed');
	assert.equal(after[0]!.status, 200, 'the probe used the new token');
	assert.ok(after[0]!.at - writtenAt <= 10 * SECOND, `resumed ${after[0]!.at - writtenAt} ms after the rewrite`);
	for (const taskId of TASKS) {
		assert.equal(r.store.task(taskId)!.status.phase, 'live', taskId);
	}

	await r.close();
});

test('a 401 makes the token file be read again even when a stat shows no change, and the request is retried at once', async () => {
	const path = join(directory, 'same-stamp-token');
	await writeFile(path, OLD_TOKEN, {mode: 0o600});
	// A file system whose timestamps are too coarse to show a rewrite of the same length.
	const frozen = async (): Promise<FileStat> => ({mode: 0o100600, uid: 0, ino: 1, size: OLD_TOKEN.length, mtimeMs: 1, ctimeMs: 1});
	const r = await startRig({
		tasks: [SEEDED_TASK_IDS.steady],
		simulator: {token: OLD_TOKEN},
		credentials: async (_, clock) => (await openCredentials(chainInputs(directory, clock.now, {tokenFile: path, statFile: frozen}))).provider,
	});
	await r.run(MINUTE);
	const phases: string[] = [];
	const unsubscribe = r.store.subscribe(() => phases.push(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase));
	const renewed = NEW_TOKEN.slice(0, OLD_TOKEN.length);
	await writeFile(path, renewed);
	r.simulator.setCredentials({token: renewed});
	const rotatedAt = r.clock.now();
	await r.run(MINUTE);
	unsubscribe();
	assert.deepEqual(since(r, rotatedAt).map(request => request.status).slice(0, 2), [401, 200], 'one refusal, then the same request with the new token');
	assert.equal(r.hold.active, false, 'no hold');
	assert.ok(!phases.includes('credentials'), 'the screen never said the credentials need attention');
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	await r.close();
});

test('a profile file rewritten with new temporary keys is used from the next request', async () => {
	const home = join(directory, 'home');
	await mkdir(join(home, '.huaweicloud'), {recursive: true});
	const profile = join(home, '.huaweicloud', 'credentials');
	const r = await startRig({
		tasks: TASKS,
		credentials: async (simulator, clock) => {
			await writeFile(profile, `[basic]\nak = ${simulator.accessKey}\nsk = ${simulator.secretKey}\n`, {mode: 0o600});
			return (await openCredentials(chainInputs(home, clock.now))).provider;
		},
	});
	await r.run(MINUTE);
	const next = {accessKey: 'ROTATEDAK00000000000', secretKey: 'rotated-secret-key-0123456789abcdefghij', securityToken: 'rotated-security-token-0123456789'};
	await replaceFile(profile, `[basic]\nak = ${next.accessKey}\nsk = ${next.secretKey}\nsecurity_token = ${next.securityToken}\n`);
	r.simulator.setCredentials({accessKey: next.accessKey, secretKey: next.secretKey});
	const rotatedAt = r.clock.now();
	await r.run(2 * MINUTE);
	assert.deepEqual(since(r, rotatedAt).map(request => request.status).filter(status => status !== 200), [], 'no request refused');
	for (const taskId of TASKS) {
		assert.ok(r.store.task(taskId)!.status.lastSuccessAt! > rotatedAt, taskId);
	}

	assert.equal(sanitize(`${next.secretKey} ${next.securityToken}`), '[redacted] [redacted]', 'the new secret key and security token are secrets');
	await r.close();
});

test('a 401 with a token from OMS_AUTH_TOKEN says that it cannot be renewed and names --token-file; from --token-file it says to rewrite the file', async () => {
	const simulator = await startSimulator();
	const env = {OMS_ENDPOINT: simulator.url, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId};
	const fromEnv = await runCli(['--once', SEEDED_TASK_IDS.steady], {...env, OMS_AUTH_TOKEN: OLD_TOKEN}, Date.now);
	assert.equal(fromEnv.code, 1);
	assert.match(fromEnv.stdout, /Error: .*HTTP 401, credentials rejected \(a token from OMS_AUTH_TOKEN cannot be renewed while omstop runs: use --token-file\)/);
	assert.match(fromEnv.stdout, /What to do: .*--token-file PATH/);

	const path = join(directory, 'refused-token');
	await writeFile(path, OLD_TOKEN, {mode: 0o600});
	const fromFile = await runCli(['--once', '--token-file', path, SEEDED_TASK_IDS.steady], env, Date.now);
	assert.equal(fromFile.code, 1);
	assert.doesNotMatch(fromFile.stdout, /cannot be renewed/);
	assert.match(fromFile.stdout, new RegExp(`What to do: Write a new IAM token to ${path}`));
	for (const run of [fromEnv, fromFile]) {
		assert.ok(!`${run.stdout}${run.stderr}`.includes(OLD_TOKEN));
	}

	await simulator.close();
});

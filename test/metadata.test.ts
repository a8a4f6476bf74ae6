import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {openCredentials} from '../source/auth/chain.js';
import {MetadataProvider, readSecurityKey} from '../source/auth/metadata.js';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {sanitize} from '../source/format/sanitize.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {startMetadataServer, type IssuedKey, type MetadataServer} from './helpers/metadata-server.js';
import {startRig, T0} from './helpers/rig.js';
import {runCli} from './helpers/run-cli.js';

let home: string;

before(async () => {
	// No profile file here: the chain reaches the metadata service.
	home = await mkdtemp(join(tmpdir(), 'omstop-metadata-'));
});

after(async () => {
	await rm(home, {recursive: true, force: true});
});

function accept(simulator: Simulator): (key: IssuedKey) => void {
	return key => {
		simulator.setCredentials({accessKey: key.accessKey, secretKey: key.secretKey});
	};
}

test('on an ECS with an agency: keys from the metadata service, renewed 2 hours before they expire, polling never refused', async () => {
	let metadata: MetadataServer | undefined;
	const r = await startRig({
		tasks: [SEEDED_TASK_IDS.steady],
		interval: 10 * MINUTE,
		credentials: async (simulator, clock) => {
			metadata = await startMetadataServer({now: clock.now, lifetime: 6 * HOUR, onIssue: accept(simulator)});
			const {provider} = await openCredentials({
				env: {},
				homeDirectory: home,
				readFile: async path => readFile(path, 'utf8'),
				statFile: async path => stat(path),
				metadata: {base: new URL(metadata.url), now: clock.now, userAgent: 'omstop-test'},
			});
			assert.equal(provider.source, 'the ECS metadata service (agency credentials)');
			return provider;
		},
	});
	await r.run(13 * HOUR);
	const server = metadata!;
	assert.equal(server.issued.length, 4, 'the first key and three renewals');
	const fetches = server.requests.filter(request => request.path === '/openstack/latest/securitykey' && request.status === 200);
	for (let index = 1; index < server.issued.length; index++) {
		const fetchedAt = fetches[index]!.at;
		const previous = server.issued[index - 1]!;
		assert.ok(fetchedAt < previous.expiresAt, `key ${index + 1} fetched before key ${index} expired`);
		assert.ok(fetchedAt >= previous.expiresAt - 2 * HOUR, `key ${index + 1} not fetched long before it was needed`);
	}

	assert.equal(server.requests.filter(request => request.method === 'PUT').length, 1, 'one session token, sent with each fetch');
	assert.deepEqual(r.simulator.requests.filter(request => request.status !== 200), [], 'no request refused');
	assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
	for (const key of server.issued) {
		assert.equal(sanitize(`${key.secretKey}/${key.securityToken}`), '[redacted]/[redacted]');
	}

	await r.close();
	await server.close();
});

test('a failed renewal keeps the keys in use, says why without echoing a secret, and is tried again a minute later', async () => {
	const clock = new FakeClock(T0);
	const server = await startMetadataServer({now: clock.now, lifetime: 3 * HOUR});
	const provider = await MetadataProvider.open({base: new URL(server.url), now: clock.now, userAgent: 'omstop-test'});
	const first = server.issued[0]!;
	// Keys that live 3 hours are renewed halfway.
	clock.set(T0 + 90 * MINUTE);
	server.fail(500, JSON.stringify({error_code: 'ECS.0001', error_msg: `internal error for secret ${first.secretKey}`}));
	const kept = await provider.current();
	assert.equal(kept.kind === 'aksk' && kept.pair.accessKey, first.accessKey);
	assert.match(provider.refusal.hint, /The last renewal failed: The ECS metadata service refused temporary credentials: HTTP 500 — ECS.0001: internal error for secret \[redacted\]/);
	assert.ok(!provider.refusal.hint.includes(first.secretKey));
	const asked = server.requests.length;
	clock.set(T0 + 90 * MINUTE + 30_000);
	await provider.current();
	assert.equal(server.requests.length, asked, 'not asked again within the minute');
	await provider.close();
	await server.close();
});

test('the start-up chain: metadata keys work end to end, an ECS without an agency is told so, OMSTOP_NO_METADATA=1 asks nothing', async () => {
	const simulator = await startSimulator();
	const server = await startMetadataServer({now: Date.now, onIssue: accept(simulator)});
	const env = {HOME: home, OMS_ENDPOINT: simulator.url, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId, OMSTOP_METADATA_URL_FOR_TESTS: server.url};
	const working = await runCli(['--once', SEEDED_TASK_IDS.steady], env, Date.now);
	assert.equal(working.code, 0, working.stderr);
	assert.match(working.stderr, /using credentials from the ECS metadata service/);

	const asked = server.requests.length;
	const off = await runCli(['--once', SEEDED_TASK_IDS.steady], {...env, OMSTOP_NO_METADATA: '1'}, Date.now);
	assert.equal(off.code, 2);
	assert.match(off.stderr, /No credentials found/);
	assert.equal(server.requests.length, asked, 'the metadata service was not asked');

	server.fail(401, JSON.stringify({error_msg: 'Please configure Cloud Service Agency first'}));
	const noAgency = await runCli(['--once', SEEDED_TASK_IDS.steady], env, Date.now);
	assert.equal(noAgency.code, 2);
	assert.match(noAgency.stderr, /refused temporary credentials: HTTP 401.*\n.*Attach an agency to this ECS/);

	await server.close();
	const nobody = await runCli(['--once', SEEDED_TASK_IDS.steady], env, Date.now);
	assert.equal(nobody.code, 2);
	assert.match(nobody.stderr, /No credentials found\n.*then the ECS metadata service at 127\.0\.0\.1:\d+, which did not answer/);
	for (const run of [working, off, noAgency, nobody]) {
		for (const key of server.issued) {
			assert.ok(!`${run.stdout}${run.stderr}`.includes(key.secretKey));
		}
	}

	await simulator.close();
});

test('a securitykey answer without its fields is refused without quoting it', () => {
	const secret = 'half-answer-secret-0123456789';
	assert.throws(() => readSecurityKey(JSON.stringify({credential: {secret}})), (error: Error) => /without credential\.access, secret and securitytoken/.test(error.message) && !error.message.includes(secret));
	assert.throws(() => readSecurityKey('<html>'), /without a JSON body/);
	const key = readSecurityKey(JSON.stringify({credential: {access: 'AK', secret, securitytoken: 'security-token-value', expires_at: '2026-11-23T20:01:10.000000Z'}}));
	assert.equal(key.expiresAt, Date.UTC(2026, 10, 23, 20, 1, 10));
	assert.equal(sanitize(secret), '[redacted]');
});

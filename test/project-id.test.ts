import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {startIamServer} from './helpers/iam-server.js';
import {runCli} from './helpers/run-cli.js';

let simulator: Simulator;

before(async () => {
	simulator = await startSimulator();
});

after(async () => {
	await simulator.close();
});

/** omstop --once with a region and AK/SK but no project id, against an IAM that lists `projects`. */
async function lookUp(projects: Array<{id: string; name: string}>, refuse?: {status: number; body: string}) {
	const iam = await startIamServer({now: Date.now, pair: {accessKey: simulator.accessKey, secretKey: simulator.secretKey}, projects, ...(refuse === undefined ? {} : {refuse})});
	try {
		const run = await runCli(['--once', SEEDED_TASK_IDS.steady], {
			OMS_REGION: 'cn-north-4',
			OMS_ENDPOINT: simulator.url,
			HUAWEICLOUD_SDK_AK: simulator.accessKey,
			HUAWEICLOUD_SDK_SK: simulator.secretKey,
			OMSTOP_IAM_URL_FOR_TESTS: iam.url,
		}, Date.now);
		assert.ok(!`${run.stdout}${run.stderr}`.includes(simulator.secretKey), 'no secret in any output');
		return {run, requests: iam.requests};
	} finally {
		await iam.close();
	}
}

test('no project id: the one project named after the region, from IAM over a signed request', async () => {
	const {run, requests} = await lookUp([
		{id: simulator.projectId, name: 'cn-north-4'},
		{id: 'ffffffffffffffffffffffffffffffff', name: 'cn-east-3'},
	]);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stderr, new RegExp(`using project ${simulator.projectId}, the one IAM lists for cn-north-4`));
	assert.deepEqual(requests.map(request => [request.path, request.query, request.status]), [['/v3/projects', 'name=cn-north-4', 200]]);
});

test('several projects of that name: exit 2, listing them and asking to choose', async () => {
	const {run} = await lookUp([
		{id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'cn-north-4'},
		{id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', name: 'cn-north-4'},
	]);
	assert.equal(run.code, 2);
	assert.match(run.stderr, /IAM lists 2 projects named cn-north-4: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n {2}Choose one: Give --project-id/);
	assert.equal(run.stdout, '');
});

test('no project of that name: exit 2, saying to give --project-id', async () => {
	const {run} = await lookUp([{id: simulator.projectId, name: 'cn-east-3'}]);
	assert.equal(run.code, 2);
	assert.match(run.stderr, /IAM lists no project named cn-north-4 for these credentials\n {2}Give --project-id/);
});

test('IAM refusing the lookup: exit 2 with what it said, a secret it echoes blanked out', async () => {
	const {run} = await lookUp([], {status: 403, body: JSON.stringify({error: {code: 'IAM.0003', message: `Policy doesn't allow iam:projects:listProjects for ${simulator.secretKey}`}})});
	assert.equal(run.code, 2);
	assert.match(run.stderr, /could not be looked up: Looking up the project of cn-north-4 in IAM: HTTP 403, permission denied — IAM.0003: Policy doesn't allow iam:projects:listProjects for \[redacted\]/);
	assert.match(run.stderr, /Give --project-id/);
});

import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {after, before, test} from 'node:test';
import {DEFAULT_LIMITS} from '../source/client/http.js';
import {ApiError, NetworkError, OmstopError, TimeoutError} from '../source/domain/errors.js';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {HOUR} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Fault, type Simulator} from '../source/simulator/index.js';
import {clientFor} from './helpers/connect.js';

const NOW = Date.UTC(2026, 10, 24, 9, 17, 30);
const now = (): number => NOW;
let simulator: Simulator;

before(async () => {
	simulator = await startSimulator({now});
});

after(async () => {
	await simulator.close();
});

async function failure(promise: Promise<unknown>): Promise<OmstopError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof OmstopError, `expected an OmstopError, got ${String(error)}`);
		return error;
	}

	assert.fail('expected the call to fail');
}

test('statistics of all five types in one request equal what the simulator serves', async () => {
	const client = clientFor(simulator, {now});
	const start = NOW - 6 * HOUR;
	const before = simulator.requests.length;
	const answer = await client.statistics(SEEDED_TASK_IDS.steady, start, NOW);
	assert.equal(simulator.requests.length, before + 1);
	const truth = simulator.statistics(SEEDED_TASK_IDS.steady, start, NOW);
	assert.equal(answer.granularity, truth.granularity);
	for (const type of DATA_TYPES) {
		assert.deepEqual(answer.series[type], truth.series[type], type);
	}

	const request = simulator.requests.at(-1)!;
	assert.match(request.query, /data_type=REQUEST%2CSUCCESS%2CFAILURE%2CSKIP%2CSIZE/);
	await client.close();
});

test('AK/SK signed requests are accepted, and a wrong secret key is refused as credentials', async () => {
	const signed = clientFor(simulator, {
		now,
		credentials: {kind: 'aksk', pair: {accessKey: simulator.accessKey, secretKey: simulator.secretKey}, source: 'test'},
	});
	const answer = await signed.statistics(SEEDED_TASK_IDS.quiet, NOW - HOUR, NOW);
	assert.equal(answer.taskId, SEEDED_TASK_IDS.quiet);
	await signed.close();

	const wrongSecret = 'WRONGSECRET000000000000000000000000000000';
	const wrong = clientFor(simulator, {
		now,
		credentials: {kind: 'aksk', pair: {accessKey: simulator.accessKey, secretKey: wrongSecret}, source: 'test'},
	});
	const error = await failure(wrong.statistics(SEEDED_TASK_IDS.quiet, NOW - HOUR, NOW));
	assert.equal(error.code, 'unauthorized');
	assert.ok(!`${error.message} ${error.hint} ${error.stack}`.includes(wrongSecret));
	await wrong.close();
});

test('path parameters are URL-encoded', async () => {
	const client = clientFor(simulator, {now});
	const error = await failure(client.statistics('no such/task?x=1', NOW - HOUR, NOW));
	assert.equal(error.code, 'not-found');
	assert.match(simulator.requests.at(-1)!.path, /no%20such%2Ftask%3Fx%3D1\/statistics$/);
	await client.close();
});

const statusCases: Array<{name: string; fault: Fault; code: string; status?: number; check?: (error: OmstopError) => void}> = [
	{name: 'unknown task (404)', fault: {kind: 'status', status: 404, errorCode: 'OMS.1009', errorMsg: 'No resources found'}, code: 'not-found', status: 404},
	{name: 'task not found as 400 OMS.1009', fault: {kind: 'status', status: 400, errorCode: 'OMS.1009', errorMsg: 'No resources found'}, code: 'not-found', status: 400},
	{name: 'expired token (401)', fault: {kind: 'expired-token'}, code: 'unauthorized', status: 401},
	{name: 'permission denied (403)', fault: {kind: 'status', status: 403, errorCode: 'OMS.0004', errorMsg: 'no permission'}, code: 'forbidden', status: 403},
	{name: 'blacklisted IP (418)', fault: {kind: 'status', status: 418}, code: 'blacklisted', status: 418},
	{
		name: 'throttled with Retry-After (429)',
		fault: {kind: 'throttle', retryAfterSeconds: 7},
		code: 'throttled',
		status: 429,
		check: error => assert.equal((error as ApiError).retryAfter, 7000),
	},
	{name: 'throttled without Retry-After', fault: {kind: 'throttle'}, code: 'throttled', check: error => assert.equal((error as ApiError).retryAfter, undefined)},
	{name: 'server error (500)', fault: {kind: 'status', status: 500}, code: 'server', status: 500},
	{name: 'service unavailable (503)', fault: {kind: 'status', status: 503}, code: 'server', status: 503},
	{name: 'a body that is not JSON', fault: {kind: 'not-json'}, code: 'bad-response'},
	{name: 'JSON of the wrong shape', fault: {kind: 'body', body: '{"statistic_time_type":"FIVE_MINUTES","statistic_datas":[{"data_type":"SIZE","data":[{"time_stamp":"soon","statistic_num":1}]}]}'}, code: 'bad-response'},
	{name: 'a negative count', fault: {kind: 'body', body: '{"statistic_time_type":"FIVE_MINUTES","statistic_datas":[{"data_type":"SIZE","data":[{"time_stamp":0,"statistic_num":-1}]}]}'}, code: 'bad-response'},
	{name: 'an unknown bucket size', fault: {kind: 'body', body: '{"statistic_time_type":"ONE_DAY","statistic_datas":[]}'}, code: 'bad-response'},
	{name: 'a body larger than the cap', fault: {kind: 'huge', bytes: DEFAULT_LIMITS.maxBodyBytes + 1024}, code: 'bad-response'},
	{name: 'a body cut short', fault: {kind: 'truncated'}, code: 'network', check: error => assert.equal((error as NetworkError).failure, 'reset')},
	{name: 'connection reset', fault: {kind: 'reset'}, code: 'network', check: error => assert.equal((error as NetworkError).failure, 'reset')},
];

for (const {name, fault, code, status, check} of statusCases) {
	test(`error: ${name}`, async () => {
		const client = clientFor(simulator, {now});
		simulator.setFault(fault, {times: 1});
		const error = await failure(client.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW));
		assert.equal(error.code, code, error.message);
		if (status !== undefined) {
			assert.ok(error instanceof ApiError);
			assert.equal(error.detail.status, status);
		}

		check?.(error);
		assert.ok(error.hint.length > 10, 'every error says what to do');
		assert.ok(!`${error.message}${error.hint}`.includes(simulator.token), 'no secret in the message');
		assert.doesNotMatch(error.message, /[\u001B\u0007]/);
		// Recovery: the next call succeeds.
		await client.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW);
		await client.close();
	});
}

test('error text from the server is sanitized', async () => {
	const client = clientFor(simulator, {now});
	simulator.setFault({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: 'boom\u001B]0;pwned\u0007\u001B[2J\u202Eevil'}, {times: 1});
	const error = await failure(client.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW));
	assert.ok(error instanceof ApiError);
	assert.equal(error.detail.errorMsg, 'boom evil');
	assert.doesNotMatch(error.message, /[\u0000-\u001F\u202E]/);
	await client.close();
});

test('a slow answer past the timeout is a timeout error', async () => {
	const client = clientFor(simulator, {now, limits: {...DEFAULT_LIMITS, headersTimeout: 150}});
	simulator.setFault({kind: 'delay', ms: 2000}, {times: 1});
	const error = await failure(client.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW));
	assert.ok(error instanceof TimeoutError);
	assert.equal(error.phase, 'headers');
	await client.close();
});

test('connection refused and an unresolvable host are network errors', async () => {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	const refused = clientFor(simulator, {now, endpoint: `http://127.0.0.1:${port}`});
	const error = await failure(refused.statistics('t', NOW - HOUR, NOW));
	assert.equal((error as NetworkError).failure, 'refused');
	await refused.close();

	const unresolvable = clientFor(simulator, {now, endpoint: 'http://omstop-test.invalid'});
	const dns = await failure(unresolvable.statistics('t', NOW - HOUR, NOW));
	assert.equal((dns as NetworkError).failure, 'dns');
	assert.match(dns.hint, /endpoint|region/);
	await unresolvable.close();
});

test('the maximum int64 value comes through exactly', async () => {
	const client = clientFor(simulator, {now});
	const answer = await client.statistics(SEEDED_TASK_IDS.bulk, NOW - 7 * 24 * HOUR, NOW);
	const sizes = answer.series.SIZE.map(([, value]) => value);
	assert.ok(sizes.includes(2n ** 63n - 1n), 'the bulk task serves 2^63−1 somewhere in 7 days');
	await client.close();
});

import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {after, before, test} from 'node:test';
import {DEFAULT_LIMITS} from '../source/client/http.js';
import {MAX_POINTS} from '../source/client/statistics-body.js';
import type {ErrorCode} from '../source/domain/errors.js';
import {BUCKET_LENGTH} from '../source/domain/statistics.js';
import {MINUTE, SECOND, type DurationMs, type EpochMs, type TaskId} from '../source/domain/units.js';
import {DELETED_GRACE} from '../source/polling/poller.js';
import type {PollPhase, TaskSnapshot} from '../source/series/store.js';
import {alignDown} from '../source/series/window.js';
import {SEEDED_TASK_IDS, type Fault} from '../source/simulator/index.js';
import {startFaultTour} from '../source/simulator/fault-tour.js';
import {describeStatus} from '../source/ui/kit/status.js';
import {clientFor} from './helpers/connect.js';
import {startRig, type Rig} from './helpers/rig.js';
import {windowTruth} from './helpers/truth.js';

/**
 * Every fault the service or the network can throw at one task among three, polled by the
 * real poller over real HTTP: the task shows what is wrong and keeps its last good data, the
 * others go on, nothing is left unhandled, and all is well again once the fault clears.
 */

const AFFECTED = SEEDED_TASK_IDS.bursty;
const OTHERS = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet];
const FAULT_FOR: number = 3 * MINUTE;
/** Long enough for the slowest way back: a deleted task looks again after its grace. */
const RECOVERY: number = DELETED_GRACE + MINUTE;
const TIMEOUT = 200;
/**
 * How long a fault answered by a timeout lasts: past one poll interval, so the other tasks are
 * polled during it, and long enough for a retry that times out again. Each of those polls waits
 * on undici's own timers, which tick every half second (about a second of real time a poll),
 * so these faults are not left on for the 3 minutes of the others.
 */
const TIMEOUT_FAULT_FOR: number = 31 * SECOND;

const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
	unhandled.push(reason);
};

before(() => {
	process.on('unhandledRejection', record);
	process.on('uncaughtException', record);
});

after(() => {
	process.off('unhandledRejection', record);
	process.off('uncaughtException', record);
});

/** A statistics answer holding these REQUEST points and nothing else. */
function requestBody(points: ReadonlyArray<readonly [number | string, number | string]>, granularity = 'FIVE_MINUTES'): string {
	const data = points.map(([time, value]) => `{"time_stamp":${time},"statistic_num":${value}}`).join(',');
	return `{"sync_task_id":"${AFFECTED}","statistic_time_type":"${granularity}","statistic_datas":[{"data_type":"REQUEST","data":[${data}]}]}`;
}

/** The start of the 5-minute bucket `n` buckets before the one holding `at`. */
function bucket(at: EpochMs, n = 0): EpochMs {
	return alignDown(at, BUCKET_LENGTH.FIVE_MINUTES) - n * BUCKET_LENGTH.FIVE_MINUTES;
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** How a fault is turned on; it is turned off by clearing the simulator's faults and any detour. */
type Inject = (r: Rig, now: EpochMs) => Promise<void> | void;

const onAffected =
	(fault: Fault | ((now: EpochMs) => Fault)): Inject =>
	(r, now) => {
		r.simulator.setFault(typeof fault === 'function' ? fault(now) : fault, {taskId: AFFECTED});
	};

const detour =
	(endpoint: () => Promise<string> | string): Inject =>
	async r => {
		r.detours.set(AFFECTED, clientFor(r.simulator, {now: r.clock.now, endpoint: await endpoint()}));
	};

type Refused = {
	readonly name: string;
	readonly inject: Inject;
	readonly code: ErrorCode;
	readonly phase: PollPhase;
	/** What the header says of it, beyond the state word. */
	readonly says: RegExp;
	/** Every task waits, not only the affected one (the credentials are refused). */
	readonly holdsAll?: boolean;
	/** How long the fault stays on; FAULT_FOR unless told. */
	readonly lasts?: DurationMs;
};

const REFUSED: Refused[] = [
	{
		name: 'a slow answer past the timeout',
		inject: onAffected({kind: 'delay', ms: 1500}),
		code: 'timeout',
		phase: 'retrying',
		says: /did not answer in time/,
		lasts: TIMEOUT_FAULT_FOR,
	},
	{
		name: 'an answer that stops half-way, past the timeout',
		inject: onAffected({kind: 'stall'}),
		code: 'timeout',
		phase: 'retrying',
		says: /stopped sending its answer/,
		lasts: TIMEOUT_FAULT_FOR,
	},
	{name: 'connection refused', inject: detour(async () => `http://127.0.0.1:${await closedPort()}`), code: 'network', phase: 'retrying', says: /refused/i},
	{name: 'an unresolvable host (DNS)', inject: detour(() => 'http://omstop-test.invalid'), code: 'network', phase: 'retrying', says: /omstop-test\.invalid/},
	{name: 'the connection reset before an answer', inject: onAffected({kind: 'reset'}), code: 'network', phase: 'retrying', says: /reset|closed/i},
	{name: 'the connection reset mid-body (a body cut short)', inject: onAffected({kind: 'truncated'}), code: 'network', phase: 'retrying', says: /reset|closed/i},
	{name: 'a burst of 500', inject: onAffected({kind: 'status', status: 500}), code: 'server', phase: 'retrying', says: /HTTP 500/},
	{name: 'a burst of 503', inject: onAffected({kind: 'status', status: 503, errorCode: 'OMS.0503', errorMsg: 'busy \u001B]52;c;cHduZWQ=\u0007\u001B[2J\u202Eretry'}), code: 'server', phase: 'retrying', says: /HTTP 503.*busy/},
	{name: '429 with Retry-After', inject: onAffected({kind: 'throttle', retryAfterSeconds: 100}), code: 'throttled', phase: 'retrying', says: /HTTP 429/},
	{name: '429 without Retry-After', inject: onAffected({kind: 'throttle'}), code: 'throttled', phase: 'retrying', says: /HTTP 429/},
	{name: '401 when the token expires mid-run', inject: r => r.simulator.setFault({kind: 'expired-token'}), code: 'unauthorized', phase: 'credentials', says: /HTTP 401/, holdsAll: true},
	{name: '403', inject: onAffected({kind: 'status', status: 403, errorCode: 'APIGW.0305', errorMsg: 'Access denied'}), code: 'forbidden', phase: 'credentials', says: /HTTP 403/},
	{name: '404 for one task among many', inject: onAffected({kind: 'status', status: 404, errorCode: 'OMS.1009', errorMsg: 'No resources found'}), code: 'not-found', phase: 'deleted', says: /HTTP 404/},
	{name: 'a body that is not JSON', inject: onAffected({kind: 'not-json'}), code: 'bad-response', phase: 'retrying', says: /JSON/},
	{name: 'a body larger than the cap', inject: onAffected({kind: 'huge', bytes: DEFAULT_LIMITS.maxBodyBytes + 64 * 1024}), code: 'bad-response', phase: 'retrying', says: /larger|MiB|cap/i},
	{name: 'a missing field', inject: onAffected({kind: 'body', body: '{"statistic_time_type":"FIVE_MINUTES"}'}), code: 'bad-response', phase: 'retrying', says: /statistic_datas/},
	{name: 'a string for a number', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now), '"12"']])})), code: 'bad-response', phase: 'retrying', says: /statistic_num is "12", not an integer/},
	{name: 'a negative count', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now), -3]])})), code: 'bad-response', phase: 'retrying', says: /-3, outside/},
	{name: 'a count past 2^63−1', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now), '9223372036854775808']])})), code: 'bad-response', phase: 'retrying', says: /outside 0…2\^63−1/},
	{name: 'a time stamp off the bucket boundary', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now) + 1, 1]])})), code: 'bad-response', phase: 'retrying', says: /not the start of a FIVE_MINUTES bucket/},
	{name: 'duplicate buckets', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now), 1], [bucket(now), 2]])})), code: 'bad-response', phase: 'retrying', says: /two buckets at/},
	{name: 'a data type listed twice', inject: onAffected(now => ({kind: 'body', body: requestBody([[bucket(now), 1]]).replace(']}]}', ']},{"data_type":"REQUEST","data":[]}]}')})), code: 'bad-response', phase: 'retrying', says: /appears twice/},
	{
		name: `more than ${MAX_POINTS} points`,
		inject: onAffected(now => ({kind: 'body', body: requestBody(Array.from({length: MAX_POINTS + 1}, (_, index) => [bucket(now, index), 1] as const))})),
		code: 'bad-response',
		phase: 'retrying',
		says: /1001 points/,
	},
	{name: 'an unknown bucket size', inject: onAffected({kind: 'body', body: '{"statistic_time_type":"ONE_DAY","statistic_datas":[]}'}), code: 'bad-response', phase: 'retrying', says: /ONE_DAY/},
];

/** What the server holds for the store's window right now, per data type. */
function truth(r: Rig, taskId: TaskId): Record<string, bigint> {
	return windowTruth(r.simulator, taskId, r.store.window, r.clock.now());
}

function task(r: Rig, taskId: TaskId): TaskSnapshot {
	const snapshot = r.store.task(taskId);
	assert.ok(snapshot, `task ${taskId} is watched`);
	return snapshot;
}

/** After the fault clears: every task live again, and its figures equal the server's exactly. */
async function assertRecovered(r: Rig): Promise<void> {
	r.simulator.clearFaults();
	await Promise.all([...r.detours.values()].map(async client => client.close()));
	r.detours.clear();
	await r.run(RECOVERY);
	r.poller.refresh();
	await r.poller.idle();
	for (const taskId of r.taskIds) {
		const {status, figures} = task(r, taskId);
		assert.equal(status.phase, 'live', `${taskId} recovered`);
		assert.equal(status.lastError, undefined);
		assert.deepEqual({...figures?.totals}, truth(r, taskId), `${taskId}: no bucket lost or corrupted`);
	}
}

for (const fault of REFUSED) {
	test(`fault: ${fault.name}`, async () => {
		const r = await startRig({tasks: [AFFECTED, ...OTHERS], limits: {headersTimeout: TIMEOUT, bodyTimeout: TIMEOUT}});
		try {
			await r.run(MINUTE);
			const before = task(r, AFFECTED);
			const faultAt = r.clock.now();
			await fault.inject(r, faultAt);
			await r.run(fault.lasts ?? FAULT_FOR);

			const now = r.clock.now();
			// When every task is held, the error is told on whichever task met it first.
			const affected = fault.holdsAll ? r.taskIds.map(taskId => task(r, taskId)).find(each => each.status.lastError !== undefined)! : task(r, AFFECTED);
			assert.equal(affected.status.phase, fault.phase, affected.status.lastError?.message);
			assert.equal(affected.status.lastError?.code, fault.code, affected.status.lastError?.message);
			assert.equal(task(r, AFFECTED).status.lastSuccessAt, before.status.lastSuccessAt);
			assert.equal(task(r, AFFECTED).view, before.view, 'the last good data is kept');
			assert.ok((affected.status.nextPollAt ?? 0) > now, 'another try is planned');

			const header = describeStatus(affected.status, now);
			const said = [header.state, ...header.details].join(' · ');
			assert.match(said, fault.says);
			assert.doesNotMatch(said, /[\u0000-\u001F\u007F-\u009F]/, 'nothing from the server reaches the terminal raw');
			assert.ok((affected.status.lastError?.hint.length ?? 0) > 10, 'the error says what to do');

			for (const taskId of OTHERS) {
				const other = task(r, taskId);
				if (fault.holdsAll) {
					assert.equal(other.status.phase, fault.phase, `${taskId} waits too`);
				} else {
					assert.equal(other.status.phase, 'live', `${taskId} goes on`);
					assert.ok((other.status.lastSuccessAt ?? 0) > faultAt, `${taskId} was polled during the fault`);
				}
			}

			await assertRecovered(r);
			assert.deepEqual(unhandled, []);
		} finally {
			await r.close();
		}
	});
}

test('429 waits as long as Retry-After says before trying again', async () => {
	const r = await startRig({tasks: [AFFECTED]});
	try {
		r.simulator.setFault({kind: 'throttle', retryAfterSeconds: 100}, {taskId: AFFECTED, times: 1});
		r.poller.refresh();
		await r.poller.idle();
		const refusedAt = r.clock.now();
		assert.equal(task(r, AFFECTED).status.nextPollAt, refusedAt + 100 * SECOND);
		assert.match(describeStatus(task(r, AFFECTED).status, refusedAt).state, /^RETRYING in 100s$/);
		await assertRecovered(r);
	} finally {
		await r.close();
	}
});

type Accepted = {
	readonly name: string;
	readonly body: (now: EpochMs) => string;
	/** What the store holds for REQUEST in the newest buckets after the answer, oldest first. */
	readonly check: (r: Rig, now: EpochMs) => void;
};

/** The newest REQUEST buckets of the affected task: [start, value] pairs. */
function newestRequests(r: Rig, count: number): Array<[EpochMs, bigint]> {
	const view = task(r, AFFECTED).view;
	assert.ok(view);
	return view.times.slice(-count).map((time, index, times) => [time, view.values.REQUEST[view.times.length - times.length + index]!]);
}

/** Bodies that are odd but not wrong: omstop reads what it can and stays live. */
const ACCEPTED: Accepted[] = [
	{
		name: 'time stamps out of order',
		body: now => requestBody([[bucket(now), 7], [bucket(now, 1), 5]]),
		check(r, now) {
			assert.deepEqual(newestRequests(r, 2), [[bucket(now, 1), 5n], [bucket(now), 7n]]);
		},
	},
	{
		name: 'a time stamp far in the future',
		body: now => requestBody([[bucket(now), 4], [bucket(now + 365 * 24 * 60 * MINUTE), 1_000_000]]),
		check(r, now) {
			const view = task(r, AFFECTED).view!;
			assert.ok(view.times.every(time => time <= now), 'no bucket beyond now');
			assert.deepEqual(newestRequests(r, 1), [[bucket(now), 4n]]);
		},
	},
	{
		name: 'an unknown data type next to a known one',
		body: now => requestBody([[bucket(now), 9]]).replace(']}]}', ']},{"data_type":"BANDWIDTH","data":[{"time_stamp":0,"statistic_num":"many"}]}]}'),
		check(r, now) {
			assert.deepEqual(newestRequests(r, 1), [[bucket(now), 9n]]);
		},
	},
];

for (const odd of ACCEPTED) {
	test(`odd but readable: ${odd.name}`, async () => {
		const r = await startRig({tasks: [AFFECTED, ...OTHERS]});
		try {
			await r.run(MINUTE);
			const now = r.clock.now();
			r.simulator.setFault({kind: 'body', body: odd.body(now)}, {taskId: AFFECTED, times: 1});
			r.poller.refresh();
			await r.poller.idle();
			assert.equal(task(r, AFFECTED).status.phase, 'live');
			odd.check(r, r.clock.now());
			// The next answers revise those buckets back to what the server holds.
			await assertRecovered(r);
			assert.deepEqual(unhandled, []);
		} finally {
			await r.close();
		}
	});
}

test('--demo-faults: the tour spoils a few polls of one running task at a time, and every task comes back', async () => {
	const r = await startRig({limits: {headersTimeout: TIMEOUT, bodyTimeout: TIMEOUT}});
	const endTour = startFaultTour(r.simulator, r.clock, 45 * SECOND);
	try {
		const from = r.simulator.requests.length;
		await r.run(8 * 45 * SECOND);
		const spoiled = r.simulator.requests.slice(from).filter(request => request.status !== 200);
		const stopped = r.simulator.tasks.filter(each => each.status === 'STOPPED').map(each => each.id);
		assert.ok(spoiled.length >= 7, `${spoiled.length} spoiled polls in 8 turns`);
		assert.ok(spoiled.every(request => !stopped.some(taskId => request.path.includes(taskId))), 'only running tasks');
		assert.ok(new Set(spoiled.map(request => request.status)).size >= 3, 'several kinds of trouble');
	} finally {
		endTour();
	}

	await assertRecovered(r);
	assert.deepEqual(unhandled, []);
	await r.close();
});

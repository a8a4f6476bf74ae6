import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {signRequest} from '../source/auth/signer.js';
import {BUCKET_LENGTH, DATA_TYPES} from '../source/domain/statistics.js';
import {DAY, HOUR, MINUTE, type EpochMs} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator, type SimulatorOptions} from '../source/simulator/index.js';
import {checkRequestLog} from './helpers/request-log.js';

const FIVE_MINUTES = BUCKET_LENGTH.FIVE_MINUTES;
// 2025-06-18 06:02:30 UTC: halfway through a 5-minute bucket.
const START = Date.UTC(2025, 5, 18, 6, 2, 30);
const INT64_MAX = '9223372036854775807';

type Clock = {now: () => EpochMs; set: (time: EpochMs) => void};

function clockAt(start: EpochMs): Clock {
	let time = start;
	return {now: () => time, set: next => void (time = next)};
}

/** Runs `body` with a simulator on a fake clock, and always closes it. */
async function withSimulator(
	body: (simulator: Simulator, clock: Clock) => Promise<void>,
	options: SimulatorOptions = {},
): Promise<void> {
	const clock = clockAt(START);
	const simulator = await startSimulator({now: clock.now, ...options});
	try {
		await body(simulator, clock);
	} finally {
		await simulator.close();
	}
}

type Got = {status: number; headers: Headers; text: string};

async function get(simulator: Simulator, path: string, headers: Record<string, string> = {'X-Auth-Token': simulator.token}): Promise<Got> {
	const response = await fetch(`${simulator.url}/v2/${simulator.projectId}/${path}`, {headers});
	return {status: response.status, headers: response.headers, text: await response.text()};
}

function statisticsPath(taskId: string, start: EpochMs, end: EpochMs, types = DATA_TYPES.join(',')): string {
	return `sync-tasks/${taskId}/statistics?data_type=${types}&start_time=${start}&end_time=${end}`;
}

type Wire = {
	sync_task_id: string;
	statistic_time_type: string;
	statistic_datas: Array<{data_type: string; data: Array<{time_stamp: number; statistic_num: number}>}>;
};

/** Points of one type, read from the JSON text so big numbers stay exact. */
function wirePoints(text: string, type: string): Array<[number, bigint]> {
	const section = new RegExp(`"data_type":"${type}","data":\\[([^\\]]*)\\]`).exec(text);
	assert.ok(section, `no ${type} in ${text.slice(0, 200)}`);
	return [...(section[1] ?? '').matchAll(/"time_stamp":(\d+),"statistic_num":(\d+)/g)].map(([, time, value]) => [
		Number(time),
		BigInt(value ?? ''),
	]);
}

function sum(values: readonly bigint[]): bigint {
	return values.reduce((total, value) => total + value, 0n);
}

test('the same seed and clock give byte-identical answers; another seed does not', async () => {
	const bodies = async (seed: number): Promise<string[]> => {
		let texts: string[] = [];
		await withSimulator(async simulator => {
			const paths = [
				'sync-tasks?limit=100',
				...Object.values(SEEDED_TASK_IDS).map(id => statisticsPath(id, START - 6 * HOUR, START)),
			];
			texts = await Promise.all(paths.map(async path => (await get(simulator, path)).text));
		}, {seed});
		return texts;
	};

	const [first, again, other] = await Promise.all([bodies(7), bodies(7), bodies(8)]);
	assert.deepEqual(again, first);
	assert.notDeepEqual(other, first);
});

test('the HTTP answer is what statistics() says, with one entry per asked type, in the asked order', async () => {
	await withSimulator(async simulator => {
		const got = await get(simulator, statisticsPath(SEEDED_TASK_IDS.bursty, START - HOUR, START, 'SIZE,REQUEST'));
		assert.equal(got.status, 200);
		assert.match(got.headers.get('content-type') ?? '', /^application\/json/);
		const wire = JSON.parse(got.text) as Wire;
		assert.equal(wire.sync_task_id, SEEDED_TASK_IDS.bursty);
		assert.equal(wire.statistic_time_type, 'FIVE_MINUTES');
		assert.deepEqual(wire.statistic_datas.map(entry => entry.data_type), ['SIZE', 'REQUEST']);
		const truth = simulator.statistics(SEEDED_TASK_IDS.bursty, START - HOUR, START);
		assert.equal(truth.granularity, 'FIVE_MINUTES');
		assert.deepEqual(wirePoints(got.text, 'SIZE'), truth.series.SIZE);
		assert.deepEqual(wirePoints(got.text, 'REQUEST'), truth.series.REQUEST);
		// 12 buckets overlap the hour and the one holding START: the busy task has traffic in all 13.
		assert.equal(truth.series.REQUEST.length, 13);
		for (const [time] of truth.series.REQUEST) {
			assert.equal(time % FIVE_MINUTES, 0);
		}
	});
});

test('full buckets add up: SUCCESS + FAILURE + SKIP = REQUEST, and SIZE follows SUCCESS', async () => {
	await withSimulator(async simulator => {
		const {series} = simulator.statistics(SEEDED_TASK_IDS.steady, START - 3 * HOUR, START - FIVE_MINUTES);
		assert.ok(series.REQUEST.length > 30);
		series.REQUEST.forEach(([time, requests], index) => {
			const parts = (['SUCCESS', 'FAILURE', 'SKIP'] as const).map(type => series[type][index]);
			assert.ok(parts.every(point => point?.[0] === time));
			assert.equal(sum(parts.map(point => point?.[1] ?? 0n)), requests);
			assert.equal(series.SIZE[index]![1] > 0n, series.SUCCESS[index]![1] > 0n);
		});
	});
});

test('the newest bucket is partial, grows with the clock up to the full value, and nothing comes after now', async () => {
	await withSimulator(async (simulator, clock) => {
		const bucket = Math.floor(START / FIVE_MINUTES) * FIVE_MINUTES;
		const newest = async (): Promise<bigint> => {
			const got = await get(simulator, statisticsPath(SEEDED_TASK_IDS.steady, START - HOUR, START + HOUR));
			const points = wirePoints(got.text, 'REQUEST');
			assert.equal(points.at(-1)?.[0], bucket, 'no bucket after now');
			return points.at(-1)![1];
		};

		clock.set(bucket + MINUTE);
		const early = await newest();
		clock.set(bucket + 3 * MINUTE);
		const later = await newest();
		clock.set(bucket + FIVE_MINUTES + MINUTE);
		const full = simulator.statistics(SEEDED_TASK_IDS.steady, bucket, bucket).series.REQUEST[0]![1];
		assert.ok(early > 0n && early < later && later < full, `${early} < ${later} < ${full}`);
		// The partial value is the full one scaled by the elapsed fraction, rounded down.
		assert.equal(later, (full * 3n) / 5n);
	});
});

test('the quiet task has gaps: empty buckets are left out', async () => {
	await withSimulator(async simulator => {
		const got = await get(simulator, statisticsPath(SEEDED_TASK_IDS.quiet, START - 12 * HOUR, START));
		const wire = JSON.parse(got.text) as Wire;
		assert.equal(wire.statistic_time_type, 'FIVE_MINUTES');
		const times = wire.statistic_datas[0]!.data.map(point => point.time_stamp);
		assert.ok(times.length > 10 && times.length < 12 * 12 * 0.6, `${times.length} of 145 buckets`);
		assert.ok(times.some((time, index) => index > 0 && time - times[index - 1]! > FIVE_MINUTES));
		for (const entry of wire.statistic_datas) {
			assert.deepEqual(entry.data.map(point => point.time_stamp), times, 'every type has the same buckets');
		}
	});
});

test('ranges over 24 hours come back hourly, each hour the sum of its 5-minute buckets up to now', async () => {
	await withSimulator(async simulator => {
		const start = START - 3 * DAY - 20 * MINUTE;
		const got = await get(simulator, statisticsPath(SEEDED_TASK_IDS.bursty, start, START));
		assert.equal((JSON.parse(got.text) as Wire).statistic_time_type, 'ONE_HOUR');
		const fine = simulator.statistics(SEEDED_TASK_IDS.bursty, start - HOUR, START, 'FIVE_MINUTES').series;
		for (const type of DATA_TYPES) {
			const hourly = wirePoints(got.text, type);
			// From 05:00 three days back to today's 06:00, which is partial.
			assert.equal(hourly.length, 3 * 24 + 2);
			for (const [hour, value] of hourly) {
				assert.equal(hour % HOUR, 0);
				const parts = fine[type].filter(([time]) => time >= hour && time < hour + HOUR).map(([, part]) => part);
				assert.equal(value, sum(parts), `${type} at ${hour}`);
			}
		}
	});
});

test('hourlyAbove moves the switch, and more than 1000 five-minute buckets go hourly anyway', async () => {
	await withSimulator(async simulator => {
		assert.equal(simulator.statistics(SEEDED_TASK_IDS.steady, START - 3 * DAY, START).granularity, 'FIVE_MINUTES');
		assert.equal(simulator.statistics(SEEDED_TASK_IDS.steady, START - 4 * DAY, START).granularity, 'ONE_HOUR');
	}, {hourlyAbove: 30 * DAY});
	await withSimulator(async simulator => {
		assert.equal(simulator.statistics(SEEDED_TASK_IDS.steady, START - 2 * HOUR, START).granularity, 'ONE_HOUR');
	}, {hourlyAbove: HOUR});
});

test('the large-object task holds 2^63−1 exactly in the JSON text, hourly and in 5-minute buckets', async () => {
	await withSimulator(async simulator => {
		const got = await get(simulator, statisticsPath(SEEDED_TASK_IDS.bulk, START - 7 * DAY, START, 'SIZE'));
		assert.ok(got.text.includes(`"statistic_num":${INT64_MAX}`));
		const [giantHour] = wirePoints(got.text, 'SIZE').find(([, value]) => value === BigInt(INT64_MAX))!;
		const fine = await get(simulator, statisticsPath(SEEDED_TASK_IDS.bulk, giantHour, giantHour + HOUR - 1, 'SIZE'));
		assert.deepEqual(wirePoints(fine.text, 'SIZE').map(([, value]) => value), [BigInt(INT64_MAX)]);
		// Other buckets are in the terabyte range.
		const recent = simulator.statistics(SEEDED_TASK_IDS.bulk, START - 2 * HOUR, START - FIVE_MINUTES).series.SIZE;
		assert.ok(recent.some(([, value]) => value > 10n ** 12n));
	});
});

test('bad statistics parameters are 400 OMS.1010 with a message', async () => {
	await withSimulator(async simulator => {
		const task = `sync-tasks/${SEEDED_TASK_IDS.steady}/statistics`;
		const bad = [
			`${task}?start_time=1&end_time=2`,
			`${task}?data_type=&start_time=1&end_time=2`,
			`${task}?data_type=REQUEST,BOGUS&start_time=1&end_time=2`,
			`${task}?data_type=REQUEST,&start_time=1&end_time=2`,
			`${task}?data_type=REQUEST&end_time=2`,
			`${task}?data_type=REQUEST&start_time=1`,
			`${task}?data_type=REQUEST&start_time=1.5&end_time=2`,
			`${task}?data_type=REQUEST&start_time=abc&end_time=2`,
			`${task}?data_type=REQUEST&start_time=-1&end_time=2`,
			`${task}?data_type=REQUEST&start_time=1&end_time=9223372036854775808`,
			`${task}?data_type=REQUEST&start_time=${START}&end_time=${START - 1}`,
			`${task}?data_type=REQUEST&start_time=0&end_time=${START}`,
		];
		for (const path of bad) {
			const got = await get(simulator, path);
			assert.equal(got.status, 400, path);
			const body = JSON.parse(got.text) as {error_code: string; error_msg: string};
			assert.equal(body.error_code, 'OMS.1010', path);
			assert.ok(body.error_msg.length > 0);
		}
	});
});

test('an unknown task is 404 OMS.1009 on statistics and show', async () => {
	await withSimulator(async simulator => {
		for (const path of [statisticsPath('no-such-task', START - HOUR, START), `sync-tasks/no-such-task?query_time=${START}`]) {
			const got = await get(simulator, path);
			assert.equal(got.status, 404);
			assert.deepEqual(JSON.parse(got.text), {error_code: 'OMS.1009', error_msg: 'No resources found'});
		}
	});
});

test('authentication: token, AK/SK signature, or 401 APIGW.0301 with the request id', async () => {
	await withSimulator(async (simulator, clock) => {
		const path = 'sync-tasks?limit=1';
		for (const headers of [{}, {'X-Auth-Token': 'wrong'}, {Authorization: 'SDK-HMAC-SHA256 nonsense'}]) {
			const got = await get(simulator, path, headers);
			assert.equal(got.status, 401);
			const body = JSON.parse(got.text) as {error_code: string; error_msg: string; request_id: string};
			assert.equal(body.error_code, 'APIGW.0301');
			assert.match(body.error_msg, /^Incorrect IAM authentication information: /);
			assert.match(body.request_id, /^[\da-f]{32}$/);
			assert.equal(got.headers.get('x-request-id'), body.request_id);
		}

		const url = new URL(`${simulator.url}/v2/${simulator.projectId}/${path}`);
		const sign = (secretKey: string): Record<string, string> =>
			signRequest({method: 'GET', url, headers: {}}, {accessKey: simulator.accessKey, secretKey}, new Date(clock.now()));
		assert.equal((await fetch(url, {headers: sign(simulator.secretKey)})).status, 200);
		const forged = await fetch(url, {headers: sign('not-the-secret')});
		assert.equal(forged.status, 401);
		assert.match(await forged.text(), /verify aksk signature fail/);

		const otherProject = await fetch(`${simulator.url}/v2/ffffffffffffffffffffffffffffffff/${path}`, {headers: {'X-Auth-Token': simulator.token}});
		assert.equal(otherProject.status, 403);
		assert.ok(((await otherProject.json()) as {error_code?: string}).error_code);

		const noApi = await fetch(`${simulator.url}/v3/nothing`, {headers: {'X-Auth-Token': simulator.token}});
		assert.equal(noApi.status, 404);
		assert.equal(((await noApi.json()) as {error_code?: string}).error_code, 'APIGW.0101');
	});
});

test('every response carries X-Request-Id, and the server logs every request', async () => {
	await withSimulator(async simulator => {
		const before = simulator.requests.length;
		const got = await get(simulator, 'sync-tasks?limit=3&status=STOPPED');
		assert.match(got.headers.get('x-request-id') ?? '', /^[\da-f]{32}$/);
		assert.equal(simulator.requests.length, before + 1);
		assert.deepEqual(simulator.requests.at(-1), {
			method: 'GET',
			path: `/v2/${simulator.projectId}/sync-tasks`,
			query: 'limit=3&status=STOPPED',
			status: 200,
			at: START,
		});
	});
});

// The trimming with a limit of 200, at a fiftieth of the cost; the default limit's 10,100
// requests are in the long suite (test/long/simulator-log.test.ts).
test('the request log keeps the last requests up to its limit (200 here)', async () => {
	await checkRequestLog(200);
});

type TaskList = {tasks: Array<{sync_task_id: string; status: string; description: string; create_time: number}>; count: number};

test('the list pages with limit and offset, filters by status, and counts the matches', async () => {
	await withSimulator(async simulator => {
		assert.equal(simulator.tasks.length, 35);
		const first = JSON.parse((await get(simulator, 'sync-tasks')).text) as TaskList;
		assert.equal(first.count, 35);
		assert.equal(first.tasks.length, 10, 'limit defaults to 10');
		assert.deepEqual(first.tasks.slice(0, 5).map(task => task.sync_task_id), Object.values(SEEDED_TASK_IDS));

		const seen: string[] = [];
		for (let offset = 0; offset < 35; offset += 8) {
			const page = JSON.parse((await get(simulator, `sync-tasks?limit=8&offset=${offset}`)).text) as TaskList;
			assert.equal(page.count, 35);
			seen.push(...page.tasks.map(task => task.sync_task_id));
		}

		assert.deepEqual(seen, simulator.tasks.map(task => task.id));
		assert.equal(new Set(seen).size, 35);

		const stopped = JSON.parse((await get(simulator, 'sync-tasks?limit=100&status=STOPPED')).text) as TaskList;
		assert.ok(stopped.count >= 2 && stopped.count < 35);
		assert.equal(stopped.tasks.length, stopped.count);
		assert.ok(stopped.tasks.every(task => task.status === 'STOPPED'));
		const running = JSON.parse((await get(simulator, 'sync-tasks?limit=100&status=SYNCHRONIZING')).text) as TaskList;
		assert.equal(running.count + stopped.count, 35);
		const beyond = JSON.parse((await get(simulator, 'sync-tasks?offset=10000')).text) as TaskList;
		assert.deepEqual(beyond, {tasks: [], count: 35});

		for (const query of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1', 'offset=10001', 'status=RUNNING']) {
			const got = await get(simulator, `sync-tasks?${query}`);
			assert.equal(got.status, 400, query);
			assert.equal((JSON.parse(got.text) as {error_code: string}).error_code, 'OMS.1010');
		}
	}, {extraTasks: 30});
});

test('extra tasks are generated with varied profiles, some failing, some stopped', async () => {
	await withSimulator(async simulator => {
		const extra = simulator.tasks.slice(5);
		assert.equal(extra.length, 1000);
		const profiles = new Set(extra.map(task => task.profile.name));
		assert.deepEqual([...profiles].sort(), ['bulk', 'bursty', 'failing', 'quiet', 'steady']);
		assert.ok(extra.some(task => task.status === 'STOPPED'));
		assert.equal(new Set(simulator.tasks.map(task => task.id)).size, 1005);
	}, {extraTasks: 1000});
});

test('show answers the task with this month’s counters (UTC), up to now', async () => {
	await withSimulator(async simulator => {
		type Shown = Record<string, unknown>;
		const missing = await get(simulator, `sync-tasks/${SEEDED_TASK_IDS.steady}`);
		assert.equal(missing.status, 400);

		const got = await get(simulator, `sync-tasks/${SEEDED_TASK_IDS.steady}?query_time=${START}`);
		assert.equal(got.status, 200);
		const shown = JSON.parse(got.text) as Shown;
		assert.equal(shown.sync_task_id, SEEDED_TASK_IDS.steady);
		assert.equal(shown.status, 'SYNCHRONIZING');
		const monthStart = Date.UTC(2025, 5, 1);
		const {series} = simulator.statistics(SEEDED_TASK_IDS.steady, monthStart, START);
		const counters = {
			monthly_acceptance_request: 'REQUEST',
			monthly_success_object: 'SUCCESS',
			monthly_failure_object: 'FAILURE',
			monthly_skip_object: 'SKIP',
			monthly_size: 'SIZE',
		} as const;
		for (const [field, type] of Object.entries(counters)) {
			const exact = new RegExp(`"${field}":(\\d+)`).exec(got.text)?.[1];
			assert.equal(BigInt(exact ?? '-1'), sum(series[type].map(([, value]) => value)), field);
		}

		// A month in the future has nothing yet.
		const future = JSON.parse((await get(simulator, `sync-tasks/${SEEDED_TASK_IDS.steady}?query_time=${START + 40 * DAY}`)).text) as Shown;
		assert.equal(future.monthly_acceptance_request, 0);
	});
});

test('tasks stop, start, appear and disappear between list refreshes', async () => {
	await withSimulator(async (simulator, clock) => {
		const list = async (): Promise<TaskList> => JSON.parse((await get(simulator, 'sync-tasks?limit=100')).text) as TaskList;
		const id = SEEDED_TASK_IDS.steady;
		simulator.setTaskStatus(id, 'STOPPED');
		assert.equal((await list()).tasks.find(task => task.sync_task_id === id)?.status, 'STOPPED');
		const before = simulator.statistics(id, START - HOUR, START).series.REQUEST;
		clock.set(START + 30 * MINUTE);
		assert.deepEqual(simulator.statistics(id, START - HOUR, START + 30 * MINUTE).series.REQUEST, before, 'no traffic after the stop');

		simulator.setTaskStatus(id, 'SYNCHRONIZING');
		clock.set(START + 40 * MINUTE);
		const after = simulator.statistics(id, START + 30 * MINUTE, START + 40 * MINUTE).series.REQUEST;
		assert.ok(after.length > 0, 'traffic again after the restart');
		assert.equal(simulator.tasks.find(task => task.id === id)?.lastStartTime, START + 30 * MINUTE);

		const added = simulator.addTask({description: 'fresh task', profile: 'steady'});
		const listed = await list();
		assert.equal(listed.count, 6);
		assert.deepEqual(listed.tasks.at(-1), {...listed.tasks.at(-1), sync_task_id: added.id, description: 'fresh task', create_time: START + 40 * MINUTE});

		simulator.removeTask(added.id);
		assert.equal((await list()).count, 5);
		assert.equal((await get(simulator, statisticsPath(added.id, START, START + HOUR))).status, 404);
	});
});

test('the seeded stopped task has no traffic after it stopped', async () => {
	await withSimulator(async simulator => {
		const stopped = simulator.tasks.find(task => task.id === SEEDED_TASK_IDS.stopped)!;
		assert.equal(stopped.status, 'STOPPED');
		const {series} = simulator.statistics(SEEDED_TASK_IDS.stopped, START - 3 * HOUR, START);
		const last = series.REQUEST.at(-1)![0];
		assert.ok(last < START - 30 * MINUTE && last > START - 2 * HOUR, 'stopped within the last hour or two');
	});
});

test('the bursty task swings above 1 % failures over an hour, and back below', async () => {
	await withSimulator(async simulator => {
		const {series} = simulator.statistics(SEEDED_TASK_IDS.bursty, START - 2 * DAY, START - HOUR, 'FIVE_MINUTES');
		const rates: number[] = [];
		for (let index = 12; index <= series.REQUEST.length; index++) {
			const window = (type: 'REQUEST' | 'FAILURE'): bigint => sum(series[type].slice(index - 12, index).map(([, value]) => value));
			rates.push(Number(window('FAILURE')) / Number(window('REQUEST')));
		}

		assert.ok(rates.some(rate => rate > 0.01) && rates.some(rate => rate < 0.005));
	});
});

test('faults: delay, status, throttle, expired token', async () => {
	await withSimulator(async simulator => {
		const path = statisticsPath(SEEDED_TASK_IDS.steady, START - HOUR, START);
		simulator.setFault({kind: 'delay', ms: 200}, {times: 1});
		const started = performance.now();
		assert.equal((await get(simulator, path)).status, 200);
		assert.ok(performance.now() - started >= 190);

		simulator.setFault({kind: 'status', status: 503, errorCode: 'OMS.0503', errorMsg: 'busy'}, {times: 1});
		const unavailable = await get(simulator, path);
		assert.equal(unavailable.status, 503);
		assert.deepEqual(JSON.parse(unavailable.text), {error_code: 'OMS.0503', error_msg: 'busy'});

		simulator.setFault({kind: 'status', status: 418}, {times: 1});
		const blacklisted = await get(simulator, path);
		assert.equal(blacklisted.status, 418);
		assert.equal((JSON.parse(blacklisted.text) as {error_code: string}).error_code, 'SIM.0418');

		simulator.setFault({kind: 'throttle', retryAfterSeconds: 7}, {times: 1});
		const throttled = await get(simulator, path);
		assert.equal(throttled.status, 429);
		assert.equal(throttled.headers.get('retry-after'), '7');
		assert.equal((JSON.parse(throttled.text) as {request_id: string}).request_id, throttled.headers.get('x-request-id'));

		simulator.setFault({kind: 'throttle'}, {times: 1});
		const bare = await get(simulator, path);
		assert.equal(bare.status, 429);
		assert.equal(bare.headers.get('retry-after'), null);

		simulator.setFault({kind: 'expired-token'}, {times: 1});
		const expired = await get(simulator, path);
		assert.equal(expired.status, 401);
		assert.match(expired.text, /"error_code":"APIGW.0301","error_msg":"[^"]*token expired"/);

		assert.equal((await get(simulator, path)).status, 200, 'each fault was used up');
	});
});

test('faults: reset, truncated body, HTML page, exact body, huge body', async () => {
	await withSimulator(async simulator => {
		const path = statisticsPath(SEEDED_TASK_IDS.steady, START - HOUR, START);
		simulator.setFault({kind: 'reset'}, {times: 1});
		await assert.rejects(get(simulator, path), TypeError);
		assert.equal(simulator.requests.at(-1)?.status, 0);

		simulator.setFault({kind: 'truncated'}, {times: 1});
		const response = await fetch(`${simulator.url}/v2/${simulator.projectId}/${path}`, {headers: {'X-Auth-Token': simulator.token}});
		assert.equal(response.status, 200);
		assert.ok(Number(response.headers.get('content-length')) > 100);
		await assert.rejects(response.text());

		simulator.setFault({kind: 'not-json'}, {times: 1});
		const page = await get(simulator, path);
		assert.equal(page.status, 200);
		assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
		assert.throws(() => JSON.parse(page.text) as unknown);

		simulator.setFault({kind: 'body', body: '{"statistic_datas":"nope"}'}, {times: 1});
		assert.equal((await get(simulator, path)).text, '{"statistic_datas":"nope"}');

		simulator.setFault({kind: 'huge', bytes: 3_000_000}, {times: 1});
		const huge = await get(simulator, path);
		assert.equal(huge.status, 200);
		assert.equal(huge.headers.get('content-length'), null);
		assert.equal(huge.text.length, 3_000_000);
		assert.match(huge.text, /^\{"sync_task_id":"huge","statistic_time_type":"FIVE_MINUTES","statistic_datas":\[\{"data_type":"REQUEST","data":\[\{"time_stamp"/);
	});
});

test('faults can target one task, a number of requests, or everything until cleared', async () => {
	await withSimulator(async simulator => {
		const steady = statisticsPath(SEEDED_TASK_IDS.steady, START - HOUR, START);
		const bursty = statisticsPath(SEEDED_TASK_IDS.bursty, START - HOUR, START);
		simulator.setFault({kind: 'status', status: 500}, {taskId: SEEDED_TASK_IDS.bursty, times: 2});
		assert.equal((await get(simulator, steady)).status, 200);
		assert.equal((await get(simulator, 'sync-tasks')).status, 200, 'the list is about no task');
		assert.equal((await get(simulator, bursty)).status, 500);
		assert.equal((await get(simulator, `sync-tasks/${SEEDED_TASK_IDS.bursty}?query_time=${START}`)).status, 500);
		assert.equal((await get(simulator, bursty)).status, 200);

		simulator.setFault({kind: 'status', status: 503});
		for (const path of [steady, bursty, 'sync-tasks']) {
			assert.equal((await get(simulator, path)).status, 503);
		}

		simulator.clearFaults();
		assert.equal((await get(simulator, steady)).status, 200);
	});
});

test('close() ends open connections and held answers, and leaves nothing that keeps the process alive', async () => {
	const simulatorModule = fileURLToPath(new URL('../source/simulator/index.ts', import.meta.url));
	const script = `
		const {startSimulator} = await import(${JSON.stringify(simulatorModule)});
		const simulator = await startSimulator();
		const headers = {'X-Auth-Token': simulator.token};
		const list = simulator.url + '/v2/' + simulator.projectId + '/sync-tasks';
		await (await fetch(list, {headers})).text();
		simulator.setFault({kind: 'delay', ms: 60000}, {times: 1});
		const held = fetch(list, {headers}).then(() => 'answered', () => 'cut');
		while (simulator.requests.length < 2) {
			await new Promise(resolve => setImmediate(resolve));
		}

		simulator.setFault({kind: 'huge', bytes: 1e9}, {times: 1});
		const streaming = fetch(list, {headers}).then(response => response.body.getReader().read());
		await streaming;
		await simulator.close();
		console.log(await held);
	`;
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const timer = setTimeout(() => child.kill(), 10_000);
	const code = await new Promise<number | null>(resolve => {
		child.on('exit', resolve);
	});
	clearTimeout(timer);
	assert.equal(code, 0, 'the process exited by itself');
	assert.equal(output.trim(), 'cut');
});

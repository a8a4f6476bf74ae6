import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ApiError, ResponseError} from '../source/domain/errors.js';
import {MINUTE, SECOND, type EpochMs, type TaskId} from '../source/domain/units.js';
import {CredentialsHold, HeldError} from '../source/polling/credentials-hold.js';
import {RETRY, throttleDelay} from '../source/polling/retry-policy.js';
import {SEEDED_TASK_IDS} from '../source/simulator/index.js';
import {FakeClock} from './helpers/fake-clock.js';
import {startRig, T0, type Rig} from './helpers/rig.js';

function requestsFrom(r: Rig, from: EpochMs) {
	return r.simulator.requests.filter(request => request.at > from);
}

/** The gaps between consecutive requests. */
function gaps(times: readonly EpochMs[]): number[] {
	return times.slice(1).map((time, index) => time - times[index]!);
}

test('a 401 holds discovery too: while the project is listed every 5 minutes, nothing is sent during a hold but one probe at its end', async () => {
	const r = await startRig({discover: true});
	assert.equal(r.store.taskIds().length, 5);
	await r.run(MINUTE);
	r.simulator.setFault({kind: 'expired-token'});
	const from = r.clock.now();
	await r.run(40 * MINUTE);
	const refused = requestsFrom(r, from);
	assert.ok(refused.every(request => request.status === 401));
	// The first refusal, then one probe after each hold of 5, 10 and 20 minutes.
	assert.ok(refused.length >= 4 && refused.length <= 6, `${refused.length} requests in 40 minutes of refusals`);
	const probes = gaps(refused.map(request => request.at)).filter(gap => gap > SECOND);
	assert.deepEqual(probes, [RETRY.credentialsHold, 2 * RETRY.credentialsHold, 4 * RETRY.credentialsHold].slice(0, probes.length));
	assert.ok(probes.length >= 2);

	r.simulator.clearFaults();
	const mended = r.clock.now();
	// The next probe ends the 30-minute hold that began at the last refusal.
	await r.run(30 * MINUTE);
	for (const taskId of r.store.taskIds()) {
		assert.equal(r.store.task(taskId)!.status.phase, 'live', taskId);
	}

	assert.ok(r.store.getSnapshot().discovery.lastListedAt! > mended, 'the listing missed during the hold ran once it was lifted');
	await r.close();
});

test('a 401 holds the details calls for the task ids given: none is sent while held', async () => {
	const tasks: TaskId[] = [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet, SEEDED_TASK_IDS.bulk];
	const r = await startRig({tasks});
	await r.discovery.refresh();
	await r.run(MINUTE);
	r.simulator.setFault({kind: 'expired-token'});
	const from = r.clock.now();
	await r.run(30 * MINUTE);
	const refused = requestsFrom(r, from);
	const spaced = gaps(refused.map(request => request.at)).filter(gap => gap > SECOND);
	assert.ok(spaced.every(gap => gap >= RETRY.credentialsHold), `gaps ${spaced.join(', ')}`);
	assert.ok(refused.length <= 4, `${refused.length} requests in 30 minutes of refusals`);
	await r.close();
});

// Taken literally, Retry-After: 0 polls in a loop at one instant of the fake clock: the timeout ends it.
test('429 with Retry-After 0 or 1: never sooner than the interval, and longer with each 429 in a row', {timeout: 60_000}, async () => {
	for (const retryAfterSeconds of [0, 1]) {
		const r = await startRig({tasks: [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet], interval: 30 * SECOND});
		r.simulator.setFault({kind: 'throttle', retryAfterSeconds});
		const from = r.clock.now();
		await r.run(10 * MINUTE);
		const throttled = requestsFrom(r, from);
		assert.ok(throttled.every(request => request.status === 429));
		// Literally, 1 s apart: about 1,200 requests. With the floor: 30 s, then about 1, 2, 4… minutes.
		assert.ok(throttled.length <= 2 * 7, `Retry-After ${retryAfterSeconds}: ${throttled.length} requests in 10 minutes for 2 tasks`);
		for (const taskId of [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet]) {
			const waits = gaps(throttled.filter(request => request.path.includes(taskId)).map(request => request.at));
			assert.ok(waits.length >= 3);
			assert.ok(waits.every(wait => wait >= 30 * SECOND), `${taskId}: ${waits.join(', ')}`);
			assert.ok(waits.at(-1)! > 2 * waits[0]!, `${taskId}: the wait grows: ${waits.join(', ')}`);
		}

		r.simulator.clearFaults();
		await r.run(15 * MINUTE);
		assert.equal(r.store.task(SEEDED_TASK_IDS.steady)!.status.phase, 'live');
		await r.close();
	}
});

test('the 429 delay: Retry-After when longer than the floor, the floor when shorter, never past the cap', () => {
	const half = () => 0.5;
	assert.equal(throttleDelay(0, 1, 30 * SECOND, half), 30 * SECOND);
	assert.equal(throttleDelay(undefined, 1, 30 * SECOND, half), 30 * SECOND);
	assert.equal(throttleDelay(120 * SECOND, 1, 30 * SECOND, half), 120 * SECOND);
	const growing = [1, 2, 3, 4, 5].map(failures => throttleDelay(1000, failures, 30 * SECOND, half));
	assert.deepEqual(growing, [30, 45, 90, 180, 360].map(seconds => seconds * SECOND));
	assert.equal(throttleDelay(24 * 60 * MINUTE, 1, 30 * SECOND, half), RETRY.throttleCap);
	assert.equal(throttleDelay(0, 30, 30 * SECOND, () => 1), RETRY.throttleCap);
});

test('the hold: nothing during the wait, then one probe; a probe failing otherwise hands on, a refused one doubles the wait, a success lifts it', async () => {
	const clock = new FakeClock(T0);
	const hold = new CredentialsHold({clock, random: () => 1});
	const events: string[] = [];
	hold.subscribe(event => events.push(event.kind));
	const refused = new ApiError('unauthorized', 'HTTP 401', 'renew', {status: 401, errorCode: undefined, errorMsg: undefined, requestId: undefined});
	const refuse = async (): Promise<never> => Promise.reject(refused);
	await assert.rejects(hold.guard(refuse), ApiError);
	assert.equal(hold.until, T0 + RETRY.credentialsHold);
	await assert.rejects(hold.guard(async () => 'sent'), HeldError, 'nothing is sent during the wait');

	clock.set(hold.until);
	let fail: (error: Error) => void = () => undefined;
	const probe = hold.guard(async () => new Promise((_, reject) => {
		fail = reject;
	}));
	await assert.rejects(hold.guard(async () => 'sent'), HeldError, 'nothing beside the probe');
	fail(new ResponseError('HTTP 500', 'retry'));
	await assert.rejects(probe, ResponseError);
	assert.equal(hold.blocks(), false, 'the next call is the probe');

	await assert.rejects(hold.guard(refuse), ApiError);
	assert.equal(hold.until, clock.now() + 2 * RETRY.credentialsHold);
	hold.release();
	assert.equal(await hold.guard(async () => 'sent'), 'sent');
	assert.equal(hold.active, false);
	assert.deepEqual(events, ['began', 'probed', 'began', 'released', 'lifted']);
});

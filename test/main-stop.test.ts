import assert from 'node:assert/strict';
import test from 'node:test';
import {SECOND} from '../source/domain/units.js';
import {STOP_SIGNALS, type StopSignal} from '../source/modes/stop-signals.js';
import {FakeClock} from './helpers/fake-clock.js';
import {T0} from './helpers/rig.js';
import {startCli} from './helpers/run-cli.js';

/** main in this process on a fake clock, stopped by a stop source of the test's own. */
function startStoppable(argv: string[]): {run: ReturnType<typeof startCli>; clock: FakeClock; stop: (signal: StopSignal) => void} {
	const clock = new FakeClock(T0);
	let listener: ((signal: StopSignal) => void) | undefined;
	const run = startCli(argv, {}, clock.now, {
		clock,
		onStop(stop) {
			listener = stop;
			return () => undefined;
		},
	});
	return {
		run,
		clock,
		stop(signal) {
			assert.ok(listener !== undefined, 'main listens to the Io for its stop');
			listener(signal);
		},
	};
}

test('main in this process, stopped through its Io: no signal is sent, the exit code is the signal’s, and the lines were printed', async () => {
	const listenersBefore = STOP_SIGNALS.map(signal => process.listenerCount(signal));
	const {run, clock, stop} = startStoppable(['--demo']);
	// The demo's five tasks, each polled once within the first interval (30 s) of the fake clock.
	await clock.runUntil(T0 + 30 * SECOND, async () => undefined);
	const lines = await run.lines(5);
	assert.deepEqual(
		STOP_SIGNALS.map(signal => process.listenerCount(signal)),
		listenersBefore,
		'main adds no listener to the process’s signals when its Io gives the stop',
	);
	stop('SIGHUP');
	assert.equal(await run.done, 128 + 1, run.stderr());
	assert.match(run.stderr(), /stdout is not a terminal, printing a line per task/);
	for (const line of lines) {
		assert.match(line, /^\d{4}-\d\d-\d\dT\S+Z \S+ live\b/, line);
	}

	assert.ok(lines.every(line => line.startsWith(new Date(T0).toISOString().slice(0, 10))), 'the lines are stamped with the Io’s clock');
});

test('the demo’s fault tour runs on the Io’s clock: 45 s of it spoil a task’s polls, with no real time passing', async () => {
	const {run, clock, stop} = startStoppable(['--demo-faults']);
	await clock.runUntil(T0 + 30 * SECOND, async () => undefined);
	await run.lines(5);
	// The tour's first trouble (a burst of HTTP 500) at 45 s; the spoiled task's next poll says so.
	for (let second = 31; !/ retrying\b/.test(run.stdout()) && second <= 600; second++) {
		await clock.runUntil(T0 + second * SECOND, async () => undefined);
		await new Promise(resolve => setImmediate(resolve));
	}

	stop('SIGTERM');
	assert.equal(await run.done, 128 + 15, run.stderr());
	assert.match(run.stdout(), / retrying\b/);
});

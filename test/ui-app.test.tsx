import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {DAY, HOUR, MINUTE} from '../source/domain/units.js';
import {formatClock, formatCount, formatPercent} from '../source/format/numbers.js';
import {SEEDED_TASK_IDS} from '../source/simulator/index.js';
import {App, type AppProps} from '../source/ui/app.js';
import {TYPE_NAMES} from '../source/ui/task/charts.js';
import {isFailing} from '../source/series/figures.js';
import {arrangeRows, overviewRow} from '../source/ui/overview/rows.js';
import {lines, waitForFrame, width} from './helpers/ui-frames.js';
import {startRig, type Rig} from './helpers/rig.js';

const THRESHOLD = 0.01;
let rig: Rig | undefined;

afterEach(async () => {
	cleanup();
	await rig?.close();
	rig = undefined;
});

function app(current: Rig, props: Partial<AppProps> = {}) {
	return (
		<App
			store={current.store}
			controls={current.poller}
			label="DEMO"
			isDemo
			failureThreshold={THRESHOLD}
			isColor
			isAscii={false}
			now={current.clock.now}
			columns={100}
			rows={40}
			{...props}
		/>
	);
}

/** The line of the totals table for a data type. */
function tableRow(frame: string, name: string): string {
	// Not a chart's first line, which names the type and its peak (with a unit) too.
	const row = lines(frame).find(line => new RegExp(`^\\W?\\s*${name}\\b.*\\d`).test(line) && !/[┤┼|]/.test(line) && line.includes('/'));
	assert.ok(row, `no table row for ${name} in\n${frame}`);
	return row;
}

test('the totals shown are the store’s figures, exactly', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.bulk]});
	const {lastFrame} = render(app(rig));
	const frame = await waitForFrame(lastFrame, text => text.includes('total 6h') && text.includes('LIVE'));
	const figures = rig.store.task(SEEDED_TASK_IDS.steady)?.figures;
	assert.ok(figures);
	for (const type of ['REQUEST', 'SUCCESS', 'FAILURE', 'SKIP'] as const) {
		assert.ok(tableRow(frame, TYPE_NAMES[type]).includes(` ${formatCount(figures.totals[type])} `), `${type} total in\n${frame}`);
	}

	assert.ok(tableRow(frame, TYPE_NAMES.FAILURE).includes(formatPercent(figures.failureRate)));
	assert.ok(figures.totals.REQUEST > 0n, 'the steady task has traffic');
});

/** The tasks in the overview's order (trouble first), which the task screen steps through. */
function overviewOrder(current: Rig): string[] {
	return arrangeRows(
		current.store.getSnapshot().tasks.map(task => overviewRow(task, THRESHOLD, current.clock.now())),
		'trouble',
		'',
	).map(row => row.taskId);
}

test('a key switches the task in the overview’s order, and the header follows', async () => {
	rig = await startRig({tasks: simulator => simulator.tasks.slice(0, 4).map(task => task.id)});
	const {lastFrame, stdin} = render(app(rig));
	const header = (text: string): string => lines(text)[0] ?? '';
	await waitForFrame(lastFrame, text => text.includes('LIVE'));
	const [first, second, third] = overviewOrder(rig);
	assert.notDeepEqual(overviewOrder(rig), rig.taskIds, 'the failing task comes first in the overview, not in the store');
	stdin.write('1');
	await waitForFrame(lastFrame, text => header(text).includes(first!));
	stdin.write('l');
	await waitForFrame(lastFrame, text => header(text).includes(second!));
	stdin.write('3');
	await waitForFrame(lastFrame, text => header(text).includes(third!));
	stdin.write('\u001B[D'); // ←
	await waitForFrame(lastFrame, text => header(text).includes(second!));
	stdin.write('\t');
	await waitForFrame(lastFrame, text => header(text).includes(third!));
	stdin.write('\u001B[Z'); // Shift-Tab
	await waitForFrame(lastFrame, text => header(text).includes(second!));
	stdin.write('h');
	const frame = await waitForFrame(lastFrame, text => header(text).includes(first!));
	// The selected task is bracketed in the task bar: a mark that is not colour.
	assert.match(lines(frame)[2] ?? '', new RegExp(`\\[1 ${first!.slice(0, 4)}`));
});

test('the failing task’s failure line is marked, in the chart and in the table', async () => {
	rig = await startRig({added: [{id: 'f0f0f0f0-0000-4000-8000-000000000001', profile: 'failing'}], tasks: () => ['f0f0f0f0-0000-4000-8000-000000000001', SEEDED_TASK_IDS.quiet]});
	const {lastFrame, stdin} = render(app(rig));
	const failing = rig.store.task('f0f0f0f0-0000-4000-8000-000000000001')?.figures;
	assert.ok(failing !== undefined && isFailing(failing, THRESHOLD), 'the failing profile fails');
	let frame = await waitForFrame(lastFrame, text => text.includes('total 6h'));
	assert.match(tableRow(frame, TYPE_NAMES.FAILURE), /failed ▲ failing/);
	assert.ok(lines(frame).some(line => line.startsWith('▲ failed')), `chart label marked in\n${frame}`);
	// The task bar marks it too, by symbol.
	assert.match(lines(frame)[2] ?? '', /\[1 f0f0\S* ▲\]/);

	// The quiet task: marked only if its own figures say so.
	stdin.write('2');
	frame = await waitForFrame(lastFrame, text => (lines(text)[0] ?? '').includes(SEEDED_TASK_IDS.quiet));
	const quiet = rig.store.task(SEEDED_TASK_IDS.quiet)?.figures;
	assert.equal(tableRow(frame, TYPE_NAMES.FAILURE).includes('▲'), isFailing(quiet, THRESHOLD));
});

test('the help overlay opens and closes with ? and Esc', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady]});
	const {lastFrame, stdin} = render(app(rig));
	await waitForFrame(lastFrame, text => text.includes('total 6h'));
	stdin.write('?');
	let frame = await waitForFrame(lastFrame, text => text.includes('pause / resume polling'));
	assert.ok(!frame.includes('total 6h'), 'the help takes the place of the charts and totals');
	assert.match(frame, /\? close help/);
	stdin.write('?');
	await waitForFrame(lastFrame, text => text.includes('total 6h') && !text.includes('pause / resume polling'));
	stdin.write('?');
	await waitForFrame(lastFrame, text => text.includes('pause / resume polling'));
	stdin.write('\u001B');
	frame = await waitForFrame(lastFrame, text => !text.includes('pause / resume polling'));
	assert.ok(frame.includes('total 6h'));
});

test('p pauses and resumes polling, r refreshes, w widens the window', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady]});
	const {lastFrame, stdin} = render(app(rig));
	await waitForFrame(lastFrame, text => text.includes('LIVE'));
	stdin.write('p');
	await waitForFrame(lastFrame, text => /^PAUSED · p resumes/m.test(text) && text.includes('p resume'));
	assert.equal(rig.poller.paused, true);
	stdin.write('p');
	await waitForFrame(lastFrame, text => text.includes('LIVE'));
	assert.equal(rig.poller.paused, false);

	const before = rig.simulator.requests.length;
	stdin.write('r');
	await rig.poller.idle();
	assert.ok(rig.simulator.requests.length > before, 'r polls now');

	stdin.write('w');
	const frame = await waitForFrame(lastFrame, text => text.includes('window 1d') && text.includes('total 1d'));
	assert.equal(rig.store.window, DAY);
	assert.ok(frame.includes('total 1d'));
	stdin.write('w');
	await waitForFrame(lastFrame, text => text.includes('window 7d'));
	stdin.write('w');
	await waitForFrame(lastFrame, text => text.includes('window 1h'));
	assert.equal(rig.store.window, HOUR);
});

test('a failing poll shows stale since HH:MM with the reason, cleaned of escape codes', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady]});
	const {lastFrame} = render(app(rig, {columns: 160}));
	await waitForFrame(lastFrame, text => text.includes('LIVE'));
	const lastSuccess = rig.clock.now();
	rig.simulator.setFault({kind: 'status', status: 500, errorCode: 'SIM.0500', errorMsg: 'disk \u001B[31mon fire\u001B]0;owned\u0007'});
	await rig.run(MINUTE);
	const frame = await waitForFrame(lastFrame, text => text.includes('RETRYING in'));
	const status = lines(frame)[1] ?? '';
	assert.match(status, new RegExp(`stale since ${formatClock(lastSuccess)}`));
	assert.ok(!/[\u0000-\u0008\u000B-\u001F\u007F]/.test(frame), 'no control characters reach the screen');
	assert.ok(!frame.includes('owned'), 'an OSC title sequence is removed, not shown');
});

test('a task with new failures is marked in the task bar until it is viewed', async () => {
	const failingId = 'f0f0f0f0-0000-4000-8000-000000000002';
	rig = await startRig({added: [{id: failingId, profile: 'failing'}], tasks: () => [SEEDED_TASK_IDS.steady, failingId]});
	const {lastFrame, stdin} = render(app(rig));
	let frame = await waitForFrame(lastFrame, text => text.includes('total 6h'));
	// The failing task is first in the overview's order, and so in the task bar.
	assert.deepEqual(overviewOrder(rig), [failingId, SEEDED_TASK_IDS.steady]);
	const tab = (text: string): string => {
		const bar = lines(text)[2] ?? '';
		return bar.slice(0, bar.indexOf(SEEDED_TASK_IDS.steady.slice(0, 8)) - 2);
	};
	assert.ok(!tab(frame).includes('●'), `failures already there when the monitor starts are not new:\n${frame}`);
	await rig.run(15 * MINUTE);
	frame = await waitForFrame(lastFrame, text => tab(text).includes('●'));
	stdin.write('1');
	frame = await waitForFrame(lastFrame, text => (lines(text)[0] ?? '').includes(failingId));
	assert.ok(!(lines(frame)[2] ?? '').includes('●'), 'viewing the task clears the mark');
	stdin.write('2');
	frame = await waitForFrame(lastFrame, text => (lines(text)[0] ?? '').includes(SEEDED_TASK_IDS.steady));
	assert.ok(!tab(frame).includes('●'), `nothing new since it was viewed:\n${frame}`);
	await rig.run(15 * MINUTE);
	await waitForFrame(lastFrame, text => tab(text).includes('●'));
});

test('every data type has its chart and its row', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady]});
	const {lastFrame} = render(app(rig, {columns: 120, rows: 40}));
	const frame = await waitForFrame(lastFrame, text => text.includes('total 6h'));
	for (const type of DATA_TYPES) {
		assert.ok(lines(frame).some(line => line.startsWith(TYPE_NAMES[type]) && /[┤┼]/.test(line)), `${type} chart in\n${frame}`);
	}

	// One shared time axis, labelled at both ends with bucket starts, and the bucket still filling named, not drawn.
	const axis = lines(frame).find(line => line.includes('← 6h →'));
	assert.ok(axis);
	assert.match(axis, /^\s+\d\d:\d\d\s.*\s\d\d:\d\d \(\d\d:\d\d filling\)$/);
	assert.ok(lines(frame).every(line => width(line) <= 120));
});

test('on a task’s screen, polls of the other tasks cost no render unless the task bar changes', async () => {
	rig = await startRig({tasks: () => [SEEDED_TASK_IDS.steady, SEEDED_TASK_IDS.quiet, SEEDED_TASK_IDS.bulk]});
	const {frames, lastFrame} = render(app(rig));
	await waitForFrame(lastFrame, text => text.includes('total 6h') && text.includes('LIVE'));
	const from = rig.clock.now();
	const drawnBefore = frames.length;
	// Tasks off screen are polled every 5 minutes: over 11, each of the two others is polled twice at least.
	await rig.run(11 * MINUTE);
	await waitForFrame(lastFrame, () => true);
	const polls = (taskId: string): number => rig!.simulator.requests.filter(request => request.at > from && request.path.includes(taskId)).length;
	const shown = polls(SEEDED_TASK_IDS.steady);
	const others = polls(SEEDED_TASK_IDS.quiet) + polls(SEEDED_TASK_IDS.bulk);
	// Ink draws a frame for every render React commits; a frame equal to the one before is a render that showed nothing.
	const after = frames.slice(drawnBefore - 1);
	const wasted = after.filter((frame, index) => index > 0 && frame === after[index - 1]).length;
	assert.ok(others >= 4 && shown >= 20, `${shown} polls of the task shown, ${others} of the others`);
	assert.ok(wasted <= 2, `${wasted} renders that showed nothing, for ${shown} polls of the task shown and ${others} of the others`);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {App} from '../source/ui/app.js';
import {arrangeRows, overviewRow} from '../source/ui/overview/rows.js';
import {startRig} from './helpers/rig.js';
import {lines, waitForFrame, width} from './helpers/ui-frames.js';
import {renderSized} from './helpers/ui-render.js';

const T0 = Date.UTC(2026, 10, 23, 14, 7, 0);
const THRESHOLD = 0.01;

/** 30 tasks found by listing the simulator's project, polled once, on a fake clock. */
async function overviewRig(extraTasks = 25) {
	const rig = await startRig({start: T0, simulator: {extraTasks}, concurrency: 8, seed: 3, discover: true});
	const {clock, discovery, store, poller} = rig;
	const view = renderSized(
		<App
			store={store}
			controls={poller}
			label="DEMO"
			isDemo
			failureThreshold={THRESHOLD}
			isColor={false}
			isAscii={false}
			now={clock.now}
			initialScreen="overview"
			onOpenTask={taskId => void discovery.details(taskId)}
		/>,
		{columns: 80, rows: 24},
	);
	// Keys reach the app once its input hook has put stdin in raw mode.
	await waitForFrame(() => (view.stdin.isRaw && view.stdin.listenerCount('readable') > 0 ? 'raw' : ''), text => text === 'raw');
	return {
		...rig,
		view,
		async close() {
			await view.unmount();
			await rig.close();
		},
	};
}

test('an 80×24 overview of 30 tasks fits, puts the failing ones first, and counts them in the footer', async () => {
	const rig = await overviewRig();
	const frame = await waitForFrame(rig.view.lastFrame, text => text.includes('30 tasks') && !text.includes('loading'));
	const all = lines(frame);
	assert.ok(all.length < 24, `${all.length} lines`);
	assert.ok(all.every(line => width(line) <= 80));
	const rows = arrangeRows(
		rig.store.getSnapshot().tasks.map(task => overviewRow(task, THRESHOLD, rig.clock.now())),
		'trouble',
		'',
	);
	const failing = rows.filter(row => row.isFailing);
	assert.ok(failing.length > 0, 'the simulator has failing tasks');
	const body = all.slice(3, 3 + failing.length);
	assert.ok(body.every(line => line.startsWith('▲')), 'failing rows first, marked with a symbol');
	assert.ok(body[0]!.includes(failing[0]!.name.slice(0, 5)) && body[0]!.includes(failing[0]!.name.slice(-4)), 'the worst failing task first, its name cut in the middle');
	assert.match(all.at(-2)!, new RegExp(`30 watched · .* · ${failing.length} failing`));
	assert.match(all.at(-1)!, /1-\d+\/30/, 'where the page is');
	await rig.close();
});

test('filter and sort change the rows; Enter opens a task, Esc comes back', async () => {
	const rig = await overviewRig();
	await waitForFrame(rig.view.lastFrame, text => text.includes('30 tasks') && !text.includes('loading'));
	const target = rig.store.getSnapshot().tasks.find(task => task.info?.description !== undefined)!;
	const description = target.info!.description!;

	rig.view.stdin.press('s');
	let frame = await waitForFrame(rig.view.lastFrame, text => text.includes('sort: name'));
	// Names are cut in the middle: their starts are in order.
	const names = lines(frame).slice(3, 8).map(line => line.slice(4, 20).trim().split('…')[0]!);
	assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'sorted by name');

	rig.view.stdin.press('/');
	await waitForFrame(rig.view.lastFrame, text => text.includes('Enter keep'));
	// As a paste arrives: one chunk.
	rig.view.stdin.press(description.slice(0, 12));

	frame = await waitForFrame(rig.view.lastFrame, text => text.includes(`filter: ${description.slice(0, 12)}`));
	const shown = lines(frame).slice(3).filter(line => /^[▲ ] [▶■? ] /.test(line));
	assert.ok(shown.length >= 1 && shown.length < 30, `${shown.length} rows match`);
	assert.ok(shown.every(line => line.includes(description.slice(0, 5))));

	assert.match(lines(frame).at(-1)!, new RegExp(`^/${description.slice(0, 12)}_  ${shown.length} of 30  Enter keep  Esc clear`), 'how many match, while filtering');
	rig.view.stdin.press('\r');
	await waitForFrame(rig.view.lastFrame, text => !text.includes('Enter keep'));
	rig.view.stdin.press('\r');
	frame = await waitForFrame(rig.view.lastFrame, text => text.includes('LIVE') && text.includes('requested'));
	assert.ok(lines(frame)[0]!.includes(description.slice(0, 20)), 'the task screen of the row opened');
	assert.match(lines(frame)[3]!, /SYNCHRONIZING · \S+ → \S+/, 'the details line');
	// Opening the screen asks for the task's details, with this month's counters.
	await waitForFrame(() => (rig.store.task(target.taskId)?.info?.monthly === undefined ? '' : 'yes'), text => text === 'yes');

	rig.view.stdin.press('\u001B');
	frame = await waitForFrame(rig.view.lastFrame, text => text.includes('sort: name'));
	assert.ok(frame.includes(`filter: ${description.slice(0, 12)}`), 'the filter is kept');
	rig.view.stdin.press('\u001B');
	frame = await waitForFrame(rig.view.lastFrame, text => !text.includes('filter:'));
	assert.ok(frame.includes('30 tasks'));
	await rig.close();
});

test('a list call that fails leaves the known tasks on screen with a clear message', async () => {
	const rig = await overviewRig(3);
	await waitForFrame(rig.view.lastFrame, text => text.includes('8 tasks') && !text.includes('loading'));
	rig.simulator.setFault({kind: 'status', status: 500, errorCode: 'OMS.0001', errorMsg: 'internal \u001B[2Jerror'}, {times: 1});
	await rig.discovery.refresh();
	const frame = await waitForFrame(rig.view.lastFrame, text => text.includes('Task list not refreshed'));
	assert.match(frame, /8 tasks/);
	assert.match(frame, /HTTP 500/);
	assert.doesNotMatch(frame, /\u001B/);

	const added = rig.simulator.addTask({description: 'brand new pair'});
	await rig.discovery.refresh();
	await waitForFrame(rig.view.lastFrame, text => text.includes(`task ${added.id} appeared`) && text.includes('9 tasks'));
	await rig.close();
});

test('the line under the rows tells the selected task’s whole name and what is wrong with it', async () => {
	const rig = await overviewRig(3);
	let frame = await waitForFrame(rig.view.lastFrame, text => text.includes('8 tasks') && !text.includes('loading'));
	const first = arrangeRows(rig.store.getSnapshot().tasks.map(task => overviewRow(task, THRESHOLD, rig.clock.now())), 'trouble', '')[0]!;
	assert.ok(lines(frame).at(-3)!.startsWith(first.name.slice(0, 5)) && lines(frame).at(-3)!.endsWith(first.taskId), `the first row's task:\n${frame}`);

	const target = first.taskId;
	rig.simulator.setFault({kind: 'status', status: 503, errorCode: 'APIGW.0502', errorMsg: 'gateway \u001B[31mbusy'}, {taskId: target});
	rig.poller.refresh();
	await rig.poller.idle();
	frame = await waitForFrame(rig.view.lastFrame, text => /stale since/.test(lines(text).at(-3) ?? ''));
	const focus = lines(frame).at(-3)!;
	assert.ok(width(focus) <= 80);
	assert.match(focus, /stale since \d\d:\d\d: Stat/);
	assert.ok(focus.endsWith(` · ${target}`), `the id is kept whole at 80 columns: ${focus}`);
	assert.ok(lines(frame)[3]!.includes(first.name.slice(0, 5)), 'the stale task is still the selected first row');
	await rig.close();
});

test('an empty project says so, naming the project, instead of an empty table', async () => {
	const rig = await startRig({start: T0, seed: 3, discover: true});
	const view = renderSized(
		<App
			store={rig.store}
			controls={rig.poller}
			label="cn-north-4"
			isDemo={false}
			failureThreshold={THRESHOLD}
			isColor={false}
			isAscii={false}
			now={rig.clock.now}
			initialScreen="overview"
			emptyText="no sync tasks in project 0123 (cn-north-4)"
		/>,
		{columns: 80, rows: 24},
	);
	try {
		for (const task of rig.simulator.tasks) {
			rig.simulator.removeTask(task.id);
		}

		// Gone from the listing: marked deleted, then dropped after the grace.
		await rig.run(25 * 60_000);
		assert.equal(rig.store.taskIds().length, 0);
		const frame = await waitForFrame(view.lastFrame, text => text.includes('0 tasks'));
		assert.match(frame, /no sync tasks in project 0123 \(cn-north-4\)/);
	} finally {
		await view.unmount();
		await rig.close();
	}
});

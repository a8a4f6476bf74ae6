import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HOUR, MINUTE, type DurationMs} from '../source/domain/units.js';
import {App} from '../source/ui/app.js';
import {arrangeRows, overviewRow} from '../source/ui/overview/rows.js';
import {FakeClock} from './helpers/fake-clock.js';
import {startRig} from './helpers/rig.js';
import {lines, waitForFrame} from './helpers/ui-frames.js';
import {renderSized} from './helpers/ui-render.js';

const T0 = Date.UTC(2026, 10, 23, 14, 7, 0);
const THRESHOLD = 0.01;
const ESC = '\u001B';

/** 12 tasks on the overview at 80×24, with the ESC wait on a clock of the test's own. */
async function keysRig(options: {window?: DurationMs; initialScreen?: 'overview' | 'task'} = {}) {
	const rig = await startRig({start: T0, simulator: {extraTasks: 7}, concurrency: 8, seed: 3, discover: true, ...(options.window === undefined ? {} : {window: options.window})});
	const keyClock = new FakeClock(0);
	const view = renderSized(
		<App
			store={rig.store}
			controls={rig.poller}
			label="DEMO"
			isDemo
			failureThreshold={THRESHOLD}
			isColor={false}
			isAscii={false}
			now={rig.clock.now}
			initialScreen={options.initialScreen ?? 'overview'}
			timers={keyClock}
		/>,
		{columns: 80, rows: 24},
	);
	await waitForFrame(() => (view.stdin.isRaw && view.stdin.listenerCount('readable') > 0 ? 'raw' : ''), text => text === 'raw');
	await waitForFrame(view.lastFrame, text => text.includes('12 tasks') || text.includes('LIVE'));
	const order = (): string[] =>
		arrangeRows(
			rig.store.getSnapshot().tasks.map(task => overviewRow(task, THRESHOLD, rig.clock.now())),
			'trouble',
			'',
		).map(row => row.taskId);
	/** The line under the rows ends with the selected task's id. */
	const focused = (text: string): string => lines(text).at(-3) ?? '';
	/** Ink's own wait for the rest of an escape sequence is one turn of the event loop. */
	const turn = async (): Promise<void> => new Promise(resolve => setImmediate(resolve));
	return {
		...rig,
		view,
		keyClock,
		order,
		focused,
		turn,
		async close() {
			await view.unmount();
			await rig.close();
		},
	};
}

test('keys that arrive together all act, in order: jj, j and Enter, www', async () => {
	const rig = await keysRig();
	const order = rig.order();
	rig.view.stdin.press('jj');
	await waitForFrame(rig.view.lastFrame, text => rig.focused(text).endsWith(order[2]!));
	rig.view.stdin.press('j\r');
	let frame = await waitForFrame(rig.view.lastFrame, text => text.includes('LIVE'));
	assert.ok(lines(frame)[0]!.includes(order[3]!), `Enter opens the row j moved to:\n${frame}`);
	rig.view.stdin.press('www');
	frame = await waitForFrame(rig.view.lastFrame, text => text.includes('window 1h'));
	assert.equal(rig.store.window, HOUR, '6h → 1d → 7d → 1h');
	// The task screen steps in the overview's order: the next one after the opened row.
	rig.view.stdin.press('l');
	frame = await waitForFrame(rig.view.lastFrame, text => lines(text)[0]!.includes(order[4]!));
	rig.view.stdin.press('hh');
	await waitForFrame(rig.view.lastFrame, text => lines(text)[0]!.includes(order[2]!));
	await rig.close();
});

test('Esc never quits; an arrow whose bytes arrive apart is one key; a lone Esc acts once its wait is over', async () => {
	const rig = await keysRig();
	const order = rig.order();
	rig.view.stdin.press(ESC);
	await rig.turn();
	await rig.keyClock.runUntil(100, async () => undefined);
	rig.view.stdin.press('j');
	await waitForFrame(rig.view.lastFrame, text => rig.focused(text).endsWith(order[1]!));

	// Down, split as a slow link splits it: ESC, then [B.
	rig.view.stdin.press(ESC);
	await rig.turn();
	assert.equal(rig.keyClock.pending, 1, 'the ESC waits for the rest');
	rig.view.stdin.press('[B');
	let frame = await waitForFrame(rig.view.lastFrame, text => rig.focused(text).endsWith(order[2]!));
	assert.equal(rig.keyClock.pending, 0);
	assert.ok(!frame.includes('[B') && !frame.includes('filter:'), 'nothing of it typed anywhere');

	// G and End go to the last row, g and Home to the first.
	rig.view.stdin.press('G');
	await waitForFrame(rig.view.lastFrame, text => rig.focused(text).endsWith(order.at(-1)!));
	rig.view.stdin.press(`${ESC}[H`);
	await waitForFrame(rig.view.lastFrame, text => rig.focused(text).endsWith(order[0]!));

	// A filter, cleared by a lone Esc once its wait is over.
	rig.view.stdin.press('/zzz\r');
	frame = await waitForFrame(rig.view.lastFrame, text => text.includes('filter: zzz'));
	rig.view.stdin.press(ESC);
	await rig.turn();
	assert.ok(rig.view.lastFrame()!.includes('filter: zzz'), 'not before the wait is over');
	await rig.keyClock.runUntil(200, async () => undefined);
	frame = await waitForFrame(rig.view.lastFrame, text => !text.includes('filter:'));
	assert.ok(frame.includes('12 tasks'), 'still running');
	await rig.close();
});

test('help is drawn over the screen it was opened on, lists that screen’s keys, and q closes it', async () => {
	const rig = await keysRig({window: 30 * MINUTE});
	rig.view.stdin.press('?');
	let frame = await waitForFrame(rig.view.lastFrame, text => text.includes('Keys on the overview'));
	assert.ok(lines(frame)[0]!.includes('12 tasks'), `the overview's title stays:\n${frame}`);
	assert.ok(!frame.includes('LIVE') && !frame.includes('Keys on the task screen'), 'no task screen');
	assert.match(frame, /move down \/ up/);
	assert.match(frame, /cycle the window: 30m, 1h, 6h, 1d, 7d/, 'the window given at start stays in the cycle');
	assert.match(lines(frame).at(-1)!, /\? close help/);
	rig.view.stdin.press('q');
	frame = await waitForFrame(rig.view.lastFrame, text => !text.includes('Keys on'));
	assert.ok(frame.includes('12 tasks'), 'q in help closes it, and does not quit');

	rig.view.stdin.press('\r?');
	frame = await waitForFrame(rig.view.lastFrame, text => text.includes('Keys on the task screen'));
	assert.match(frame, /previous \/ next task/);
	assert.ok(!frame.includes('move down / up'));
	rig.view.stdin.press(ESC);
	await rig.turn();
	await rig.keyClock.runUntil(100, async () => undefined);
	frame = await waitForFrame(rig.view.lastFrame, text => !text.includes('Keys on') && text.includes('LIVE'));
	rig.view.stdin.press('w');
	await waitForFrame(rig.view.lastFrame, text => text.includes('window 1h'));
	rig.view.stdin.press('www');
	await waitForFrame(rig.view.lastFrame, text => text.includes('window 7d'));
	rig.view.stdin.press('w');
	await waitForFrame(rig.view.lastFrame, text => text.includes('window 30m'));
	assert.equal(rig.store.window, 30 * MINUTE);
	await rig.close();
});

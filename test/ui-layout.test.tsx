import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import fc from 'fast-check';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {formatCount} from '../source/format/numbers.js';
import {App} from '../source/ui/app.js';
import {TYPE_NAMES} from '../source/ui/task/charts.js';
import {chooseLayout} from '../source/ui/task/layout.js';
import {lines, stripAnsi, waitForFrame, width} from './helpers/ui-frames.js';
import {renderSized} from './helpers/ui-render.js';
import {startRig, type Rig} from './helpers/rig.js';

let rig: Rig;

before(async () => {
	rig = await startRig({added: [{profile: 'failing'}, {profile: 'bursty'}, {profile: 'steady'}, {profile: 'quiet'}]});
});

after(async () => {
	await rig.close();
});

function app(options: {isAscii?: boolean; columns?: number; rows?: number} = {}) {
	return (
		<App
			store={rig.store}
			controls={rig.poller}
			label="cn-north-4"
			isDemo={false}
			failureThreshold={0.01}
			isColor
			isAscii={options.isAscii ?? false}
			now={rig.clock.now}
			{...(options.columns === undefined ? {} : {columns: options.columns})}
			{...(options.rows === undefined ? {} : {rows: options.rows})}
		/>
	);
}

test('80×24 holds everything essential, in 80 columns and fewer than 24 lines', async () => {
	assert.equal(rig.taskIds.length, 9);
	const view = renderSized(app(), {columns: 80, rows: 24});
	const frame = await waitForFrame(view.lastFrame, text => text.includes('LIVE'));
	const all = lines(frame);
	assert.ok(all.length < 24, `${all.length} lines`);
	for (const line of all) {
		assert.ok(width(line) <= 80, `too wide (${width(line)}): ${line}`);
	}

	assert.ok(all[0]!.includes(rig.taskIds[0]!), 'the task id');
	assert.ok(all[0]!.includes('cn-north-4'), 'the region');
	assert.match(all[0]!, /window 6h/);
	assert.match(all[1]!, /^LIVE · updated \d+s ago/);
	assert.match(all[2]!, /^[ []1\b.*\s9\b/, 'all nine tasks in the task bar (in the overview’s order)');
	const figures = rig.store.task(rig.taskIds[0]!)?.figures;
	for (const type of DATA_TYPES) {
		assert.ok(all.some(line => line.startsWith(TYPE_NAMES[type]) && /[▁▂▃▄▅▆▇█]/.test(line)), `${type} sparkline`);
	}

	assert.ok(all.some(line => line.includes(formatCount(figures!.totals.REQUEST))), 'the totals table');
	assert.match(all.at(-1)!, /q quit$/);
	await view.unmount();
});

test('bigger screens get line charts, and a resize re-lays out', async () => {
	const view = renderSized(app(), {columns: 80, rows: 24});
	await waitForFrame(view.lastFrame, text => text.includes('LIVE') && !text.includes('┤'));
	view.resize(120, 40);
	let frame = await waitForFrame(view.lastFrame, text => text.includes('┤'));
	assert.ok(lines(frame).length < 40);
	assert.ok(lines(frame).some(line => width(line) > 100), 'the charts use the width');
	assert.ok(lines(frame).some(line => line.includes('details not known yet')), 'the details line');
	// Once the charts are as tall as they get, the table gets its box.
	view.resize(120, 90);
	frame = await waitForFrame(view.lastFrame, text => text.includes('┌'));
	assert.ok(lines(frame).length < 90);
	view.resize(60, 14);
	frame = await waitForFrame(view.lastFrame, text => !text.includes('┤') && !text.includes('▁'));
	assert.ok(lines(frame).length < 14);
	assert.ok(lines(frame).every(line => width(line) <= 60));
	assert.ok(frame.includes('requested'), 'the compact view keeps the totals');
	await view.unmount();
});

test('at any size the frame is narrower than the terminal and shorter than it', async () => {
	const result = await fc.check(
		fc.asyncProperty(fc.integer({min: 10, max: 240}), fc.integer({min: 2, max: 80}), fc.boolean(), fc.boolean(), async (columns, rows, isAscii, isHelp) => {
			// A fresh render at each size: its first frame is drawn at once, at that size.
			const view = renderSized(app({isAscii}), {columns, rows});
			try {
				const layout = chooseLayout(columns, rows, rig.taskIds.length);
				let frame = stripAnsi(view.lastFrame() ?? '');
				if (layout.kind === 'too-small') {
					assert.match(frame, /q quits|too\s+small/);
				} else {
					assert.equal(lines(frame).length, layout.lines, `the layout's height at ${columns}x${rows}:\n${frame}`);
					if (isHelp) {
						view.stdin.press('?');
						frame = await waitForFrame(view.lastFrame, text => text.includes('Keys'));
						assert.ok(lines(frame).length <= layout.lines);
					}
				}

				assert.ok(lines(frame).length < rows || rows < 2, `${lines(frame).length} lines in ${columns}x${rows}:\n${frame}`);
				for (const line of lines(frame)) {
					assert.ok(width(line) <= columns, `${width(line)} columns in ${columns}x${rows}: ${line}`);
				}

				if (isAscii) {
					assert.ok(!/[^\u0020-\u007E\n]/.test(frame), `only ASCII with --ascii:\n${frame}`);
				}
			} finally {
				await view.unmount();
			}
		}),
		{numRuns: 80, seed: 4242},
	);
	if (result.failed) {
		throw result.errorInstance instanceof Error ? result.errorInstance : new Error(`Counterexample ${JSON.stringify(result.counterexample)}`);
	}
});

test('--ascii draws charts, sparklines and the table with ASCII only', async () => {
	for (const size of [
		{columns: 80, rows: 24},
		{columns: 120, rows: 40},
	]) {
		const view = renderSized(app({isAscii: true}), size);
		const frame = await waitForFrame(view.lastFrame, text => text.includes('LIVE') && text.includes('requested'));
		assert.ok(!/[^\u0020-\u007E\n]/.test(stripAnsi(frame)), `non-ASCII in:\n${frame}`);
		assert.match(frame, /[#*+=]/, 'something is drawn');
		await view.unmount();
	}
});

// Colour must be possible for "no colour" to mean anything: chalk, under Ink, reads
// FORCE_COLOR once, when it loads, so it is set before anything loads Ink.
process.env['FORCE_COLOR'] = '1';

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {readConfig} from '../source/config/config.js';
import {colourCodes, waitForFrame} from './helpers/ui-frames.js';
import {startRig, type Rig} from './helpers/rig.js';

const {render, cleanup} = await import('ink-testing-library');
const {App} = await import('../source/ui/app.js');

const FAILING = 'f0f0f0f0-0000-4000-8000-00000000000c';
let rig: Rig;

before(async () => {
	rig = await startRig({added: [{id: FAILING, profile: 'failing'}], tasks: simulator => [FAILING, simulator.tasks[0]!.id]});
});

after(async () => {
	cleanup();
	await rig.close();
});

function app(isColor: boolean, sizes: {columns: number; rows: number}) {
	return (
		<App
			store={rig.store}
			controls={rig.poller}
			label="DEMO"
			isDemo
			failureThreshold={0.01}
			isColor={isColor}
			isAscii={false}
			now={rig.clock.now}
			{...sizes}
		/>
	);
}

for (const sizes of [
	{columns: 80, rows: 24},
	{columns: 100, rows: 40},
]) {
	test(`${sizes.columns}x${sizes.rows}: colour on draws colours, NO_COLOR draws none and keeps the marks`, async () => {
		const coloured = render(app(true, sizes));
		await waitForFrame(coloured.lastFrame, text => text.includes('failed ▲ failing'));
		assert.ok(colourCodes(coloured.lastFrame() ?? '').length > 0, 'colour is on: the failing row is red');
		coloured.unmount();

		const config = readConfig(['--demo'], {NO_COLOR: '1'});
		assert.equal(config.color, false);
		const plain = render(app(config.color, sizes));
		const frame = await waitForFrame(plain.lastFrame, text => text.includes('failed ▲ failing'));
		assert.deepEqual(colourCodes(plain.lastFrame() ?? ''), []);
		// Meaning that colour carried is still there, as text and symbols.
		assert.match(frame, /^\[DEMO\] /);
		assert.match(frame, /\[1 f0f0\S* ▲\]/);
		assert.match(frame, /^▲ failed/m);
		plain.stdin.write('?');
		await waitForFrame(plain.lastFrame, text => text.includes('Keys'));
		assert.deepEqual(colourCodes(plain.lastFrame() ?? ''), [], 'the help overlay has no colour either');
		plain.unmount();
	});
}

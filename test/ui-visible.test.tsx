import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MINUTE, SECOND, type TaskId} from '../source/domain/units.js';
import {App} from '../source/ui/app.js';
import type {PollControls} from '../source/ui/commands.js';
import {OVERVIEW_CHROME_LINES} from '../source/ui/overview/model.js';
import {startRig} from './helpers/rig.js';
import {waitForFrame} from './helpers/ui-frames.js';
import {renderSized} from './helpers/ui-render.js';

/** A page of five rows: the split between the page and the rest is the same at any size, and cheaper to poll. */
const ROWS = 12;

test('the UI tells the poller what is on screen: the overview’s page, then the task opened; the rest is polled every 5 minutes', async () => {
	const rig = await startRig({simulator: {extraTasks: 10}, discover: true, interval: 30 * SECOND, budget: 10});
	const told: Array<readonly TaskId[]> = [];
	const poller = rig.poller;
	const controls: PollControls = {
		get paused() {
			return poller.paused;
		},
		pause: () => poller.pause(),
		resume: () => poller.resume(),
		refresh: () => poller.refresh(),
		setWindow: window => poller.setWindow(window),
		setVisible(taskIds) {
			told.push(taskIds);
			poller.setVisible(taskIds);
		},
	};
	const view = renderSized(
		<App store={rig.store} controls={controls} label="DEMO" isDemo failureThreshold={0.01} isColor={false} isAscii={false} now={rig.clock.now} initialScreen="overview" />,
		{columns: 100, rows: ROWS},
	);
	try {
		const page = ROWS - 1 - OVERVIEW_CHROME_LINES;
		await waitForFrame(() => (view.stdin.isRaw && view.stdin.listenerCount('readable') > 0 ? 'raw' : ''), text => text === 'raw');
		await waitForFrame(() => String(told.at(-1)?.length ?? 0), text => text === String(page));
		// By name, so that the page holds the same tasks whatever their figures do.
		const sortedAfter = told.length;
		view.stdin.press('s');
		await waitForFrame(() => String(told.length > sortedAfter), text => text === 'true');
		const toldBefore = told.length;
		// Past the first polls, and the last of those at the interval for tasks on the page before the sort.
		await rig.run(5 * MINUTE);
		const from = rig.clock.now();
		await rig.run(10 * MINUTE);
		// The order by name settles once every task's name is known: on screen is what stayed on the page throughout.
		const pages = told.slice(toldBefore - 1);
		const shown = pages[0]!.filter(taskId => pages.every(each => each.includes(taskId)));
		const never = (taskId: TaskId): boolean => pages.every(each => !each.includes(taskId));
		assert.ok(shown.length === page, `${shown.length} tasks stayed on screen`);
		const counts = new Map<string, number>();
		for (const record of rig.simulator.requests) {
			const taskId = /\/sync-tasks\/([^/]+)\/statistics$/.exec(record.path)?.[1];
			if (taskId !== undefined && record.at >= from) {
				counts.set(taskId, (counts.get(taskId) ?? 0) + 1);
			}
		}

		for (const taskId of rig.store.taskIds()) {
			const polls = counts.get(taskId) ?? 0;
			if (shown.includes(taskId)) {
				assert.ok(polls >= 19 && polls <= 21, `on screen: ${polls} polls in 10 minutes`);
			} else if (never(taskId)) {
				assert.ok(polls >= 2 && polls <= 3, `off screen: ${polls} polls in 10 minutes`);
			}
		}

		view.stdin.press('\r');
		await waitForFrame(() => String(told.at(-1)?.length ?? 0), text => text === '1');
		assert.equal(told.at(-1)![0], pages.at(-1)![0], 'the task opened, alone');
	} finally {
		await view.unmount();
		await rig.close();
	}
});

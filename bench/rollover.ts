import {SECOND} from '../source/domain/units.js';
import {startRig} from '../test/helpers/rig.js';
import {MAX_FPS, mount, unmount} from './helpers/mount.js';
import {sleep, type Figure} from './helpers/stats.js';

const INTERVAL = 5 * SECOND;
/** Polls stepped through: a minute, with a 5-minute bucket boundary in its middle. */
const STEPS = 12;
/** Ink's throttle (1000 / MAX_FPS) and a margin: a step's frame is written by then. */
const SETTLE = 2000 / MAX_FPS;

/**
 * 1, continued. Every 5 minutes a new bucket begins and every chart and trend moves one
 * column: more than the age label changes. The pty runs are too short to meet one, so this
 * steps a fake clock 5 s at a time across a boundary, in-process (10 tasks, 6h window,
 * 120×40, both screens on one store), and compares each step, and the largest, with the
 * first, whole frame. The clock stands still between steps: no age ticks here.
 */
export async function measureRollover(): Promise<Figure[]> {
	const boundary = Date.UTC(2026, 0, 5, 8, 5);
	const rig = await startRig({start: boundary - (STEPS / 2) * INTERVAL + SECOND, interval: INTERVAL, simulator: {extraTasks: 5}});
	const {clock, store} = rig;
	const screens = (['task', 'overview'] as const).map(screen => ({screen, steps: [] as number[], ...mount(store, screen, {maxFps: MAX_FPS, now: clock.now})}));
	try {
		await sleep(SETTLE);
		const full = screens.map(screen => screen.stdout.bytes);
		for (let step = 0; step < STEPS; step++) {
			const before = screens.map(screen => screen.stdout.bytes);
			await rig.run(INTERVAL);
			await sleep(SETTLE);
			screens.forEach((screen, index) => screen.steps.push(screen.stdout.bytes - before[index]!));
		}

		return screens.flatMap(({screen, steps}, index) => {
			const name = `bytes.${screen}.120x40.10-tasks`;
			// The largest step is the one where the viewed charts moved on (the overview's rows move on one by one, as their tasks are polled).
			const largest = Math.max(...steps);
			return [
				{name: `${name}.poll-step`, unit: 'B', samples: steps, per: '5 s steps', ratio: {samples: steps.map(bytes => bytes / full[index]!), of: 'first frame'}},
				{name: `${name}.rollover-step`, unit: 'B', samples: [largest], per: 'largest step', ratio: {samples: [largest / full[index]!], of: 'first frame'}},
			];
		});
	} finally {
		await Promise.all(screens.map(async ({instance}) => unmount(instance)));
		await rig.close();
	}
}

import {HOUR, SECOND} from '../source/domain/units.js';
import {Poller} from '../source/polling/poller.js';
import {SeriesStore} from '../source/series/store.js';
import {startSimulator} from '../source/simulator/index.js';
import {FakeClock} from '../test/helpers/fake-clock.js';
import {MAX_FPS, mount, unmount} from './helpers/mount.js';
import {sleep, type Figure} from './helpers/stats.js';
import {clientOf} from './helpers/store.js';

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
	const clock = new FakeClock(boundary - (STEPS / 2) * INTERVAL + SECOND);
	const simulator = await startSimulator({now: clock.now, extraTasks: 5});
	const client = clientOf(simulator, simulator.url, clock.now);
	const store = new SeriesStore(6 * HOUR, clock.now);
	for (const task of simulator.tasks) {
		store.addTask(task.id);
	}

	let seed = 7;
	const poller = new Poller({
		store,
		clock,
		interval: INTERVAL,
		random: () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647,
		fetchStatistics: async (taskId, start, end, signal) => client.statistics(taskId, start, end, signal),
	});
	poller.start();
	await poller.idle();
	const screens = (['task', 'overview'] as const).map(screen => ({screen, steps: [] as number[], ...mount(store, screen, {maxFps: MAX_FPS, now: clock.now})}));
	try {
		await sleep(SETTLE);
		const full = screens.map(screen => screen.stdout.bytes);
		for (let step = 0; step < STEPS; step++) {
			const before = screens.map(screen => screen.stdout.bytes);
			await clock.runUntil(clock.now() + INTERVAL, async () => poller.idle());
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
		await poller.stop();
		await client.close();
		await simulator.close();
	}
}

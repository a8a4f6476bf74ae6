import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import type {StatisticsAnswer} from '../source/domain/statistics.js';
import {DAY, HOUR, MINUTE, SECOND, type EpochMs, type TaskId} from '../source/domain/units.js';
import {listAllTasks} from '../source/polling/discovery.js';
import {OFF_SCREEN_INTERVAL} from '../source/polling/poller.js';
import {alignDown} from '../source/series/window.js';
import {SeriesStore} from '../source/series/store.js';
import {startSimulator, type Simulator} from '../source/simulator/index.js';
import type {PollControls} from '../source/ui/commands.js';
import {clientFor} from '../test/helpers/connect.js';
import {FakeClock} from '../test/helpers/fake-clock.js';
import type {StoreSource} from '../source/ui/hooks.js';
import {mount, unmount} from './helpers/mount.js';
import {sleep, type Figure} from './helpers/stats.js';

const TASKS = 150;
const SEEDED = 5;
const WINDOW = 6 * HOUR;
/**
 * One step of the simulated week: every task on screen gets the answer of its polls of the
 * step, every other task one each OFF_SCREEN_INTERVAL, then the overview draws once. Omstop
 * draws at most once a second at 5 s; a frame each simulated second would take hours here, so
 * the week is drawn a frame a minute (10,080 frames, each with every text a minute's polls
 * change). Ink's caches are bounded by entries, not frames: more frames would fill them no further.
 */
const STEP = MINUTE;
const DAYS = 7;
const T0: EpochMs = Date.UTC(2026, 0, 5, 8, 2, 30);
const MB = 2 ** 20;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** What a poll of `taskId` from `start` would have received at the simulator's now. */
function answerOf(simulator: Simulator, taskId: TaskId, start: EpochMs, now: EpochMs): StatisticsAnswer {
	const {granularity, series} = simulator.statistics(taskId, start, now, 'FIVE_MINUTES');
	return {taskId, granularity, start, end: now, serverTime: Math.floor(now / SECOND) * SECOND, series};
}

/** 8. The overview of 150 tasks polled at 5 s, drawn over 7 simulated days: the live heap after a full GC at the end of each day. */
export async function measureWeek(): Promise<Figure[]> {
	const clock = new FakeClock(T0);
	const simulator = await startSimulator({now: clock.now, extraTasks: TASKS - SEEDED});
	const store = new SeriesStore({window: WINDOW, now: clock.now});
	const client = clientFor(simulator, {now: clock.now});
	// Names, buckets and statuses as a listing gives them: the rows show them.
	for (const info of await listAllTasks(client, undefined)) {
		store.addTask(info.id);
		store.setInfo(info.id, info);
	}

	await client.close();
	let shown: ReadonlySet<TaskId> = new Set();
	const controls: PollControls = {
		paused: false,
		pause() {},
		resume() {},
		refresh() {},
		setWindow() {},
		setVisible(taskIds) {
			shown = new Set(taskIds);
		},
	};
	let frames = 0;
	// The store as the UI sees it: told of a step's answers once, as omstop draws the polls that
	// land within a second as one frame (interactive.tsx's updateEvery).
	const listeners = new Set<() => void>();
	const source: StoreSource = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => store.getSnapshot(),
	};
	const {instance} = mount(source, 'overview', {maxFps: 1000, now: clock.now, controls}, () => {
		frames++;
	});
	const heap: number[] = [];
	const fetched = new Map<TaskId, EpochMs>();
	const taskIds = store.taskIds();
	try {
		for (const taskId of taskIds) {
			store.applyAnswer(answerOf(simulator, taskId, alignDown(clock.now() - WINDOW, 5 * MINUTE), clock.now()), {phase: 'live'});
			fetched.set(taskId, clock.now());
		}

		await sleep(200);
		const began = performance.now();
		for (let step = 1; step <= (DAYS * DAY) / STEP; step++) {
			clock.set(T0 + step * STEP);
			const now = clock.now();
			const answers = taskIds
				.filter(taskId => shown.has(taskId) || now - fetched.get(taskId)! >= OFF_SCREEN_INTERVAL)
				.map(taskId => answerOf(simulator, taskId, alignDown(fetched.get(taskId)! - 5 * MINUTE, 5 * MINUTE), now));
			for (const answer of answers) {
				store.applyAnswer(answer, {phase: 'live'});
				fetched.set(answer.taskId, now);
			}

			for (const listener of listeners) {
				listener();
			}

			// Ink draws at once (maxFps 1000); a turn of the event loop more lets it write.
			await sleep(1);
			if ((step * STEP) % DAY === 0) {
				collectGarbage();
				heap.push(process.memoryUsage().heapUsed);
				console.log(`# week: day ${heap.length}, live heap ${(heap.at(-1)! / MB).toFixed(1)} MB, ${((performance.now() - began) / 1000).toFixed(0)} s`);
			}
		}
	} finally {
		await unmount(instance);
		await simulator.close();
	}

	const growth = heap.map(bytes => (bytes - heap[0]!) / MB);
	return [
		{name: 'week.overview.150-tasks.5s.live-heap', unit: 'MB', samples: heap.map(bytes => bytes / MB), per: 'days'},
		{name: 'week.overview.150-tasks.5s.growth-from-day-1', unit: 'MB', samples: growth, per: 'days'},
		{name: 'week.overview.150-tasks.5s.frames', unit: 'frames', samples: [frames], per: '(a count)'},
	];
}

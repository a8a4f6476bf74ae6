import type {StatisticsAnswer} from '../source/domain/statistics.js';
import {HOUR, SECOND} from '../source/domain/units.js';
import {incrementalSpans} from '../source/series/window.js';
import type {SeriesStore} from '../source/series/store.js';
import {startSimulator} from '../source/simulator/index.js';
import {MAX_FPS, mount, unmount, type Screen} from './helpers/mount.js';
import {sleep, type Figure} from './helpers/stats.js';
import {filledStore, watchSimulator} from './helpers/store.js';
import {clientFor} from '../test/helpers/connect.js';

const TASKS = 1000;
const SEEDED = 5;
const WARM_UP = 20;
const FRAMES = 200;
/** Answers replayed on the overview: one poll of each of these tasks, in turn. */
const REPLAYED = 50;
const INTERVAL = 5 * SECOND;
const CYCLES = 3;

/**
 * Frames of one screen, one at a time. Each starts from a poll's answer landing in the
 * store and ends once Ink has written it: the store's derivation, React and Ink, all in.
 */
async function frames(store: SeriesStore, answers: readonly StatisticsAnswer[], screen: Screen): Promise<{total: number[]; ink: number[]}> {
	let inkTime = 0;
	let rendered: (() => void) | undefined;
	// Not throttled: every frame is timed.
	const {instance} = mount(store, screen, {maxFps: 1000, now: Date.now}, time => {
		inkTime = time;
		// After the write that follows this call in the same turn.
		if (rendered !== undefined) {
			queueMicrotask(rendered);
		}
	});
	await sleep(300);
	const total: number[] = [];
	const ink: number[] = [];
	for (let frame = 0; frame < WARM_UP + FRAMES; frame++) {
		await sleep(3);
		const done = new Promise<void>(resolve => {
			rendered = resolve;
		});
		const start = performance.now();
		store.applyAnswer(answers[frame % answers.length]!);
		await done;
		rendered = undefined;
		if (frame >= WARM_UP) {
			total.push(performance.now() - start);
			ink.push(inkTime);
		}
	}

	await unmount(instance);
	return {total, ink};
}

/** 5. Render cost per frame with 1000 tasks (6h window), in-process. */
async function frameCosts(): Promise<Figure[]> {
	const simulator = await startSimulator({extraTasks: TASKS - SEEDED});
	const {store, client} = await filledStore(simulator, 6 * HOUR);
	try {
		// Real answers of an incremental poll (from the bucket before the newest to now), replayed.
		const answerOf = async (taskId: string): Promise<StatisticsAnswer> => {
			const [span] = incrementalSpans(Date.now(), store.fetchedThrough(taskId)!)!;
			return client.statistics(taskId, span!.start, span!.end);
		};

		const taskIds = store.taskIds();
		const viewed = [await answerOf(taskIds[0]!)];
		const many = await Promise.all(taskIds.slice(0, REPLAYED).map(answerOf));
		const figures: Figure[] = [];
		for (const [screen, answers] of [
			['task', viewed],
			['overview', many],
		] as const) {
			const result = await frames(store, answers, screen);
			const name = `render.${screen}.${TASKS}-tasks`;
			figures.push(
				{name: `${name}.frame`, unit: 'ms', samples: result.total, per: 'frames'},
				{name: `${name}.ink-part`, unit: 'ms', samples: result.ink, per: 'frames'},
			);
		}

		return figures;
	} finally {
		await client.close();
		await simulator.close();
	}
}

/**
 * How often Ink renders a whole frame while 10 tasks are polled every 5 s, beside how many
 * of those frames had anything to write: both screens at once on one store and poller,
 * throttled as omstop throttles. Each sample is one poll interval.
 */
async function renderRates(): Promise<Figure[]> {
	const simulator = await startSimulator({extraTasks: 10 - SEEDED});
	const client = clientFor(simulator);
	const {store, poller, stop} = watchSimulator(simulator, client, {window: 6 * HOUR, interval: INTERVAL});
	await poller.idle();
	const screens = (['task', 'overview'] as const).map(screen => {
		const counts = {renders: 0, renderCounts: [] as number[], frameCounts: [] as number[]};
		return Object.assign(counts, {screen}, mount(store, screen, {maxFps: MAX_FPS, now: Date.now}, () => counts.renders++));
	});
	try {
		await sleep(2000);
		for (let cycle = 0; cycle < CYCLES; cycle++) {
			const before = screens.map(screen => ({renders: screen.renders, frames: screen.stdout.frames}));
			await sleep(INTERVAL);
			screens.forEach((screen, index) => {
				screen.renderCounts.push(screen.renders - before[index]!.renders);
				screen.frameCounts.push(screen.stdout.frames - before[index]!.frames);
			});
		}
	} finally {
		await Promise.all(screens.map(async screen => unmount(screen.instance)));
		await stop();
		await client.close();
		await simulator.close();
	}

	return screens.flatMap(screen => [
		{name: `render.${screen.screen}.10-tasks.ink-renders`, unit: '/5s', samples: screen.renderCounts, per: 'intervals'},
		{
			name: `render.${screen.screen}.10-tasks.frames-written`,
			unit: '/5s',
			samples: screen.frameCounts,
			per: 'intervals',
			ratio: {samples: screen.frameCounts.map((count, index) => count / screen.renderCounts[index]!), of: 'Ink renders'},
		},
	]);
}

export async function measureRender(): Promise<Figure[]> {
	return [...(await frameCosts()), ...(await renderRates())];
}

import {BUCKET_LENGTH} from '../source/domain/statistics.js';
import {DAY, HOUR, SECOND, type DurationMs} from '../source/domain/units.js';
import {alignDown} from '../source/series/window.js';
import {startRig} from '../test/helpers/rig.js';
import {CountingProxy} from './helpers/counting-proxy.js';
import type {Figure} from './helpers/stats.js';

const INTERVAL = 5 * SECOND;
const EXTRA_TASKS = 5;
/** A fixed start, so that every run sees the same traffic. */
const T0 = Date.UTC(2026, 0, 5, 8, 2, 30);
const KB = 1024;

/**
 * One simulated hour of polling 10 tasks every 5 s on a fake clock, over real HTTP through
 * a relay that counts what the server sends; then, at the hour's end, what one fetch of the
 * whole window costs, which is what every poll would cost if it re-fetched the window.
 */
async function hour(window: DurationMs, label: string): Promise<Figure[]> {
	// Assigned by the rig, which starts the simulator the relay stands in front of.
	let proxy!: CountingProxy;
	const rig = await startRig({
		start: T0,
		window,
		interval: INTERVAL,
		simulator: {extraTasks: EXTRA_TASKS},
		async endpoint(simulator) {
			proxy = await CountingProxy.start(simulator.url);
			return proxy.url;
		},
	});
	const {clock, client, store, poller} = rig;
	try {
		proxy.reset();
		await clock.runUntil(T0 + HOUR, async () => poller.idle());
		const taskIds = store.taskIds();
		const steady = taskIds.map(taskId => proxy.received.get(taskId) ?? 0);
		const polls = taskIds.map(taskId => proxy.requests.get(taskId) ?? 0);
		proxy.reset();
		const now = clock.now();
		for (const taskId of taskIds) {
			await client.statistics(taskId, alignDown(now - window, BUCKET_LENGTH.FIVE_MINUTES), now);
		}

		const refetch = taskIds.map((taskId, index) => (proxy.received.get(taskId) ?? 0) * polls[index]!);
		return [
			{name: `polls.${label}.received`, unit: 'KB/task/h', samples: steady.map(bytes => bytes / KB), per: 'tasks', ratio: {samples: steady.map((bytes, index) => bytes / refetch[index]!), of: 're-fetching the window'}},
			{name: `polls.${label}.refetch-window`, unit: 'KB/task/h', samples: refetch.map(bytes => bytes / KB), per: 'tasks'},
			{name: `polls.${label}.requests`, unit: '/task/h', samples: polls, per: 'tasks'},
		];
	} finally {
		await rig.close();
		await proxy.close();
	}
}

/** 6. Bytes received per task per hour in steady state, 6h and 7d windows. */
export async function measurePolls(): Promise<Figure[]> {
	return [...(await hour(6 * HOUR, '6h')), ...(await hour(7 * DAY, '7d'))];
}

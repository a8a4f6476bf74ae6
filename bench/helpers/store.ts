import type {OmsClient} from '../../source/client/oms-client.js';
import {SECOND, type DurationMs} from '../../source/domain/units.js';
import {systemClock} from '../../source/polling/clock.js';
import {Poller} from '../../source/polling/poller.js';
import {SeriesStore} from '../../source/series/store.js';
import type {Simulator} from '../../source/simulator/index.js';
import {clientFor} from '../../test/helpers/connect.js';

/** A store holding every simulated task's window, backfilled over real HTTP as omstop does it. */
export async function filledStore(simulator: Simulator, window: DurationMs): Promise<{store: SeriesStore; client: OmsClient; poller: Poller}> {
	const client = clientFor(simulator);
	const store = new SeriesStore({window, now: Date.now});
	for (const task of simulator.tasks) {
		store.addTask(task.id);
	}

	const poller = new Poller({
		store,
		clock: systemClock,
		interval: 30 * SECOND,
		fetchStatistics: async (taskId, start, end, signal) => client.statistics(taskId, start, end, signal),
	});
	poller.start();
	await poller.idle();
	// Polling stops here: what is measured next is the store as the backfill left it.
	await poller.stop();
	return {store, client, poller};
}

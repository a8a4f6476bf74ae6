import type {OmsClient} from '../../source/client/oms-client.js';
import {SECOND, type DurationMs} from '../../source/domain/units.js';
import {startWatch, type Watch} from '../../source/modes/watch.js';
import {systemClock} from '../../source/polling/clock.js';
import type {SeriesStore} from '../../source/series/store.js';
import type {Simulator} from '../../source/simulator/index.js';
import {clientFor} from '../../test/helpers/connect.js';

/** Every simulated task polled over real HTTP as omstop polls them; discovery is left out (no listing, no details calls). */
export function watchSimulator(simulator: Simulator, client: OmsClient, options: {window: DurationMs; interval: DurationMs}): Watch {
	const taskIds = simulator.tasks.map(task => task.id);
	return startWatch({config: {...options, taskIds, status: undefined}, client, clock: systemClock, discoverAtStart: false});
}

/** A store holding every simulated task's window, backfilled over real HTTP as omstop does it. */
export async function filledStore(simulator: Simulator, window: DurationMs): Promise<{store: SeriesStore; client: OmsClient}> {
	const client = clientFor(simulator);
	const watch = watchSimulator(simulator, client, {window, interval: 30 * SECOND});
	await watch.poller.idle();
	// Polling stops here: what is measured next is the store as the backfill left it.
	await watch.stop();
	return {store: watch.store, client};
}

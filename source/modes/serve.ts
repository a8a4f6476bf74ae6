import type {OmsClient} from '../client/oms-client.js';
import type {Config} from '../config/config.js';
import type {EpochMs} from '../domain/units.js';
import type {Clock} from '../polling/clock.js';
import {PollErrorTally} from '../serve/poll-errors.js';
import {exposition, startMetricsServer} from '../serve/server.js';
import {exitCodeFor, type StopSignal} from './stop-signals.js';
import {startWatch} from './watch.js';

export type ServeTarget = {
	readonly client: OmsClient;
	readonly projectId: string;
	/** The context label: the region, or the endpoint's host, or DEMO. */
	readonly label: string;
};

export type ServeIo = {
	readonly stderr: NodeJS.WritableStream;
	readonly now: () => EpochMs;
	readonly clock: Clock;
	/** Resolves with the signal that ends serving. */
	readonly untilStopped: () => Promise<StopSignal>;
	/** Told the address once it is bound (tests listen on port 0). */
	readonly onListening?: (url: string) => void;
};

/**
 * `omstop serve`: the monitor's poller and discovery with no terminal, and /metrics for
 * Prometheus. Discovery also asks for every task's details, for the month counters.
 */
export async function runServe(config: Config, target: ServeTarget, io: ServeIo): Promise<number> {
	const watch = startWatch(config, target.client, io.clock);
	const tally = new PollErrorTally(watch.store);
	try {
		const metrics = exposition(() => ({
			now: io.now(),
			contexts: [
				{
					context: target.label.toLowerCase(),
					projectId: target.projectId,
					snapshot: watch.store.getSnapshot(),
					pollErrors: tally.counts,
					failureThreshold: config.failureThreshold,
				},
			],
		}));
		const server = await startMetricsServer(config.listen, metrics);
		try {
			io.stderr.write(`omstop: serving Prometheus metrics on ${server.url}/metrics\n`);
			io.onListening?.(server.url);
			return exitCodeFor(await io.untilStopped());
		} finally {
			await server.close();
		}
	} finally {
		tally.stop();
		await watch.stop();
	}
}

import type {OmsClient} from '../client/oms-client.js';
import type {Config} from '../config/config.js';
import type {EpochMs} from '../domain/units.js';
import type {Clock} from '../polling/clock.js';
import type {Renewal} from '../polling/credentials-hold.js';
import {PollErrorTally} from '../serve/poll-errors.js';
import {exposition, startMetricsServer} from '../serve/server.js';
import {exitCodeFor, type StopSignal} from './stop-signals.js';
import {RequestBudget} from '../polling/request-budget.js';
import {startWatch} from './watch.js';

export type ServeTarget = {
	readonly client: OmsClient;
	readonly projectId: string;
	/** The context's name (the `context` label): from the config file, or the region, the endpoint's host, or demo. */
	readonly name: string;
	/** What to watch in this context. */
	readonly watch: Pick<Config, 'window' | 'interval' | 'taskIds' | 'status'>;
	/** Credentials that may be renewed while serving. */
	readonly credentials?: Renewal;
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
export async function runServe(config: Config, targets: readonly ServeTarget[], io: ServeIo): Promise<number> {
	// Each context polls on its own: its own hold, discovery and tally; all take from one budget.
	const budget = new RequestBudget({clock: io.clock, perSecond: config.maxRequestsPerSecond});
	const watched = targets.map(target => {
		const watch = startWatch({config: target.watch, client: target.client, clock: io.clock, budget, ...(target.credentials === undefined ? {} : {credentials: target.credentials})});
		return {target, watch, tally: new PollErrorTally(watch.store)};
	});
	try {
		const metrics = exposition(() => ({
			now: io.now(),
			contexts: watched.map(({target, watch, tally}) => ({
				context: target.name,
				projectId: target.projectId,
				snapshot: watch.store.getSnapshot(),
				pollErrors: tally.counts,
				failureThreshold: config.failureThreshold,
				stallAfter: config.stallAfter,
			})),
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
		await Promise.all(
			watched.map(async ({watch, tally}) => {
				tally.stop();
				await watch.stop();
			}),
		);
	}
}

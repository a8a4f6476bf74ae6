import {readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import type {Readable, Writable} from 'node:stream';
import {authenticator} from './auth/authenticate.js';
import {resolveCredentials, readProfile, secretsOf, type Credentials} from './auth/credentials.js';
import {OmsClient} from './client/oms-client.js';
import {readConfig, type Config, type Environment} from './config/config.js';
import {HELP} from './config/help.js';
import {readVersion} from './config/version.js';
import {ConfigError, OmstopError} from './domain/errors.js';
import {SECOND, type DurationMs, type EpochMs, type TaskId} from './domain/units.js';
import {neverShow} from './format/sanitize.js';
import {runInteractive} from './modes/interactive.js';
import {printLines} from './modes/lines.js';
import {fetchOnce} from './modes/once.js';
import {streamJson} from './modes/json-stream.js';
import {runServe} from './modes/serve.js';
import {exitCodeFor, onStopSignal, type StopSignal} from './modes/stop-signals.js';
import {startWatch} from './modes/watch.js';
import {renderJson, renderText} from './output/once-report.js';
import {systemClock, type Clock} from './polling/clock.js';
import {listAllTasks} from './polling/discovery.js';
import type {SeriesStore} from './series/store.js';
import {startFaultTour} from './simulator/fault-tour.js';
import {startSimulator} from './simulator/index.js';

export type Io = {
	readonly stdout: Writable & {isTTY?: boolean};
	readonly stderr: Writable;
	readonly stdin: Readable & {isTTY?: boolean};
	/** The wall clock; tests fix it. */
	readonly now: () => EpochMs;
	/** What polling runs on; tests step a fake one. Default: the system's. */
	readonly clock?: Clock;
	/** In serve mode: told the metrics address once it is bound. */
	readonly onListening?: (url: string) => void;
};

export const EXIT = {ok: 0, someFailed: 1, usage: 2} as const;

/** What the monitor and one-shot modes talk to: the real API, or the simulator in demo mode. */
type Target = {
	readonly client: OmsClient;
	readonly projectId: string;
	readonly label: string;
	/** Lets go of the connections, and in demo mode of the simulator. */
	close(): Promise<void>;
};

/** How often --demo-faults spoils a few polls of one task. */
const DEMO_FAULT_EVERY: DurationMs = 45 * SECOND;

async function connect(config: Config, env: Environment, io: Io): Promise<Target> {
	const userAgent = `omstop/${readVersion()}`;
	if (config.demo) {
		const simulator = await startSimulator({now: io.now});
		const credentials: Credentials = {kind: 'token', token: simulator.token, source: 'the demo simulator'};
		const client = new OmsClient({
			endpoint: new URL(simulator.url),
			projectId: simulator.projectId,
			authenticate: authenticator(credentials),
			userAgent,
			now: io.now,
		});
		const endTour = config.demoFaults ? startFaultTour(simulator, systemClock, DEMO_FAULT_EVERY) : undefined;
		return {
			client,
			projectId: simulator.projectId,
			label: 'DEMO',
			async close() {
				endTour?.();
				await client.close();
				await simulator.close();
			},
		};
	}

	const inputs = {
		env,
		homeDirectory: homedir(),
		readFile: async (path: string) => readFile(path, 'utf8'),
		statFile: async (path: string) => stat(path),
		...(config.tokenFile === undefined ? {} : {tokenFile: config.tokenFile}),
	};
	const {credentials, warnings} = await resolveCredentials(inputs);
	for (const secret of secretsOf(credentials)) {
		neverShow(secret);
	}

	for (const warning of warnings) {
		io.stderr.write(`omstop: ${warning}\n`);
	}

	io.stderr.write(`omstop: using credentials from ${credentials.source}\n`);
	const projectId = config.projectId ?? (await readProfile(inputs))?.projectId;
	if (projectId === undefined) {
		throw new ConfigError(
			'No project id',
			'Give --project-id, set HUAWEICLOUD_SDK_PROJECT_ID, or add project_id to the [basic] section of ~/.huaweicloud/credentials. The console shows it under My Credentials → API Credentials.',
		);
	}

	const client = new OmsClient({endpoint: config.endpoint!, projectId, authenticate: authenticator(credentials), userAgent, now: io.now});
	return {client, projectId, label: config.region ?? config.endpoint!.host, close: async () => client.close()};
}

/** The ids given, or else every task in the project (filtered by --status). */
async function taskIdsFor(config: Config, target: Target): Promise<readonly TaskId[]> {
	if (config.taskIds.length > 0) {
		return config.taskIds;
	}

	try {
		return (await listAllTasks(target.client, config.status)).map(task => task.id);
	} catch (error) {
		if (error instanceof OmstopError && error.code === 'forbidden') {
			throw new ConfigError(
				'Listing sync tasks is not permitted for these credentials (oms:synctask:list is missing)',
				'Name the tasks to watch: omstop [options] TASK_ID [TASK_ID...], or grant oms:synctask:list.',
			);
		}

		throw error;
	}
}

async function runOnce(config: Config, target: Target, io: Io): Promise<number> {
	const report = await fetchOnce({
		taskIds: await taskIdsFor(config, target),
		window: config.window,
		now: io.now,
		serverNow: () => target.client.serverClock.now(),
		fetchStatistics: async (taskId, start, end, signal) => target.client.statistics(taskId, start, end, signal),
	});
	io.stdout.write(config.json ? renderJson(report) : renderText(report));
	return report.results.some(result => result.error !== undefined) ? EXIT.someFailed : EXIT.ok;
}

async function runMonitor(config: Config, target: Target, io: Io): Promise<number> {
	const {store, poller, discovery, stop} = startWatch(config, target.client, io.clock ?? systemClock);
	let signal: StopSignal | undefined;
	try {
		if (config.json || io.stdout.isTTY !== true) {
			const unsubscribe = config.json
				? streamJson(store, io.stdout, {interval: config.interval, now: io.now})
				: printLinesInstead(store, io);
			signal = await untilStopSignal();
			unsubscribe();
		} else {
			signal = await runInteractive({
				store,
				poller,
				config,
				label: target.label,
				demo: config.demo,
				stdout: io.stdout as NodeJS.WriteStream,
				stdin: io.stdin as NodeJS.ReadStream,
				stderr: io.stderr as NodeJS.WriteStream,
				now: io.now,
				// One task named: its screen; otherwise every task at a glance.
				initialScreen: config.taskIds.length === 1 ? 'task' : 'overview',
				onOpenTask: taskId => void discovery.details(taskId),
			});
		}
	} finally {
		await stop();
	}

	return signal === undefined ? EXIT.ok : exitCodeFor(signal);
}

function printLinesInstead(store: SeriesStore, io: Io): () => void {
	io.stderr.write('omstop: stdout is not a terminal, printing a line per task at each poll (omstop --once prints one table, omstop --json a JSON document per poll cycle)\n');
	return printLines(store, io.stdout, io.now);
}

async function untilStopSignal(): Promise<StopSignal> {
	return new Promise(resolve => {
		onStopSignal(resolve);
	});
}

function reportError(error: unknown, io: Io): number {
	if (error instanceof OmstopError) {
		io.stderr.write(`omstop: ${error.message}\n  ${error.hint}\n`);
		return error instanceof ConfigError ? EXIT.usage : EXIT.someFailed;
	}

	throw error;
}

export async function main(argv: readonly string[], env: Environment, io: Io): Promise<number> {
	let config: Config;
	try {
		config = readConfig(argv, env);
	} catch (error) {
		return reportError(error, io);
	}

	if (config.mode === 'help') {
		io.stdout.write(HELP);
		return EXIT.ok;
	}

	if (config.mode === 'version') {
		io.stdout.write(`omstop ${readVersion()}\n`);
		return EXIT.ok;
	}

	for (const warning of config.warnings) {
		io.stderr.write(`omstop: ${warning}\n`);
	}

	let target: Target | undefined;
	try {
		target = await connect(config, env, io);
		if (config.mode === 'serve') {
			return await runServe(config, target, {...io, clock: io.clock ?? systemClock, untilStopped: untilStopSignal});
		}

		return config.mode === 'once' ? await runOnce(config, target, io) : await runMonitor(config, target, io);
	} catch (error) {
		return reportError(error, io);
	} finally {
		await target?.close();
	}
}

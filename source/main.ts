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
import {exitCodeFor, onStopSignal, type StopSignal} from './modes/stop-signals.js';
import {renderJson, renderText} from './output/once-report.js';
import {systemClock} from './polling/clock.js';
import {Discovery, listAllTasks} from './polling/discovery.js';
import {Poller} from './polling/poller.js';
import {SeriesStore} from './series/store.js';
import {startFaultTour} from './simulator/fault-tour.js';
import {startSimulator} from './simulator/index.js';

export type Io = {
	readonly stdout: Writable & {isTTY?: boolean};
	readonly stderr: Writable;
	readonly stdin: Readable & {isTTY?: boolean};
	/** The wall clock; tests fix it. */
	readonly now: () => EpochMs;
};

export const EXIT = {ok: 0, someFailed: 1, usage: 2} as const;

/** What the monitor and one-shot modes talk to: the real API, or the simulator in demo mode. */
type Target = {
	readonly client: OmsClient;
	readonly label: string;
	/** Where the credentials came from; undefined in demo mode. */
	readonly credentials?: string;
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
			authenticate: authenticator(credentials, io.now),
			userAgent,
			now: io.now,
		});
		const endTour = config.demoFaults ? startFaultTour(simulator, systemClock, DEMO_FAULT_EVERY) : undefined;
		return {
			client,
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

	// A screen says it in its header: a line above the screen would stay there.
	if (!drawsScreen(config, io)) {
		io.stderr.write(`omstop: using credentials from ${credentials.source}\n`);
	}

	const projectId = config.projectId ?? (await readProfile(inputs))?.projectId;
	if (projectId === undefined) {
		throw new ConfigError(
			'No project id',
			'Give --project-id, set HUAWEICLOUD_SDK_PROJECT_ID, or add project_id to the [basic] section of ~/.huaweicloud/credentials. The console shows it under My Credentials → API Credentials.',
		);
	}

	const client = new OmsClient({endpoint: config.endpoint!, projectId, authenticate: authenticator(credentials, io.now), userAgent, now: io.now});
	return {client, label: config.region ?? config.endpoint!.host, credentials: credentials.source, close: async () => client.close()};
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
		fetchStatistics: async (taskId, start, end, signal) => target.client.statistics(taskId, start, end, signal),
	});
	io.stdout.write(config.json ? renderJson(report) : renderText(report));
	return report.results.some(result => result.error !== undefined) ? EXIT.someFailed : EXIT.ok;
}

async function runMonitor(config: Config, target: Target, io: Io): Promise<number> {
	const store = new SeriesStore(config.window, io.now);
	for (const taskId of config.taskIds) {
		store.addTask(taskId);
	}

	const poller = new Poller({
		store,
		clock: systemClock,
		interval: config.interval,
		fetchStatistics: async (taskId, start, end, signal) => target.client.statistics(taskId, start, end, signal),
	});
	const discovery = new Discovery({
		catalog: target.client,
		store,
		watchlist: poller,
		clock: systemClock,
		taskIds: config.taskIds,
		...(config.status === undefined ? {} : {status: config.status}),
	});
	poller.start();
	void discovery.refresh();
	let signal: StopSignal | undefined;
	try {
		if (drawsScreen(config, io)) {
			signal = await runInteractive({
				store,
				poller,
				config,
				label: target.label,
				...(target.credentials === undefined ? {} : {credentials: target.credentials}),
				demo: config.demo,
				stdout: io.stdout as NodeJS.WriteStream,
				stdin: io.stdin as NodeJS.ReadStream,
				stderr: io.stderr as NodeJS.WriteStream,
				now: io.now,
				// One task named: its screen; otherwise every task at a glance.
				initialScreen: config.taskIds.length === 1 ? 'task' : 'overview',
				onOpenTask: taskId => void discovery.details(taskId),
			});
		} else {
			const why = io.stdout.isTTY === true ? 'the terminal is dumb (TERM=dumb)' : 'stdout is not a terminal';
			io.stderr.write(`omstop: ${why}, printing a line per task at each poll (omstop --once prints one table)\n`);
			const unsubscribe = printLines(store, io.stdout, io.now);
			signal = await untilStopSignal();
			unsubscribe();
		}
	} finally {
		await discovery.stop();
		await poller.stop();
	}

	return signal === undefined ? EXIT.ok : exitCodeFor(signal);
}

/** The monitor draws a screen on a terminal that can move its cursor; elsewhere it prints lines. */
function drawsScreen(config: Config, io: Io): boolean {
	return config.mode === 'monitor' && io.stdout.isTTY === true && !config.terminal.isDumb;
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
		return config.mode === 'once' ? await runOnce(config, target, io) : await runMonitor(config, target, io);
	} catch (error) {
		return reportError(error, io);
	} finally {
		await target?.close();
	}
}

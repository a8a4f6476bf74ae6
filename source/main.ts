import {readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import type {Readable, Writable} from 'node:stream';
import {authenticator} from './auth/authenticate.js';
import {metadataBase, openCredentials} from './auth/chain.js';
import {readProfile, type Credentials} from './auth/credentials.js';
import {iamEndpoint, lookUpProjectId} from './auth/project-id.js';
import {fixedProvider, type CredentialProvider} from './auth/provider.js';
import {OmsClient} from './client/oms-client.js';
import {readConfig, type Config, type Environment} from './config/config.js';
import {HELP} from './config/help.js';
import {readVersion} from './config/version.js';
import {ConfigError, OmstopError} from './domain/errors.js';
import {SECOND, type DurationMs, type EpochMs, type TaskId} from './domain/units.js';
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
	readonly credentials: CredentialProvider;
	/** Lets go of the connections, and in demo mode of the simulator. */
	close(): Promise<void>;
};

/** How often --demo-faults spoils a few polls of one task. */
const DEMO_FAULT_EVERY: DurationMs = 45 * SECOND;

async function connect(config: Config, env: Environment, io: Io): Promise<Target> {
	const userAgent = `omstop/${readVersion()}`;
	if (config.demo) {
		const simulator = await startSimulator({now: io.now, extraTasks: config.demoTasks - 5});
		const token: Credentials = {kind: 'token', token: simulator.token, source: 'the demo simulator'};
		const credentials = fixedProvider(token, {hint: 'The demo simulator accepts its own token only.'});
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
			credentials,
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
		metadata: {base: metadataBase(env), now: io.now, userAgent},
	};
	// Every credential it takes into use, now or later, is a secret that sanitize() blanks out.
	const {provider, warnings} = await openCredentials(inputs);
	for (const warning of warnings) {
		io.stderr.write(`omstop: ${warning}\n`);
	}

	// A screen says it in its header: a line above the screen would stay there.
	const say = (text: string): void => {
		if (!drawsScreen(config, io)) {
			io.stderr.write(`omstop: ${text}\n`);
		}
	};

	say(`using credentials from ${provider.source}`);
	const authenticate = authenticator(provider);
	let projectId: string | undefined;
	try {
		projectId = config.projectId ?? (await readProfile(inputs))?.projectId;
		if (projectId === undefined && config.region !== undefined) {
			// As the SDKs do: the project named after the region.
			projectId = await lookUpProjectId({region: config.region, iam: iamEndpoint(config.region, env), authenticate, userAgent, now: io.now});
			say(`using project ${projectId}, the one IAM lists for ${config.region}`);
		}
	} catch (error) {
		await provider.close();
		throw error;
	}

	if (projectId === undefined) {
		await provider.close();
		throw new ConfigError(
			'No project id',
			'Give --project-id, set HUAWEICLOUD_SDK_PROJECT_ID, or add project_id to the [basic] section of ~/.huaweicloud/credentials; with --region instead of --endpoint omstop looks it up in IAM. The console shows it under My Credentials → API Credentials.',
		);
	}

	const client = new OmsClient({endpoint: config.endpoint!, projectId, authenticate, userAgent, now: io.now});
	return {
		client,
		projectId,
		label: config.region ?? config.endpoint!.host,
		credentials: provider,
		async close() {
			await client.close();
			await provider.close();
		},
	};
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
	const {store, poller, discovery, stop} = startWatch(config, target.client, io.clock ?? systemClock, target.credentials);
	let signal: StopSignal | undefined;
	try {
		if (drawsScreen(config, io)) {
			signal = await runInteractive({
				store,
				poller,
				config,
				label: target.label,
				emptyText: `no sync tasks in project ${target.projectId} (${target.label})${config.status === undefined ? '' : ` with status ${config.status}: --status hides the others`}`,
				...(config.demo ? {} : {credentials: target.credentials.source}),
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
			const unsubscribe = config.json ? streamJson(store, io.stdout, {interval: config.interval, now: io.now}) : printLinesInstead(store, io);
			signal = await untilStopSignal();
			unsubscribe();
		}
	} finally {
		await stop();
	}

	return signal === undefined ? EXIT.ok : exitCodeFor(signal);
}

function printLinesInstead(store: SeriesStore, io: Io): () => void {
	const why = io.stdout.isTTY === true ? 'the terminal is dumb (TERM=dumb)' : 'stdout is not a terminal';
	io.stderr.write(`omstop: ${why}, printing a line per task at each poll (omstop --once prints one table, omstop --json a JSON document per poll cycle)\n`);
	return printLines(store, io.stdout, io.now);
}

/** The monitor draws a screen on a terminal that can move its cursor; elsewhere it prints lines (or JSON with --json). */
function drawsScreen(config: Config, io: Io): boolean {
	return config.mode === 'monitor' && !config.json && io.stdout.isTTY === true && !config.terminal.isDumb;
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

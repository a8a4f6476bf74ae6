import {readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import type {Readable, Writable} from 'node:stream';
import {authenticator} from './auth/authenticate.js';
import {metadataBase} from './auth/chain.js';
import {openContextCredentials} from './auth/context-credentials.js';
import {readProfile, type Credentials} from './auth/credentials.js';
import {iamEndpoint, lookUpProjectId} from './auth/project-id.js';
import {fixedProvider, type CredentialProvider} from './auth/provider.js';
import {OmsClient} from './client/oms-client.js';
import {readConfig, type Config, type Environment} from './config/config.js';
import {selectContexts, type Context} from './config/contexts.js';
import {HELP} from './config/help.js';
import {readVersion} from './config/version.js';
import {ConfigError, OmstopError} from './domain/errors.js';
import type {TaskInfo} from './domain/task-info.js';
import {SECOND, type DurationMs, type EpochMs, type TaskId} from './domain/units.js';
import {runInteractive} from './modes/interactive.js';
import {printLines} from './modes/lines.js';
import {fetchOnce} from './modes/once.js';
import {streamJson} from './modes/json-stream.js';
import {runServe} from './modes/serve.js';
import {exitCodeFor, onStopSignal, untilStop, type StopSignal, type StopSource} from './modes/stop-signals.js';
import {startWatch} from './modes/watch.js';
import {ContextsView} from './contexts/contexts-view.js';
import type {AppProps} from './ui/app.js';
import {rememberedUi, rememberedWindow} from './state/remembered.js';
import {defaultStatePath, StateFile, viewKey, type ViewState} from './state/state-file.js';
import {renderJson, renderText} from './output/once-report.js';
import {systemClock, type Clock} from './polling/clock.js';
import {RequestBudget} from './polling/request-budget.js';
import {listAllTasks} from './polling/discovery.js';
import type {SeriesStore} from './series/store.js';
import type {TroubleRules} from './series/trouble.js';
import {startFaultTour} from './simulator/fault-tour.js';
import {startSimulator} from './simulator/index.js';

export type Io = {
	readonly stdout: Writable & {isTTY?: boolean};
	readonly stderr: Writable;
	readonly stdin: Readable & {isTTY?: boolean};
	/** The wall clock; tests fix it. */
	readonly now: () => EpochMs;
	/** What polling and the demo's fault tour run on; tests step a fake one. Default: the system's. */
	readonly clock?: Clock;
	/** What ends the monitor, the stream and serve; tests stop main without a signal. Default: the process's stop signals. */
	readonly onStop?: StopSource;
	/** In serve mode: told the metrics address once it is bound. */
	readonly onListening?: (url: string) => void;
};

export const EXIT = {ok: 0, someFailed: 1, usage: 2} as const;

/** What the monitor and one-shot modes talk to: the real API, or the simulator in demo mode. */
type Target = {
	readonly context: Context;
	readonly client: OmsClient;
	readonly projectId: string;
	readonly label: string;
	readonly credentials: CredentialProvider;
	/** Lets go of the connections, and in demo mode of the simulator. */
	close(): Promise<void>;
};

/** How often --demo-faults spoils a few polls of one task. */
const DEMO_FAULT_EVERY: DurationMs = 45 * SECOND;

/**
 * A context's client, over its own credentials provider. `say` writes a line to stderr,
 * naming the context when there are several.
 */
async function connect(context: Context, config: Config, env: Environment, io: Io, say: (line: string) => void): Promise<Target> {
	const userAgent = `omstop/${readVersion()}`;
	if (context.demo) {
		const simulator = await startSimulator({now: io.now, extraTasks: context.demoTasks - 5});
		const token: Credentials = {kind: 'token', token: simulator.token, source: 'the demo simulator'};
		const credentials = fixedProvider(token, {hint: 'The demo simulator accepts its own token only.'});
		const client = new OmsClient({
			endpoint: new URL(simulator.url),
			projectId: simulator.projectId,
			authenticate: authenticator(credentials),
			userAgent,
			now: io.now,
		});
		const endTour = context.demoFaults ? startFaultTour(simulator, pollingClock(io), DEMO_FAULT_EVERY) : undefined;
		return {
			context,
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
		...(context.credentials.kind === 'chain' && config.tokenFile !== undefined ? {tokenFile: config.tokenFile} : {}),
		metadata: {base: metadataBase(env), now: io.now, userAgent},
	};
	// Every credential it takes into use, now or later, is a secret that sanitize() blanks out.
	const {provider, warnings, inputs: read} = await openContextCredentials(context.credentials, context.name, inputs);
	for (const warning of warnings) {
		io.stderr.write(`omstop: ${warning}\n`);
	}

	say(`using credentials from ${provider.source}`);
	const authenticate = authenticator(provider);
	let projectId: string | undefined;
	try {
		// The profile file's project_id goes with its keys, or with the default order of sources.
		const profile = context.credentials.kind === 'chain' || context.credentials.kind === 'profile';
		projectId = context.projectId ?? (profile ? (await readProfile(read))?.projectId : undefined);
		if (projectId === undefined && context.region !== undefined) {
			// As the SDKs do: the project named after the region.
			projectId = await lookUpProjectId({region: context.region, iam: iamEndpoint(context.region, env), authenticate, userAgent, now: io.now});
			say(`using project ${projectId}, the one IAM lists for ${context.region}`);
		}
	} catch (error) {
		await provider.close();
		throw error;
	}

	if (projectId === undefined) {
		await provider.close();
		throw new ConfigError(
			'No project id',
			'Give --project-id, set HUAWEICLOUD_SDK_PROJECT_ID, or add project_id to the [basic] section of ~/.huaweicloud/credentials (or to the context in the config file); with --region instead of --endpoint omstop looks it up in IAM. The console shows it under My Credentials → API Credentials.',
		);
	}

	const client = new OmsClient({endpoint: context.endpoint, projectId, authenticate, userAgent, now: io.now});
	return {
		context,
		client,
		projectId,
		label: context.label,
		credentials: provider,
		async close() {
			await client.close();
			await provider.close();
		},
	};
}

/**
 * Every context's client, connected side by side. With several contexts one that cannot
 * connect is named on stderr and left out, so that it does not keep the others from
 * running; with one (or when none connects) its error is omstop's.
 */
async function connectAll(contexts: readonly Context[], config: Config, env: Environment, io: Io): Promise<Target[]> {
	const several = contexts.length > 1;
	const settled = await Promise.allSettled(
		contexts.map(async context =>
			connect(context, config, env, io, line => {
				// A screen says it in its header: a line above the screen would stay there.
				if (!drawsScreen(config, io)) {
					io.stderr.write(`omstop: ${several ? `${context.name}: ` : ''}${line}\n`);
				}
			}),
		),
	);
	const targets = settled.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []));
	const failures = settled.flatMap(result => (result.status === 'rejected' ? [result.reason as unknown] : []));
	if (targets.length === 0 || (failures.length > 0 && !failures.every(error => error instanceof OmstopError))) {
		await Promise.all(targets.map(async target => target.close()));
		throw failures[0];
	}

	for (const [index, result] of settled.entries()) {
		if (result.status === 'rejected') {
			const error = result.reason as OmstopError;
			io.stderr.write(`omstop: context ${contexts[index]!.name} left out: ${error.message}\n  ${error.hint}\n`);
		}
	}

	return targets;
}

/** The ids given, or else every task in the project (filtered by --status), with what the listing said of each. */
async function tasksFor(target: Target): Promise<{taskIds: readonly TaskId[]; listed: readonly TaskInfo[]}> {
	const {context} = target;
	if (context.taskIds.length > 0) {
		return {taskIds: context.taskIds, listed: []};
	}

	try {
		const listed = await listAllTasks(target.client, context.status);
		return {taskIds: listed.map(task => task.id), listed};
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

/** Every context's tasks once, side by side; a context that cannot list its tasks is named and the others still printed. */
async function runOnce(config: Config, targets: readonly Target[], io: Io): Promise<number> {
	let failed = false;
	const reports = await Promise.all(
		targets.map(async target => {
			try {
				const report = await fetchOnce({
					...(await tasksFor(target)),
					window: config.window,
					now: io.now,
					serverNow: () => target.client.serverClock.now(),
					fetchStatistics: async (taskId, start, end, signal) => target.client.statistics(taskId, start, end, signal),
				});
				return {...report, results: report.results.map(result => ({...result, context: target.context.name}))};
			} catch (error) {
				if (targets.length === 1 || !(error instanceof OmstopError)) {
					throw error;
				}

				failed = true;
				io.stderr.write(`omstop: ${target.context.name}: ${error.message}\n  ${error.hint}\n`);
				return undefined;
			}
		}),
	);
	const answered = reports.filter(report => report !== undefined);
	const now = io.now();
	const report = {
		generatedAt: now,
		// Each context's window is its server's: the document's spans them all.
		start: Math.min(now, ...answered.map(each => each.start)),
		end: answered.length === 0 ? now : Math.max(...answered.map(each => each.end)),
		results: answered.flatMap(each => each.results),
		failureThreshold: config.failureThreshold,
		stallAfter: config.stallAfter,
	};
	io.stdout.write(config.json ? renderJson(report) : renderText(report));
	return failed || report.results.some(result => result.error !== undefined) ? EXIT.someFailed : EXIT.ok;
}

/** The remembered view of these contexts, unless --no-state; the state file is not read for the stream or plain lines. */
async function rememberedState(config: Config, env: Environment, io: Io, names: readonly string[]): Promise<{state: StateFile | undefined; view: ViewState}> {
	if (!config.remember || config.json || io.stdout.isTTY !== true) {
		return {state: undefined, view: {}};
	}

	const state = await StateFile.open({
		path: defaultStatePath(env, env['HOME'] || homedir()),
		now: io.now,
		warn: line => io.stderr.write(`omstop: ${line}\n`),
	});
	return {state, view: state.view(viewKey(names))};
}

/** What the overview says when no context has a task: which projects, and what --status hid. */
function emptyText(targets: readonly Target[]): string {
	const where = targets.map(target => `project ${target.projectId} (${target.label})`).join(', ');
	const status = targets.map(target => target.context.status).find(each => each !== undefined);
	return `no sync tasks in ${where}${status === undefined ? '' : ` with status ${status}: --status hides the others`}`;
}

/** Remembers the view under the contexts shown, from its first change on (a start with nothing changed writes nothing). */
function rememberChanges(state: StateFile, view: ContextsView): NonNullable<AppProps['onViewChange']> {
	let initial = true;
	return ({selected, ...changed}) => {
		if (initial) {
			initial = false;
			return;
		}

		state.update(viewKey(view.shown), {...changed, ...(selected === undefined ? {} : {selected})});
	};
}

async function runMonitor(config: Config, env: Environment, targets: readonly Target[], io: Io): Promise<number> {
	const clock = pollingClock(io);
	const names = targets.map(target => target.context.name);
	const {state, view: saved} = await rememberedState(config, env, io, names);
	// --window given wins over the remembered one.
	const window = config.windowGiven ? config.window : rememberedWindow(saved) ?? config.window;
	// One budget for the whole process, whatever the number of contexts.
	const budget = new RequestBudget({clock, perSecond: config.maxRequestsPerSecond});
	const watches = targets.map(target => ({target, ...startWatch({config: {...config, window, ...target.context}, client: target.client, clock, budget, credentials: target.credentials})}));
	let signal: StopSignal | undefined;
	try {
		if (drawsScreen(config, io)) {
			const view = new ContextsView(watches.map(({target, store, poller}) => ({...target.context, store, controls: poller})));
			const discoveries = new Map(watches.map(({target, discovery}) => [target.context.name, discovery]));
			signal = await runInteractive({
				store: view,
				poller: view,
				...(targets.length > 1 ? {contexts: view} : {}),
				config,
				label: targets.map(target => target.label).join(', '),
				emptyText: emptyText(targets),
				...(config.demo ? {} : {credentials: targets.map(target => target.credentials.source).join('; ')}),
				demo: config.demo,
				stdout: io.stdout as NodeJS.WriteStream,
				stdin: io.stdin as NodeJS.ReadStream,
				stderr: io.stderr as NodeJS.WriteStream,
				now: io.now,
				onStop: stopSource(io),
				// One task named: its screen; otherwise every task at a glance.
				initialScreen: targets.length === 1 && targets[0]!.context.taskIds.length === 1 ? 'task' : 'overview',
				onOpenTask: taskId => void discoveries.get(view.contextOf(taskId)?.name ?? '')?.details(taskId),
				initialView: rememberedUi(saved),
				...(state === undefined ? {} : {onViewChange: rememberChanges(state, view)}),
			});
		} else {
			const unsubscribe = config.json
				? streamJson(watches.map(({target, store}) => ({context: target.context.name, store, interval: target.context.interval})), io.stdout, {now: io.now, failureThreshold: config.failureThreshold, stallAfter: config.stallAfter})
				: printLinesInstead(watches.map(({target, store}) => ({store, context: targets.length > 1 ? target.context.name : undefined})), config, io);
			signal = await untilStop(stopSource(io));
			unsubscribe();
		}
	} finally {
		await Promise.all(watches.map(async watch => watch.stop()));
		await state?.flush();
	}

	return signal === undefined ? EXIT.ok : exitCodeFor(signal);
}

function printLinesInstead(sources: ReadonlyArray<{store: SeriesStore; context: string | undefined}>, rules: TroubleRules, io: Io): () => void {
	const why = io.stdout.isTTY === true ? 'the terminal is dumb (TERM=dumb)' : 'stdout is not a terminal';
	io.stderr.write(`omstop: ${why}, printing a line per task at each poll (omstop --once prints one table, omstop --json a JSON document per poll cycle)\n`);
	const unsubscribes = sources.map(({store, context}) => printLines(store, io.stdout, io.now, {context, failureThreshold: rules.failureThreshold, stallAfter: rules.stallAfter}));
	return () => {
		for (const unsubscribe of unsubscribes) {
			unsubscribe();
		}
	};
}

/** The monitor draws a screen on a terminal that can move its cursor; elsewhere it prints lines (or JSON with --json). */
function drawsScreen(config: Config, io: Io): boolean {
	return config.mode === 'monitor' && !config.json && io.stdout.isTTY === true && !config.terminal.isDumb;
}

function pollingClock(io: Io): Clock {
	return io.clock ?? systemClock;
}

function stopSource(io: Io): StopSource {
	return io.onStop ?? onStopSignal;
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

	let targets: Target[] = [];
	try {
		const contexts = await selectContexts(config, env, {
			homeDirectory: env['HOME'] || homedir(),
			readFile: async (path: string) => readFile(path, 'utf8'),
			statFile: async (path: string) => stat(path),
		});
		targets = await connectAll(contexts, config, env, io);
		if (config.mode === 'serve') {
			const serving = targets.map(target => ({...target, name: target.context.name, watch: {...config, ...target.context}}));
			return await runServe(config, serving, {...io, clock: pollingClock(io), untilStopped: async () => untilStop(stopSource(io))});
		}

		return config.mode === 'once' ? await runOnce(config, targets, io) : await runMonitor(config, env, targets, io);
	} catch (error) {
		return reportError(error, io);
	} finally {
		await Promise.all(targets.map(async target => target.close()));
	}
}

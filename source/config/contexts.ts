import type {FileStat} from '../auth/credentials.js';
import {ConfigError} from '../domain/errors.js';
import type {TaskStatusName} from '../domain/task-info.js';
import type {DurationMs, TaskId} from '../domain/units.js';
import type {ApiSettings, Config, DemoSettings, Environment} from './config.js';
import {defaultConfigPath, parseConfigFile, type ContextColor, type CredentialSpec, type FileContext} from './config-file.js';

/** What every context has: its name, how it shows, and what to watch. */
type ContextCommon = {
	/** The context's key: in metrics (`context`), JSON (`context`) and the state file. */
	readonly name: string;
	/** What the screen shows. */
	readonly label: string;
	readonly color: ContextColor | undefined;
	readonly interval: DurationMs;
	readonly status: TaskStatusName | undefined;
	readonly taskIds: readonly TaskId[];
};

/** One project in one region (or at one endpoint) to watch, with its own credentials. */
export type ApiContext = ContextCommon & {
	readonly demo: false;
	readonly endpoint: URL;
	readonly region: string | undefined;
	readonly projectId: string | undefined;
	readonly credentials: CredentialSpec;
};

/** The demo's one context: the simulator gives the endpoint, the project and the token. */
export type DemoContext = ContextCommon & Omit<DemoSettings, 'demo'> & {readonly demo: true};

export type Context = ApiContext | DemoContext;

export type ContextFiles = {
	readonly homeDirectory: string;
	readonly readFile: (path: string) => Promise<string>;
	readonly statFile: (path: string) => Promise<FileStat>;
};

function errorCode(error: unknown): string | undefined {
	return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The demo's context: the simulator's. */
function demoContext(config: Config & DemoSettings): DemoContext {
	return {name: 'demo', label: 'DEMO', color: undefined, interval: config.interval, status: config.status, taskIds: config.taskIds, demo: true, demoFaults: config.demoFaults, demoTasks: config.demoTasks};
}

/** The one context of flags and environment, as omstop had before config files. */
function flagsContext(config: Config & ApiSettings, endpoint: URL): ApiContext {
	const label = config.region ?? endpoint.host;
	return {
		name: label.toLowerCase(),
		label,
		color: undefined,
		demo: false,
		endpoint,
		region: config.region,
		projectId: config.projectId,
		credentials: config.tokenFile === undefined ? {kind: 'chain'} : {kind: 'token-file', path: config.tokenFile},
		interval: config.interval,
		status: config.status,
		taskIds: config.taskIds,
	};
}

/** A context of the file, with the flags given on the command line winning over its own settings. */
function fromFile(context: FileContext, config: Config): ApiContext {
	return {
		demo: false,
		name: context.name,
		label: context.label,
		color: context.color,
		endpoint: context.endpoint,
		region: context.region,
		projectId: context.projectId,
		credentials: context.credentials,
		interval: config.intervalGiven ? config.interval : context.interval ?? config.interval,
		status: config.status ?? context.status,
		taskIds: config.taskIds.length > 0 ? config.taskIds : context.taskIds,
	};
}

async function readConfigFile(path: string, files: ContextFiles): Promise<{text: string; mode: number | undefined} | undefined> {
	try {
		const text = await files.readFile(path);
		// Modes mean nothing on Windows: there no file may hold secrets inline.
		const mode = process.platform === 'win32' ? 0o666 : (await files.statFile(path)).mode;
		return {text, mode};
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		throw new ConfigError(`Cannot read the config file ${path} (${errorCode(error) ?? String(error)})`, 'Fix its permissions, or give another with --config PATH.');
	}
}

const NO_ENDPOINT = new ConfigError(
	'No endpoint: omstop does not know which region to ask',
	'Give --region cn-north-4 (or set OMS_REGION), or --endpoint URL (or OMS_ENDPOINT), or name contexts in ~/.config/omstop/config.toml (omstop --help). To try omstop without an account, run omstop --demo.',
);

/**
 * The contexts to watch. Flags and environment win over the file: --region or --endpoint
 * (or OMS_REGION, OMS_ENDPOINT) give one context as before, and then the file is not read.
 * Otherwise --context NAME… or --all-contexts pick from the file, and with neither its
 * `default` (or its only context).
 */
export async function selectContexts(config: Config, env: Environment, files: ContextFiles): Promise<readonly Context[]> {
	const named = config.contexts.length > 0 || config.allContexts;
	if (config.demo) {
		return [demoContext(config)];
	}

	if (!named && config.endpoint !== undefined) {
		return [flagsContext(config, config.endpoint)];
	}

	const path = config.configFile ?? defaultConfigPath(env, files.homeDirectory);
	const found = await readConfigFile(path, files);
	if (found === undefined) {
		if (config.configFile !== undefined || named) {
			throw new ConfigError(`No config file at ${path}`, `Write one (omstop --help shows an example), or give its place with --config PATH.`);
		}

		throw NO_ENDPOINT;
	}

	const file = parseConfigFile(found.text, path, found.mode);
	const names = file.contexts.map(context => context.name);
	let chosen: FileContext[];
	if (config.allContexts) {
		chosen = [...file.contexts];
	} else if (named) {
		chosen = [...new Set(config.contexts)].map(name => {
			const context = file.contexts.find(each => each.name === name);
			if (context === undefined) {
				throw new ConfigError(`--context ${name}: ${path} has no such context`, `Its contexts are: ${names.join(', ') || 'none'}.`);
			}

			return context;
		});
	} else if (file.defaultContext !== undefined) {
		chosen = file.contexts.filter(context => context.name === file.defaultContext);
	} else if (file.contexts.length > 1) {
		throw new ConfigError(`${path} has ${file.contexts.length} contexts and no default`, `Give --context NAME (one of ${names.join(', ')}) or --all-contexts, or add default = "${names[0]!}" at the top of the file.`);
	} else {
		chosen = [...file.contexts];
	}

	if (chosen.length === 0) {
		throw config.allContexts ? new ConfigError(`${path} has no contexts`, 'Add one: [contexts.NAME] with region = "cn-north-4".') : NO_ENDPOINT;
	}

	if (chosen.length > 1 && config.taskIds.length > 0) {
		throw new ConfigError('Task ids on the command line go with one context', 'Watch one context (--context NAME), or list the tasks of each in its task_ids in the config file.');
	}

	return chosen.map(context => fromFile(context, config));
}

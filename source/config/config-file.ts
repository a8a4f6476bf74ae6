import {join} from 'node:path';
import {parse, TomlError} from 'smol-toml';
import {ConfigError} from '../domain/errors.js';
import type {TaskStatusName} from '../domain/task-info.js';
import type {DurationMs, TaskId} from '../domain/units.js';
import {parseDuration} from '../format/numbers.js';
import {neverShow, sanitize} from '../format/sanitize.js';
import {endpointFrom, MIN_INTERVAL, regionEndpoint, type Environment} from './config.js';

/**
 * The config file: named contexts, each a project in a region (or at an endpoint) with its
 * own credentials. Parsing is pure (text in, contexts out); reading the file is the caller's.
 */

/** Where a context's credentials come from; `chain` is the default order of sources, as with no file. */
export type CredentialSpec =
	| {readonly kind: 'chain'}
	| {readonly kind: 'token-file'; readonly path: string}
	| {readonly kind: 'token-env'; readonly name: string}
	| {readonly kind: 'pair-env'; readonly ak: string; readonly sk: string; readonly securityToken?: string}
	| {readonly kind: 'profile'; readonly path: string | undefined; readonly section: string}
	| {readonly kind: 'metadata'}
	| {readonly kind: 'inline-token'; readonly token: string}
	| {readonly kind: 'inline-pair'; readonly ak: string; readonly sk: string; readonly securityToken?: string};

export const CONTEXT_COLORS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray'] as const;
export type ContextColor = (typeof CONTEXT_COLORS)[number];

/** One context as the file gives it; flags still override interval and status. */
export type FileContext = {
	readonly name: string;
	readonly label: string;
	readonly color: ContextColor | undefined;
	readonly endpoint: URL;
	readonly region: string | undefined;
	readonly projectId: string | undefined;
	readonly credentials: CredentialSpec;
	readonly interval: DurationMs | undefined;
	readonly status: TaskStatusName | undefined;
	readonly taskIds: readonly TaskId[];
};

export type ConfigFile = {
	readonly path: string;
	/** In the file's order. */
	readonly contexts: readonly FileContext[];
	readonly defaultContext: string | undefined;
};

/** Keys whose values are secrets: accepted only from a file no one else can read (mode 600). */
export const SECRET_KEYS = ['token', 'sk', 'security_token'] as const;

const TOP_KEYS = ['default', 'contexts'];
const CONTEXT_KEYS = ['region', 'endpoint', 'project_id', 'label', 'color', 'interval', 'status', 'task_ids', 'credentials'];
const CREDENTIAL_KEYS = ['token_file', 'token_env', 'ak_env', 'sk_env', 'security_token_env', 'profile', 'profile_section', 'metadata', 'token', 'ak', ...SECRET_KEYS.slice(1)];
const CONTEXT_NAME = /^[A-Za-z\d][\w.-]{0,31}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z\d_]*$/;

/** $XDG_CONFIG_HOME/omstop/config.toml, else ~/.config/omstop/config.toml. */
export function defaultConfigPath(env: Environment, homeDirectory: string): string {
	const base = env['XDG_CONFIG_HOME']?.trim() || join(homeDirectory, '.config');
	return join(base, 'omstop', 'config.toml');
}

/**
 * The line of a key (or of a table's header, with no key) in the file, for messages:
 * smol-toml keeps no positions of what it parsed, so the table's header, then the key
 * below it, are looked for in the text. `table` is the table's path; [] is the top level.
 */
function lineOf(text: string, table: readonly string[], key: string | undefined): number | undefined {
	const lines = text.split(/\r?\n/);
	const name = (part: string): string => {
		const escaped = part.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return `(?:${escaped}|"${escaped}"|'${escaped}')`;
	};

	let from = -1;
	if (table.length > 0) {
		const header = new RegExp(`^\\s*\\[\\s*${table.map(name).join('\\s*\\.\\s*')}\\s*\\]`);
		from = lines.findIndex(line => header.test(line));
		if (from === -1) {
			return undefined;
		}
	}

	if (key !== undefined) {
		const assignment = new RegExp(`^\\s*${name(key)}\\s*=`);
		for (let index = from + 1; index < lines.length && !/^\s*\[/.test(lines[index]!); index++) {
			if (assignment.test(lines[index]!)) {
				return index + 1;
			}
		}
	}

	return from === -1 ? undefined : from + 1;
}

type Where = {readonly text: string; readonly path: string};

/** `key` is below the context's table (credentials.KEY below its credentials table); no context: a top-level key. */
function fail(where: Where, context: string | undefined, key: string | undefined, message: string, hint: string): never {
	let line: number | undefined;
	if (context === undefined) {
		line = lineOf(where.text, [], key);
	} else if (key === 'credentials' || key?.startsWith('credentials.') === true) {
		const leaf = key === 'credentials' ? undefined : key.slice('credentials.'.length);
		line = lineOf(where.text, ['contexts', context, 'credentials'], leaf) ?? lineOf(where.text, ['contexts', context], 'credentials');
	} else {
		line = lineOf(where.text, ['contexts', context], key);
	}

	throw new ConfigError(`${where.path}${line === undefined ? '' : `:${line}`}: ${message}`, hint);
}

function isTable(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function checkKeys(where: Where, table: Record<string, unknown>, allowed: readonly string[], context: string | undefined, prefix: string): void {
	for (const key of Object.keys(table)) {
		if (!allowed.includes(key)) {
			const what = context === undefined ? 'at the top of the file' : `in context ${context}${prefix === '' ? '' : ` (${prefix.slice(0, -1)})`}`;
			fail(where, context, `${prefix}${key}`, `unknown key "${sanitize(key, 40)}" ${what}`, `Remove it or correct its name; the keys here are: ${allowed.join(', ')}.`);
		}
	}
}

function text(where: Where, table: Record<string, unknown>, key: string, context: string | undefined, prefix = ''): string | undefined {
	const value = table[key];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'string' || value.trim() === '') {
		fail(where, context, `${prefix}${key}`, `${prefix}${key} must be a non-empty string`, `Write ${key} = "…".`);
	}

	return value.trim();
}

function credentialsOf(where: Where, context: string, raw: unknown, mode: number | undefined): CredentialSpec {
	if (raw === undefined) {
		return {kind: 'chain'};
	}

	const prefix = 'credentials.';
	if (!isTable(raw)) {
		fail(where, context, 'credentials', 'credentials must be a table', `Write [contexts.${context}.credentials] with one source, such as profile = "~/.huaweicloud/credentials".`);
	}

	checkKeys(where, raw, CREDENTIAL_KEYS, context, prefix);
	const get = (key: string) => text(where, raw, key, context, prefix);
	const inline = ['token', 'ak', ...SECRET_KEYS.slice(1)].filter(key => raw[key] !== undefined);
	if (inline.length > 0 && mode !== undefined && (mode & 0o077) !== 0) {
		fail(
			where,
			context,
			`${prefix}${inline[0]!}`,
			`${inline.join(', ')} written in the file, which other users can read (mode ${(mode & 0o777).toString(8).padStart(3, '0')})`,
			`Run: chmod 600 ${where.path}, or move the secret out of the file (token_file, token_env, ak_env/sk_env or profile).`,
		);
	}

	const sources: CredentialSpec[] = [];
	const tokenFile = get('token_file');
	if (tokenFile !== undefined) {
		sources.push({kind: 'token-file', path: tokenFile});
	}

	const tokenEnv = get('token_env');
	if (tokenEnv !== undefined) {
		sources.push({kind: 'token-env', name: tokenEnv});
	}

	const akEnv = get('ak_env');
	const skEnv = get('sk_env');
	const securityTokenEnv = get('security_token_env');
	if (akEnv !== undefined || skEnv !== undefined || securityTokenEnv !== undefined) {
		if (akEnv === undefined || skEnv === undefined) {
			fail(where, context, `${prefix}${akEnv === undefined ? 'sk_env' : 'ak_env'}`, 'ak_env and sk_env go together', 'Give both: the names of the variables that hold the access key and the secret key.');
		}

		sources.push({kind: 'pair-env', ak: akEnv, sk: skEnv, ...(securityTokenEnv === undefined ? {} : {securityToken: securityTokenEnv})});
	}

	for (const key of ['token_env', 'ak_env', 'sk_env', 'security_token_env']) {
		const name = get(key);
		if (name !== undefined && !ENV_NAME.test(name)) {
			fail(where, context, `${prefix}${key}`, `${key} must name an environment variable`, `Write the variable's name, such as ${key} = "PROD_${key.slice(0, -4).toUpperCase()}", not its value.`);
		}
	}

	const profile = get('profile');
	const section = get('profile_section');
	if (profile !== undefined || section !== undefined) {
		sources.push({kind: 'profile', path: profile, section: section ?? 'basic'});
	}

	if (raw['metadata'] !== undefined) {
		if (raw['metadata'] !== true) {
			fail(where, context, `${prefix}metadata`, 'metadata must be true', 'Write metadata = true to use the ECS agency\'s keys, or leave it out.');
		}

		sources.push({kind: 'metadata'});
	}

	const token = get('token');
	if (token !== undefined) {
		neverShow(token);
		sources.push({kind: 'inline-token', token});
	}

	const ak = get('ak');
	const sk = get('sk');
	const securityToken = get('security_token');
	for (const secret of [sk, securityToken]) {
		if (secret !== undefined) {
			neverShow(secret);
		}
	}

	if (ak !== undefined || sk !== undefined || securityToken !== undefined) {
		if (ak === undefined || sk === undefined) {
			fail(where, context, `${prefix}${ak === undefined ? 'sk' : 'ak'}`, 'ak and sk go together', 'Give both, or neither.');
		}

		sources.push({kind: 'inline-pair', ak, sk, ...(securityToken === undefined ? {} : {securityToken})});
	}

	if (sources.length !== 1) {
		fail(
			where,
			context,
			'credentials',
			sources.length === 0 ? 'credentials names no source' : `credentials names ${sources.length} sources (${sources.map(source => source.kind).join(', ')})`,
			'Give exactly one: token_file, token_env, ak_env + sk_env, profile (+ profile_section), metadata = true, or (mode 600 only) token, ak + sk. Leave the table out for the default order.',
		);
	}

	return sources[0]!;
}

/** A context's endpoint: the one it gives, or its region's. */
function endpointOf(where: Where, name: string, endpointText: string | undefined, region: string | undefined): URL {
	try {
		if (endpointText !== undefined) {
			return endpointFrom(endpointText, 'endpoint');
		}

		if (region === undefined) {
			fail(where, name, undefined, `context ${name} has no region or endpoint`, `Add region = "cn-north-4" (or endpoint = "https://…") under [contexts.${name}].`);
		}

		return regionEndpoint(region).endpoint;
	} catch (error) {
		if (error instanceof ConfigError && !error.message.startsWith(where.path)) {
			fail(where, name, endpointText === undefined ? 'region' : 'endpoint', error.message, error.hint);
		}

		throw error;
	}
}

function contextOf(where: Where, name: string, raw: unknown, mode: number | undefined): FileContext {
	if (!CONTEXT_NAME.test(name)) {
		fail(where, name, undefined, `context name "${sanitize(name, 40)}" is not a name`, 'Use letters, digits, ".", "_" and "-", up to 32 characters.');
	}

	if (!isTable(raw)) {
		fail(where, undefined, 'contexts', `contexts.${name} must be a table`, `Write [contexts.${name}] and its keys below it.`);
	}

	checkKeys(where, raw, CONTEXT_KEYS, name, '');
	const get = (key: string) => text(where, raw, key, name);
	const region = get('region');
	const endpoint = endpointOf(where, name, get('endpoint'), region);

	const projectId = get('project_id');
	const credentials = credentialsOf(where, name, raw['credentials'], mode);
	if (region === undefined && projectId === undefined && credentials.kind !== 'profile' && credentials.kind !== 'chain') {
		fail(where, name, 'endpoint', `context ${name} has an endpoint and no project_id or region`, 'Add project_id = "…" (with an endpoint there is no region to look it up by).');
	}

	const color = get('color');
	if (color !== undefined && !(CONTEXT_COLORS as readonly string[]).includes(color)) {
		fail(where, name, 'color', `color "${sanitize(color, 20)}" is not one omstop knows`, `Use one of: ${CONTEXT_COLORS.join(', ')}.`);
	}

	const intervalText = get('interval');
	const interval = intervalText === undefined ? undefined : parseDuration(intervalText);
	if (intervalText !== undefined && (interval === undefined || interval < MIN_INTERVAL)) {
		fail(where, name, 'interval', `interval "${sanitize(intervalText, 20)}" is not a duration of 5s or more`, 'Write a number and a unit, such as interval = "30s".');
	}

	const statusText = get('status')?.toUpperCase();
	if (statusText !== undefined && statusText !== 'SYNCHRONIZING' && statusText !== 'STOPPED') {
		fail(where, name, 'status', `status "${sanitize(statusText, 20)}" is not a task status`, 'Write status = "synchronizing" or "stopped".');
	}

	const taskIds = raw['task_ids'];
	if (taskIds !== undefined && !(Array.isArray(taskIds) && taskIds.every(id => typeof id === 'string' && id.trim() !== ''))) {
		fail(where, name, 'task_ids', 'task_ids must be a list of task ids', 'Write task_ids = ["…", "…"].');
	}

	return {
		name,
		label: get('label') ?? name,
		color: color as ContextColor | undefined,
		endpoint,
		region,
		projectId,
		credentials,
		interval,
		status: statusText,
		taskIds: ((taskIds as string[] | undefined) ?? []).map(id => id.trim()),
	};
}

/**
 * The file's text into its contexts. `mode` is the file's (undefined where modes mean
 * nothing): secrets inline only when no one else may read it. Every problem is a
 * ConfigError naming the file, the line and what to change.
 */
export function parseConfigFile(contents: string, path: string, mode: number | undefined): ConfigFile {
	const where = {text: contents, path};
	let document: Record<string, unknown>;
	try {
		document = parse(contents);
	} catch (error) {
		if (error instanceof TomlError) {
			const [first] = error.message.split('\n');
			throw new ConfigError(`${path}:${error.line}:${error.column}: ${sanitize(first ?? 'not TOML', 120)}`, 'Correct the TOML there (https://toml.io); strings need quotes, tables [contexts.NAME].');
		}

		throw error;
	}

	checkKeys(where, document, TOP_KEYS, undefined, '');
	const rawContexts = document['contexts'] ?? {};
	if (!isTable(rawContexts)) {
		fail(where, undefined, 'contexts', 'contexts must be a table of contexts', 'Write each as [contexts.NAME] with its keys below.');
	}

	const contexts = Object.entries(rawContexts).map(([name, raw]) => contextOf(where, name, raw, mode));
	const defaultContext = text(where, document, 'default', undefined);
	if (defaultContext !== undefined && !contexts.some(context => context.name === defaultContext)) {
		fail(where, undefined, 'default', `default names "${sanitize(defaultContext, 40)}", which is no context of the file`, `Name one of: ${contexts.map(context => context.name).join(', ') || '(none yet: add [contexts.NAME])'}.`);
	}

	return {path, contexts, defaultContext};
}

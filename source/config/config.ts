import {parseArgs} from 'node:util';
import {ConfigError} from '../domain/errors.js';
import type {TaskStatusName} from '../domain/task-info.js';
import {DAY, HOUR, SECOND, type DurationMs, type TaskId} from '../domain/units.js';
import {parseDuration} from '../format/numbers.js';
import {DEFAULT_STALL_AFTER, LONGEST_STALL_AFTER} from '../series/figures.js';
import {sanitize} from '../format/sanitize.js';
import {terminalProfile, type TerminalProfile} from './terminal.js';

/** Regions where the provider offers sync tasks (the statistics reference page). */
export const SYNC_TASK_REGIONS = ['cn-north-4', 'cn-east-3', 'cn-southwest-2'] as const;

/** Where `omstop serve` listens. */
export type ListenAddress = {readonly host: string; readonly port: number};

/** --demo (or --demo-faults, --demo-tasks): the embedded simulator stands in for the API, and provides the endpoint. */
export type DemoSettings = {
	readonly demo: true;
	/** The simulator misbehaves now and then. */
	readonly demoFaults: boolean;
	/** How many tasks the simulator has. */
	readonly demoTasks: number;
};

/** The real API. */
export type ApiSettings = {
	readonly demo: false;
	/** From --endpoint, OMS_ENDPOINT, --region or OMS_REGION; undefined: the config file's contexts say where. */
	readonly endpoint: URL | undefined;
};

export type Config = ConfigCommon & (DemoSettings | ApiSettings);

type ConfigCommon = {
	readonly mode: 'monitor' | 'once' | 'serve' | 'help' | 'version';
	/** With --once one document; in the monitor one document per poll cycle. */
	readonly json: boolean;
	/** For serve: loopback unless another address is given. */
	readonly listen: ListenAddress;
	readonly region: string | undefined;
	readonly projectId: string | undefined;
	readonly tokenFile: string | undefined;
	/** --config PATH; undefined: the default place, where a missing file is no error. */
	readonly configFile: string | undefined;
	/** --context NAME…, in the order given; empty: the file's default. */
	readonly contexts: readonly string[];
	readonly allContexts: boolean;
	/** --no-state: neither restore nor save the remembered view. */
	readonly remember: boolean;
	/** Which of interval and status were given as flags, and so win over a context's own. */
	readonly intervalGiven: boolean;
	/** --window was given: it wins over the remembered window. */
	readonly windowGiven: boolean;
	readonly taskIds: readonly TaskId[];
	/** With no task ids: watch only the tasks in this status. */
	readonly status: TaskStatusName | undefined;
	readonly window: DurationMs;
	readonly interval: DurationMs;
	/** A ratio: 0.01 is 1%. */
	readonly failureThreshold: number;
	/** The request budget of the whole process. */
	readonly maxRequestsPerSecond: number;
	/** A synchronizing task with no request for this long is stalled. */
	readonly stallAfter: DurationMs;
	readonly bell: boolean;
	readonly color: boolean;
	/** --ascii. */
	readonly ascii: boolean;
	/** What the terminal can show: TERM and the locale. */
	readonly terminal: TerminalProfile;
	/** Things worth saying at start-up that do not stop it. */
	readonly warnings: readonly string[];
};

export type Environment = Readonly<Record<string, string | undefined>>;

const SECRET_FLAGS = /^--?(token|auth-token|ak|sk|access-key|secret-key|secret|password|security-token)(=|$)/i;
/** The preset windows `w` steps through. */
export const PRESET_WINDOWS: readonly DurationMs[] = [HOUR, 6 * HOUR, DAY, 7 * DAY];

/** The windows `w` steps through: the presets and the one given at start (`--window 30m`), shortest first. */
export function windowCycle(configured: DurationMs): DurationMs[] {
	return [...new Set([...PRESET_WINDOWS, configured])].sort((a, b) => a - b);
}

/** Between two polls of a task: the API has 5-minute buckets, so faster polls mostly re-read one. */
export const DEFAULT_INTERVAL: DurationMs = 30 * SECOND;

/**
 * Requests per second the whole process may send (statistics, list and details calls
 * together) unless --max-requests-per-second says otherwise. On the default 30 s interval
 * 1,000 tasks need about 5.5 a second (tasks off screen are polled every 5 minutes), so the
 * budget binds only on shorter intervals, bigger projects or `serve`, which polls every task
 * at the interval: then polls are spread out instead of sent faster.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
export const MIN_INTERVAL: DurationMs = 5 * SECOND;
/** The simulator's seeded tasks; --demo-tasks adds generated ones up to this many in all. */
const DEMO_TASKS = 5;
const MAX_DEMO_TASKS = 2000;
const FIVE_MINUTES: DurationMs = 5 * 60 * SECOND;
const DEFAULT_WINDOW = 6 * HOUR;
const DEFAULT_LISTEN: ListenAddress = {host: '127.0.0.1', port: 9464};

function quote(value: string): string {
	return `"${sanitize(value, 60)}"`;
}

function duration(value: string | undefined, flag: string, fallback: DurationMs): DurationMs {
	if (value === undefined) {
		return fallback;
	}

	const parsed = parseDuration(value);
	if (parsed === undefined) {
		throw new ConfigError(`${flag} ${quote(value)} is not a duration`, `Write a number and a unit: 30s, 30m, 6h, 1d, 7d.`);
	}

	return parsed;
}

function percent(value: string | undefined): number {
	if (value === undefined) {
		return 0.01;
	}

	const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
	const ratio = match === null ? Number.NaN : Number(match[1]) / (match[2] === '%' || Number(match[1]) > 1 ? 100 : 1);
	if (!(ratio > 0 && ratio <= 1)) {
		throw new ConfigError(`--failure-threshold ${quote(value)} is not a rate`, 'Give a percentage such as 1% or 0.5%.');
	}

	return ratio;
}

export function endpointFrom(text: string, source: string): URL {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new ConfigError(`${source} ${quote(text)} is not a URL`, 'Give a full URL such as https://oms.cn-north-4.myhuaweicloud.com.');
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ConfigError(`${source} ${quote(text)} is not an http(s) URL`, 'Give a URL such as https://oms.cn-north-4.myhuaweicloud.com.');
	}

	if (url.username || url.password) {
		throw new ConfigError(`${source} holds a user name or password`, 'Credentials go in the environment or a file, never in the URL.');
	}

	return url;
}

/** The endpoint of a region's OMS, and a warning for a region that offers no sync tasks. */
export function regionEndpoint(region: string): {endpoint: URL; warnings: string[]} {
	if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(region)) {
		throw new ConfigError(`Region ${quote(region)} is not a region id`, 'Region ids look like cn-north-4, cn-east-3 or cn-southwest-2.');
	}

	const warnings = (SYNC_TASK_REGIONS as readonly string[]).includes(region) ? [] : [`Sync tasks are offered only in ${SYNC_TASK_REGIONS.join(', ')}; ${region} may not answer.`];
	return {endpoint: new URL(`https://oms.${region}.myhuaweicloud.com`), warnings};
}

/** Fewer than one a second is allowed (0.5: one every 2 s); more than a thousand would be no budget. */
function requestsPerSecond(value: string | undefined): number {
	if (value === undefined) {
		return DEFAULT_REQUESTS_PER_SECOND;
	}

	const rate = /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
	if (!(rate >= 0.1 && rate <= 1000)) {
		throw new ConfigError(
			`--max-requests-per-second ${quote(value)} is not a rate between 0.1 and 1000`,
			`Give the requests per second omstop may send in all, such as 5 or 0.5 (default ${DEFAULT_REQUESTS_PER_SECOND}).`,
		);
	}

	return rate;
}

/** HOST:PORT, [IPv6]:PORT, or a port alone (on loopback); port 0 takes any free port. */
function listenAddress(value: string | undefined): ListenAddress {
	if (value === undefined) {
		return DEFAULT_LISTEN;
	}

	const match = /^(?:(?:\[([\da-fA-F:.]+)\]|([\w.-]+)):)?(\d{1,5})$/.exec(value.trim());
	const port = Number(match?.[3]);
	if (match === null || port > 65_535) {
		throw new ConfigError(`--listen ${quote(value)} is not an address to listen on`, 'Give HOST:PORT such as 127.0.0.1:9464 or [::1]:9464, or a port alone for loopback.');
	}

	return {host: match[1] ?? match[2] ?? DEFAULT_LISTEN.host, port};
}

/**
 * Flags, then environment variables, into one checked Config. Flags win over the
 * environment; the profile file (read with the credentials) comes last.
 */
export function readConfig(argv: readonly string[], env: Environment): Config {
	const secret = argv.find(argument => SECRET_FLAGS.test(argument));
	if (secret !== undefined) {
		throw new ConfigError(
			`${secret.split('=')[0]} is not accepted: a secret on the command line shows in ps and in shell history`,
			'Set OMS_AUTH_TOKEN, use --token-file PATH, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.',
		);
	}

	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: {
				once: {type: 'boolean'},
				json: {type: 'boolean'},
				demo: {type: 'boolean'},
				'demo-faults': {type: 'boolean'},
				'demo-tasks': {type: 'string'},
				listen: {type: 'string'},
				window: {type: 'string'},
				interval: {type: 'string'},
				endpoint: {type: 'string'},
				region: {type: 'string'},
				'project-id': {type: 'string'},
				'token-file': {type: 'string'},
				status: {type: 'string'},
				'failure-threshold': {type: 'string'},
				'max-requests-per-second': {type: 'string'},
				'stall-after': {type: 'string'},
				bell: {type: 'boolean'},
				'no-color': {type: 'boolean'},
				color: {type: 'boolean'},
				ascii: {type: 'boolean'},
				config: {type: 'string'},
				context: {type: 'string', multiple: true},
				'all-contexts': {type: 'boolean'},
				'no-state': {type: 'boolean'},
				help: {type: 'boolean', short: 'h'},
				version: {type: 'boolean', short: 'v'},
			},
		});
	} catch (error) {
		const message = error instanceof Error ? sanitize(error.message.split('\n')[0] ?? '') : 'bad arguments';
		throw new ConfigError(message, 'Run omstop --help for the options.');
	}

	const {values} = parsed;
	// `serve` is a command word, not a task id: task ids are UUIDs.
	const serve = parsed.positionals[0] === 'serve';
	const positionals = serve ? parsed.positionals.slice(1) : parsed.positionals;
	const warnings: string[] = [];
	const mode = values.help ? 'help' : values.version ? 'version' : serve ? 'serve' : values.once ? 'once' : 'monitor';
	if (mode === 'serve' && (values.once || values.json)) {
		throw new ConfigError(`omstop serve does not take ${values.once ? '--once' : '--json'}`, 'Run omstop serve for metrics, or omstop --json for a JSON stream.');
	}

	if (values.listen !== undefined && mode !== 'serve') {
		throw new ConfigError('--listen goes with omstop serve', 'Run omstop serve --listen 127.0.0.1:9464.');
	}

	const interval = duration(values.interval, '--interval', DEFAULT_INTERVAL);
	if (interval < MIN_INTERVAL) {
		throw new ConfigError(`--interval ${quote(values.interval ?? '')} is faster than the 5s minimum`, 'Use --interval 5s or longer.');
	}

	const region = values.region ?? env['OMS_REGION'];
	const endpointText = values.endpoint ?? env['OMS_ENDPOINT'];
	let endpoint: URL | undefined;
	if (values.endpoint !== undefined || (env['OMS_ENDPOINT'] !== undefined && values.region === undefined)) {
		endpoint = endpointFrom(endpointText!, values.endpoint === undefined ? 'OMS_ENDPOINT' : '--endpoint');
	} else if (region !== undefined) {
		const derived = regionEndpoint(region);
		endpoint = derived.endpoint;
		warnings.push(...derived.warnings);
	}

	const stallAfter = duration(values['stall-after'], '--stall-after', DEFAULT_STALL_AFTER);
	if (stallAfter < 2 * FIVE_MINUTES || stallAfter > LONGEST_STALL_AFTER) {
		throw new ConfigError(
			`--stall-after ${quote(values['stall-after'] ?? '')} is outside 10m…60m`,
			'Statistics come in 5-minute buckets and omstop holds the last hour of them at every window: give 10m to 60m (default 30m).',
		);
	}

	const demoFaults = values['demo-faults'] === true;
	const demoTasks = values['demo-tasks'] === undefined ? DEMO_TASKS : Number(values['demo-tasks']);
	if (!Number.isInteger(demoTasks) || demoTasks < DEMO_TASKS || demoTasks > MAX_DEMO_TASKS) {
		throw new ConfigError(`--demo-tasks ${quote(values['demo-tasks'] ?? '')} is not a number of tasks from ${DEMO_TASKS} to ${MAX_DEMO_TASKS}`, 'Give a whole number, such as --demo-tasks 150.');
	}

	const demo = values.demo === true || demoFaults || values['demo-tasks'] !== undefined;
	const contexts = values.context ?? [];
	const allContexts = values['all-contexts'] === true;
	if ((contexts.length > 0 || allContexts) && (demo || values.region !== undefined || values.endpoint !== undefined || values['project-id'] !== undefined || values['token-file'] !== undefined)) {
		const flag = demo ? '--demo' : values.region !== undefined ? '--region' : values.endpoint !== undefined ? '--endpoint' : values['project-id'] !== undefined ? '--project-id' : '--token-file';
		throw new ConfigError(`${flag} does not go with ${allContexts ? '--all-contexts' : '--context'}`, 'A context of the config file says where to connect and with which credentials: change it there, or leave out --context to use the flags.');
	}

	const statusText = values.status?.toUpperCase();
	if (statusText !== undefined && statusText !== 'SYNCHRONIZING' && statusText !== 'STOPPED') {
		throw new ConfigError(`--status ${quote(values.status ?? '')} is not a task status`, 'Use --status synchronizing or --status stopped.');
	}

	if (statusText !== undefined && positionals.length > 0) {
		warnings.push('--status filters only the task list; the task ids given are watched whatever their status.');
	}

	const listen = listenAddress(values.listen);
	if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(listen.host)) {
		warnings.push(`Serving metrics on ${listen.host}: anyone who can reach it can read task ids, names and buckets. The default is loopback.`);
	}

	const color = !(values['no-color'] === true || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' && values.color !== true));
	return {
		mode,
		json: values.json === true,
		listen,
		...(demo ? {demo, demoFaults, demoTasks} : {demo, endpoint}),
		region,
		projectId: values['project-id'] ?? env['HUAWEICLOUD_SDK_PROJECT_ID'],
		tokenFile: values['token-file'],
		configFile: values.config,
		contexts,
		allContexts,
		remember: values['no-state'] !== true,
		intervalGiven: values.interval !== undefined,
		windowGiven: values.window !== undefined,
		taskIds: positionals,
		status: statusText,
		window: duration(values.window, '--window', DEFAULT_WINDOW),
		interval,
		failureThreshold: percent(values['failure-threshold']),
		maxRequestsPerSecond: requestsPerSecond(values['max-requests-per-second']),
		stallAfter,
		bell: values.bell === true,
		color,
		ascii: values.ascii === true,
		terminal: terminalProfile(env),
		warnings,
	};
}

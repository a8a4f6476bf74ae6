import {join} from 'node:path';
import {ConfigError} from '../domain/errors.js';
import type {AccessKeyPair} from './signer.js';

/** `source` describes where the credentials came from (a variable or file name), never a value. */
export type Credentials =
	| {readonly kind: 'token'; readonly token: string; readonly source: string}
	| {readonly kind: 'aksk'; readonly pair: AccessKeyPair; readonly source: string};

/** The values in credentials that must never be shown: the access key id is not one of them. */
export function secretsOf(credentials: Credentials): string[] {
	if (credentials.kind === 'token') {
		return [credentials.token];
	}

	const {secretKey, securityToken} = credentials.pair;
	return securityToken === undefined ? [secretKey] : [secretKey, securityToken];
}

export type CredentialInputs = {
	readonly env: Readonly<Record<string, string | undefined>>;
	/** From --token-file. */
	readonly tokenFile?: string;
	readonly homeDirectory: string;
	/** A context's profile file and section, instead of HUAWEICLOUD_SDK_CREDENTIALS_FILE (or the default) and [basic]. */
	readonly profileFile?: string;
	readonly profileSection?: string;
	readonly readFile: (path: string) => Promise<string>;
	/** Absent: no permission checks (mode bits mean nothing on Windows), and files are re-read at every request. */
	readonly statFile?: (path: string) => Promise<FileStat>;
};

/** What a stat says of a file: its mode, and what changes when the file is rewritten or another is renamed over it. */
export type FileStat = {
	readonly mode: number;
	readonly uid: number;
	readonly ino?: number;
	readonly size?: number;
	readonly mtimeMs?: number;
	readonly ctimeMs?: number;
};

/** Where found credentials came from, which decides whether they can change while omstop runs. */
export type CredentialOrigin = 'token-file' | 'token-env' | 'pair-env' | 'profile';

export type FoundCredentials = {credentials: Credentials; origin: CredentialOrigin; warnings: string[]};

/** The [basic] section of the Huawei Cloud SDK profile file. */
export type Profile = {
	readonly ak?: string;
	readonly sk?: string;
	readonly securityToken?: string;
	readonly projectId?: string;
};

// Empty and blank variables count as unset, as `FOO= omstop` is a common way to unset one.
function envValue(env: CredentialInputs['env'], name: string): string | undefined {
	const value = env[name]?.trim();
	return value ? value : undefined;
}

function errorCode(error: unknown): string {
	return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
}

// Group or other access to a bearer credential on a shared jump host lets another user act as this one.
function accessibleByOthers(mode: number): boolean {
	return (mode & 0o077) !== 0;
}

function octal(mode: number): string {
	return (mode & 0o777).toString(8).padStart(3, '0');
}

export function profilePath(inputs: Pick<CredentialInputs, 'env' | 'homeDirectory' | 'profileFile'>): string {
	return inputs.profileFile ?? envValue(inputs.env, 'HUAWEICLOUD_SDK_CREDENTIALS_FILE') ?? join(inputs.homeDirectory, '.huaweicloud', 'credentials');
}

/** Only `[basic]` is read by default: `[global]` holds credentials for global services, not regional ones such as OMS. */
export function parseProfile(text: string, wanted = 'basic'): Profile {
	const values = new Map<string, string>();
	let section: string | undefined;
	for (const rawLine of text.split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) {
			continue;
		}

		const header = /^\[(.*)\]$/.exec(line);
		if (header) {
			section = header[1]?.trim();
			continue;
		}

		const equals = line.indexOf('=');
		if (section === wanted && equals > 0) {
			// No inline comments: a security token may contain '#' or ';'.
			values.set(line.slice(0, equals).trim().toLowerCase(), line.slice(equals + 1).trim());
		}
	}

	const pick = (key: string) => values.get(key) || undefined;
	const ak = pick('ak');
	const sk = pick('sk');
	const securityToken = pick('security_token');
	const projectId = pick('project_id');
	return {
		...(ak === undefined ? {} : {ak}),
		...(sk === undefined ? {} : {sk}),
		...(securityToken === undefined ? {} : {securityToken}),
		...(projectId === undefined ? {} : {projectId}),
	};
}

/** The [basic] section of the file at HUAWEICLOUD_SDK_CREDENTIALS_FILE or ~/.huaweicloud/credentials; undefined when there is no such file. */
export async function readProfile(
	inputs: Pick<CredentialInputs, 'env' | 'homeDirectory' | 'readFile' | 'profileFile' | 'profileSection'>,
): Promise<Profile | undefined> {
	const path = profilePath(inputs);
	let text: string;
	try {
		text = await inputs.readFile(path);
	} catch (error: unknown) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		throw new ConfigError(
			`Cannot read the profile file ${path} (${errorCode(error)})`,
			'Fix its permissions, or point HUAWEICLOUD_SDK_CREDENTIALS_FILE at a readable file.',
		);
	}

	return parseProfile(text, inputs.profileSection);
}

/** The token in the file given with --token-file; refused when others may read the file. */
export async function readTokenFile(path: string, inputs: Pick<CredentialInputs, 'readFile' | 'statFile'>): Promise<Credentials> {
	let token: string;
	try {
		if (inputs.statFile) {
			const {mode} = await inputs.statFile(path);
			if (accessibleByOthers(mode)) {
				throw new ConfigError(
					`Token file ${path} can be read by other users (mode ${octal(mode)})`,
					`Run: chmod 600 ${path}`,
				);
			}
		}

		token = (await inputs.readFile(path)).trim();
	} catch (error: unknown) {
		if (error instanceof ConfigError) {
			throw error;
		}

		throw new ConfigError(`Cannot read token file ${path} (${errorCode(error)})`, 'Check the path given to --token-file.');
	}

	if (token === '') {
		throw new ConfigError(`Token file ${path} is empty`, 'Write an IAM token (the X-Subject-Token header) into it.');
	}

	return {kind: 'token', token, source: `token file ${path}`};
}

function pairFrom(
	akName: string,
	ak: string | undefined,
	skName: string,
	sk: string | undefined,
	where: string,
): {accessKey: string; secretKey: string} | undefined {
	if (ak !== undefined && sk !== undefined) {
		return {accessKey: ak, secretKey: sk};
	}

	if (ak === undefined && sk === undefined) {
		return undefined;
	}

	const [present, absent] = ak === undefined ? [skName, akName] : [akName, skName];
	throw new ConfigError(`${present} is set${where} but ${absent} is not`, `Set ${absent} as well, or remove ${present}.`);
}

function envPair(env: CredentialInputs['env'], prefix: string, securityTokenName?: string): Credentials | undefined {
	const akName = `${prefix}_AK`;
	const skName = `${prefix}_SK`;
	const pair = pairFrom(akName, envValue(env, akName), skName, envValue(env, skName), '');
	if (!pair) {
		return undefined;
	}

	const securityToken = securityTokenName === undefined ? undefined : envValue(env, securityTokenName);
	return {
		kind: 'aksk',
		pair: securityToken === undefined ? pair : {...pair, securityToken},
		source: `environment variables ${akName}/${skName}`,
	};
}

/**
 * The first source that has credentials, in this order: --token-file, OMS_AUTH_TOKEN,
 * HUAWEICLOUD_SDK_AK/SK (the SDKs' own variables), CLOUD_SDK_AK/SK (API Explorer samples),
 * then the SDK profile file; undefined when none has any.
 */
export async function findCredentials(inputs: CredentialInputs): Promise<FoundCredentials | undefined> {
	if (inputs.tokenFile !== undefined) {
		return {credentials: await readTokenFile(inputs.tokenFile, inputs), origin: 'token-file', warnings: []};
	}

	const token = envValue(inputs.env, 'OMS_AUTH_TOKEN');
	if (token !== undefined) {
		return {credentials: {kind: 'token', token, source: 'environment variable OMS_AUTH_TOKEN'}, origin: 'token-env', warnings: []};
	}

	const fromEnv = envPair(inputs.env, 'HUAWEICLOUD_SDK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN') ?? envPair(inputs.env, 'CLOUD_SDK');
	if (fromEnv) {
		return {credentials: fromEnv, origin: 'pair-env', warnings: []};
	}

	const credentials = await readProfileCredentials(inputs);
	if (credentials === undefined) {
		return undefined;
	}

	const path = profilePath(inputs);
	const warnings: string[] = [];
	const stat = await inputs.statFile?.(path).catch(() => undefined);
	if (stat && accessibleByOthers(stat.mode)) {
		warnings.push(`Profile file ${path} can be read by other users (mode ${octal(stat.mode)}); run: chmod 600 ${path}`);
	}

	return {credentials, origin: 'profile', warnings};
}

/** The AK/SK pair (and security token) in [basic] of the profile file; undefined when the file or the pair is absent. */
export async function readProfileCredentials(
	inputs: Pick<CredentialInputs, 'env' | 'homeDirectory' | 'readFile' | 'profileFile' | 'profileSection'>,
): Promise<Credentials | undefined> {
	const path = profilePath(inputs);
	const section = inputs.profileSection ?? 'basic';
	const profile = await readProfile(inputs);
	const pair = profile === undefined ? undefined : pairFrom('ak', profile.ak, 'sk', profile.sk, ` in [${section}] of ${path}`);
	if (!profile || !pair) {
		return undefined;
	}

	return {
		kind: 'aksk',
		pair: profile.securityToken === undefined ? pair : {...pair, securityToken: profile.securityToken},
		source: `profile file ${path} [${section}]`,
	};
}

/** `alsoTried` names further sources looked at after the profile file (the ECS metadata service), with why they gave nothing. */
export function noCredentials(inputs: Pick<CredentialInputs, 'env' | 'homeDirectory'>, alsoTried?: string): ConfigError {
	return new ConfigError(
		'No credentials found',
		'Looked at --token-file, OMS_AUTH_TOKEN, HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, CLOUD_SDK_AK/CLOUD_SDK_SK'
			+ ` and the profile file ${profilePath(inputs)}${alsoTried === undefined ? '' : `, then ${alsoTried}`}. Set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK,`
			+ ' or put an IAM token in OMS_AUTH_TOKEN or a file passed with --token-file.',
	);
}

import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {openCredentials} from '../source/auth/chain.js';
import {
	parseProfile,
	readProfile,
	type CredentialInputs,
} from '../source/auth/credentials.js';
import {ConfigError} from '../source/domain/errors.js';

const HOME = '/home/op';
const DEFAULT_PROFILE = '/home/op/.huaweicloud/credentials';
const SECRETS = {
	token: 'MIIZ-token-value-0123456789',
	ak: 'HPUAEXAMPLEAK0000000',
	sk: 'ExampleSecretKeyValue0123456789abcdefghij',
	securityToken: 'gQpzdWxhbmNl-security-token',
};

function enoent(path: string): Error {
	return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {code: 'ENOENT'});
}

/** Inputs over an in-memory file system: path → [content, mode]. */
function inputs(
	env: Record<string, string | undefined>,
	files: Record<string, [string, number]> = {},
	extra: {tokenFile?: string} = {},
): CredentialInputs {
	return {
		env,
		homeDirectory: HOME,
		...extra,
		readFile: async path => files[path]?.[0] ?? Promise.reject(enoent(path)),
		statFile: async path => {
			const file = files[path];
			return file ? {mode: 0o100000 | file[1], uid: 1000} : Promise.reject(enoent(path));
		},
	};
}

const fullEnv = {
	OMS_AUTH_TOKEN: SECRETS.token,
	HUAWEICLOUD_SDK_AK: 'HC_AK',
	HUAWEICLOUD_SDK_SK: 'HC_SK_VALUE',
	HUAWEICLOUD_SDK_SECURITY_TOKEN: SECRETS.securityToken,
	CLOUD_SDK_AK: 'CLOUD_AK',
	CLOUD_SDK_SK: 'CLOUD_SK_VALUE',
};
const profileText = `[basic]\nak = PROFILE_AK\nsk = PROFILE_SK_VALUE\n`;
const allFiles: Record<string, [string, number]> = {
	'/run/token': [`${SECRETS.token}\n`, 0o600],
	[DEFAULT_PROFILE]: [profileText, 0o600],
};

/** The credentials omstop starts with, from the chain without the metadata service (as with OMSTOP_NO_METADATA=1). */
async function resolveCredentials(credentialInputs: CredentialInputs) {
	const {provider, warnings} = await openCredentials({...credentialInputs, metadata: {base: undefined, now: Date.now, userAgent: 'omstop-test'}});
	return {credentials: await provider.current(), warnings};
}

/** Every message and hint produced, to check that no secret leaks into them. */
const seenMessages: string[] = [];

async function rejectsWithConfigError(promise: Promise<unknown>, pattern: RegExp): Promise<ConfigError> {
	try {
		await promise;
	} catch (error: unknown) {
		assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
		assert.equal(error.code, 'config');
		assert.match(`${error.message}\n${error.hint}`, pattern);
		seenMessages.push(error.message, error.hint);
		return error;
	}

	return assert.fail('expected a rejection');
}

describe('resolveCredentials: order of sources', () => {
	test('--token-file wins over everything', async () => {
		const {credentials, warnings} = await resolveCredentials(inputs(fullEnv, allFiles, {tokenFile: '/run/token'}));
		assert.deepEqual(credentials, {kind: 'token', token: SECRETS.token, source: 'token file /run/token'});
		assert.deepEqual(warnings, []);
	});

	test('then OMS_AUTH_TOKEN', async () => {
		const {credentials} = await resolveCredentials(inputs(fullEnv, allFiles));
		assert.deepEqual(credentials, {kind: 'token', token: SECRETS.token, source: 'environment variable OMS_AUTH_TOKEN'});
	});

	test('then HUAWEICLOUD_SDK_AK/SK with the security token', async () => {
		const {OMS_AUTH_TOKEN: _, ...env} = fullEnv;
		const {credentials} = await resolveCredentials(inputs(env, allFiles));
		assert.deepEqual(credentials, {
			kind: 'aksk',
			pair: {accessKey: 'HC_AK', secretKey: 'HC_SK_VALUE', securityToken: SECRETS.securityToken},
			source: 'environment variables HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK',
		});
	});

	test('then CLOUD_SDK_AK/SK', async () => {
		const {credentials} = await resolveCredentials(inputs({CLOUD_SDK_AK: 'CLOUD_AK', CLOUD_SDK_SK: 'CLOUD_SK_VALUE'}, allFiles));
		assert.deepEqual(credentials, {
			kind: 'aksk',
			pair: {accessKey: 'CLOUD_AK', secretKey: 'CLOUD_SK_VALUE'},
			source: 'environment variables CLOUD_SDK_AK/CLOUD_SDK_SK',
		});
	});

	test('then the profile file', async () => {
		const {credentials, warnings} = await resolveCredentials(inputs({}, allFiles));
		assert.deepEqual(credentials, {
			kind: 'aksk',
			pair: {accessKey: 'PROFILE_AK', secretKey: 'PROFILE_SK_VALUE'},
			source: `profile file ${DEFAULT_PROFILE} [basic]`,
		});
		assert.deepEqual(warnings, []);
	});

	test('HUAWEICLOUD_SDK_CREDENTIALS_FILE moves the profile file, security_token is used', async () => {
		const {credentials} = await resolveCredentials(inputs(
			{HUAWEICLOUD_SDK_CREDENTIALS_FILE: '/etc/hc'},
			{'/etc/hc': [`${profileText}security_token = ${SECRETS.securityToken}\n`, 0o600]},
		));
		assert.deepEqual(credentials, {
			kind: 'aksk',
			pair: {accessKey: 'PROFILE_AK', secretKey: 'PROFILE_SK_VALUE', securityToken: SECRETS.securityToken},
			source: 'profile file /etc/hc [basic]',
		});
	});

	test('blank variables count as unset; values are trimmed', async () => {
		const {credentials} = await resolveCredentials(inputs({OMS_AUTH_TOKEN: '  ', HUAWEICLOUD_SDK_AK: ' A1 ', HUAWEICLOUD_SDK_SK: 'S1\n', HUAWEICLOUD_SDK_SECURITY_TOKEN: ''}));
		assert.deepEqual(credentials, {
			kind: 'aksk',
			pair: {accessKey: 'A1', secretKey: 'S1'},
			source: 'environment variables HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK',
		});
	});
});

describe('resolveCredentials: errors and warnings', () => {
	test('an AK without its SK, or the reverse, names the missing variable', async () => {
		await rejectsWithConfigError(resolveCredentials(inputs({HUAWEICLOUD_SDK_AK: SECRETS.ak}, allFiles)), /HUAWEICLOUD_SDK_SK is not/);
		await rejectsWithConfigError(resolveCredentials(inputs({HUAWEICLOUD_SDK_SK: SECRETS.sk}, allFiles)), /HUAWEICLOUD_SDK_AK is not/);
		// A half pair is an error even when a later source is complete: the user meant to use it.
		await rejectsWithConfigError(resolveCredentials(inputs({CLOUD_SDK_AK: SECRETS.ak}, allFiles)), /CLOUD_SDK_SK is not/);
		await rejectsWithConfigError(
			resolveCredentials(inputs({}, {[DEFAULT_PROFILE]: [`[basic]\nsk = ${SECRETS.sk}\n`, 0o600]})),
			/sk is set in \[basic\] of \/home\/op\/\.huaweicloud\/credentials but ak is not/,
		);
	});

	test('nothing found says where it looked and how to set credentials', async () => {
		const error = await rejectsWithConfigError(resolveCredentials(inputs({})), /No credentials found/);
		for (const name of ['OMS_AUTH_TOKEN', 'HUAWEICLOUD_SDK_AK', 'CLOUD_SDK_AK', DEFAULT_PROFILE, '--token-file']) {
			assert.ok(error.hint.includes(name), `hint mentions ${name}`);
		}
	});

	test('a profile file without [basic] credentials counts as nothing found', async () => {
		await rejectsWithConfigError(
			resolveCredentials(inputs({}, {[DEFAULT_PROFILE]: [`[global]\nak = G\nsk = ${SECRETS.sk}\n`, 0o600]})),
			/No credentials found/,
		);
	});

	test('a token file readable by group or others is refused with chmod 600 advice', async () => {
		for (const mode of [0o640, 0o604, 0o620, 0o601]) {
			await rejectsWithConfigError(
				resolveCredentials(inputs({}, {'/run/token': [SECRETS.token, mode]}, {tokenFile: '/run/token'})),
				/other users.*\n.*chmod 600 \/run\/token/s,
			);
		}
	});

	test('an empty or missing token file is an error', async () => {
		await rejectsWithConfigError(resolveCredentials(inputs({}, {'/run/token': [' \n', 0o600]}, {tokenFile: '/run/token'})), /is empty/);
		await rejectsWithConfigError(resolveCredentials(inputs(fullEnv, {}, {tokenFile: '/run/none'})), /Cannot read token file \/run\/none \(ENOENT\)/);
	});

	test('a profile file readable by others is used, with a warning', async () => {
		const {credentials, warnings} = await resolveCredentials(inputs({}, {[DEFAULT_PROFILE]: [profileText, 0o644]}));
		assert.equal(credentials.kind, 'aksk');
		assert.equal(warnings.length, 1);
		assert.match(warnings[0] ?? '', /mode 644.*chmod 600/);
		seenMessages.push(...warnings);
	});

	test('an unreadable profile file is an error, a missing one is not', async () => {
		const eacces = Object.assign(new Error('EACCES'), {code: 'EACCES'});
		await rejectsWithConfigError(
			readProfile({env: {}, homeDirectory: HOME, readFile: async () => Promise.reject(eacces)}),
			/Cannot read the profile file .* \(EACCES\)/,
		);
		assert.equal(await readProfile(inputs({})), undefined);
	});

	test('a real token file: chmod 644 is refused, chmod 600 is read', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'omstop-credentials-'));
		try {
			const path = join(directory, 'token');
			await writeFile(path, `${SECRETS.token}\r\n`);
			const real = {
				env: {},
				homeDirectory: directory,
				tokenFile: path,
				readFile: async (file: string) => readFile(file, 'utf8'),
				statFile: async (file: string) => stat(file),
			};
			await chmod(path, 0o644);
			await rejectsWithConfigError(resolveCredentials(real), /chmod 600/);
			await chmod(path, 0o600);
			const {credentials} = await resolveCredentials(real);
			assert.deepEqual(credentials, {kind: 'token', token: SECRETS.token, source: `token file ${path}`});
		} finally {
			await rm(directory, {recursive: true, force: true});
		}
	});

	test('no message, hint or warning contains a secret value', () => {
		assert.ok(seenMessages.length > 10);
		for (const text of seenMessages) {
			for (const secret of Object.values(SECRETS)) {
				assert.ok(!text.includes(secret), `"${text}" leaks a secret`);
			}
		}
	});
});

describe('profile parsing', () => {
	test('comments, blank lines, whitespace, case of keys; only [basic]', () => {
		const text = [
			'# Huawei Cloud SDK credentials',
			'; another comment',
			'[global]',
			'ak = GLOBAL_AK',
			'sk = GLOBAL_SK',
			'',
			'  [ basic ]  ',
			'  AK=BASIC_AK  ',
			'sk    =   BASIC_SK',
			'security_token = a#b;c=d==',
			'project_id = 0123456789abcdef0123456789abcdef',
			'unknown_key = ignored',
			'not a key value line',
			'[other]',
			'ak = OTHER_AK',
		].join('\r\n');
		assert.deepEqual(parseProfile(text), {
			ak: 'BASIC_AK',
			sk: 'BASIC_SK',
			securityToken: 'a#b;c=d==',
			projectId: '0123456789abcdef0123456789abcdef',
		});
	});

	test('empty values count as absent', () => {
		assert.deepEqual(parseProfile('[basic]\nak =\nsk = S\n'), {sk: 'S'});
		assert.deepEqual(parseProfile(''), {});
	});

	test('readProfile reads the default path or HUAWEICLOUD_SDK_CREDENTIALS_FILE', async () => {
		assert.deepEqual(await readProfile(inputs({}, allFiles)), {ak: 'PROFILE_AK', sk: 'PROFILE_SK_VALUE'});
		assert.deepEqual(
			await readProfile(inputs({HUAWEICLOUD_SDK_CREDENTIALS_FILE: '/etc/hc'}, {'/etc/hc': ['[basic]\nproject_id = P\n', 0o600]})),
			{projectId: 'P'},
		);
	});
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readConfig} from '../source/config/config.js';
import {defaultConfigPath, parseConfigFile} from '../source/config/config-file.js';
import {selectContexts, type ContextFiles} from '../source/config/contexts.js';
import {ConfigError} from '../source/domain/errors.js';
import {MINUTE, SECOND} from '../source/domain/units.js';
import {sanitize} from '../source/format/sanitize.js';

const PATH = '/home/op/.config/omstop/config.toml';

const GOOD = `# two projects
default = "prod"

[contexts.prod]
region = "cn-north-4"
project_id = "0123456789abcdef0123456789abcdef"
label = "production"
color = "red"
interval = "1m"

[contexts.prod.credentials]
profile = "~/.huaweicloud/credentials"
profile_section = "prod"

[contexts.staging]
endpoint = "https://oms.cn-east-3.myhuaweicloud.com"
project_id = "fedcba9876543210fedcba9876543210"
status = "synchronizing"
task_ids = ["t-1", "t-2"]

[contexts.staging.credentials]
ak_env = "STAGING_AK"
sk_env = "STAGING_SK"
`;

test('a good file: its contexts, in order, with their settings and credentials', () => {
	const file = parseConfigFile(GOOD, PATH, 0o644);
	assert.equal(file.defaultContext, 'prod');
	assert.deepEqual(file.contexts.map(context => context.name), ['prod', 'staging']);
	const [prod, staging] = file.contexts;
	assert.equal(prod!.label, 'production');
	assert.equal(prod!.color, 'red');
	assert.equal(prod!.endpoint.href, 'https://oms.cn-north-4.myhuaweicloud.com/');
	assert.equal(prod!.interval, MINUTE);
	assert.deepEqual(prod!.credentials, {kind: 'profile', path: '~/.huaweicloud/credentials', section: 'prod'});
	assert.equal(staging!.label, 'staging', 'the name when no label is given');
	assert.equal(staging!.region, undefined);
	assert.equal(staging!.status, 'SYNCHRONIZING');
	assert.deepEqual(staging!.taskIds, ['t-1', 't-2']);
	assert.deepEqual(staging!.credentials, {kind: 'pair-env', ak: 'STAGING_AK', sk: 'STAGING_SK'});
});

const BAD: Array<[string, string, RegExp, RegExp]> = [
	['a syntax error', 'default = "prod"\n[contexts.prod]\nregion = cn-north-4\n', /config\.toml:3:\d+: /, /TOML/],
	['an unknown key at the top', 'default = "a"\ncolour = "red"\n[contexts.a]\nregion = "cn-north-4"\n', /config\.toml:2: unknown key "colour" at the top/, /default, contexts/],
	['an unknown key in a context', '[contexts.a]\nregion = "cn-north-4"\n\ncolour = "red"\n', /config\.toml:4: unknown key "colour" in context a/, /color/],
	['an unknown key in credentials', '[contexts.a]\nregion = "cn-north-4"\n[contexts.a.credentials]\ntoken_fil = "/t"\n', /config\.toml:4: unknown key "token_fil" in context a \(credentials\)/, /token_file/],
	['a context without a region or endpoint', '[contexts.a]\nregion = "cn-north-4"\n[contexts.b]\nproject_id = "p"\n', /config\.toml:3: context b has no region or endpoint/, /region = "cn-north-4"/],
	['a bad region', '[contexts.a]\nregion = "north"\n', /config\.toml:2: Region "north" is not a region id/, /cn-north-4/],
	['a colour omstop does not know', '[contexts.a]\nregion = "cn-north-4"\ncolor = "teal"\n', /config\.toml:3: color "teal"/, /red, green/],
	['an interval under 5s', '[contexts.a]\nregion = "cn-north-4"\ninterval = "1s"\n', /config\.toml:3: interval "1s"/, /30s/],
	['a default that is no context', 'default = "prod"\n[contexts.a]\nregion = "cn-north-4"\n', /config\.toml:1: default names "prod"/, /Name one of: a/],
	['two credential sources', '[contexts.a]\nregion = "cn-north-4"\n[contexts.a.credentials]\ntoken_env = "T"\nmetadata = true\n', /config\.toml:3: credentials names 2 sources/, /exactly one/],
	['a value where a variable name goes', '[contexts.a]\nregion = "cn-north-4"\n[contexts.a.credentials]\ntoken_env = "MIIabc+/="\n', /config\.toml:4: token_env must name an environment variable/, /not its value/],
];

for (const [name, text, message, hint] of BAD) {
	test(`a bad file is a ConfigError with its line: ${name}`, () => {
		assert.throws(
			() => parseConfigFile(text, PATH, 0o600),
			(error: unknown) => {
				assert.ok(error instanceof ConfigError);
				assert.match(error.message, message);
				assert.match(error.hint, hint);
				return true;
			},
		);
	});
}

test('secrets inline only in a file of mode 600; otherwise refused, naming chmod; never shown', () => {
	const text = '[contexts.a]\nregion = "cn-north-4"\n[contexts.a.credentials]\nak = "AKIDAKIDAKID"\nsk = "sk-secret-inline-1234"\n';
	assert.throws(() => parseConfigFile(text, PATH, 0o644), (error: unknown) => {
		assert.ok(error instanceof ConfigError);
		assert.match(error.message, /config\.toml:4: ak, sk written in the file, which other users can read \(mode 644\)/);
		assert.match(error.hint, /chmod 600/);
		return true;
	});
	const [context] = parseConfigFile(text, PATH, 0o600).contexts;
	assert.deepEqual(context!.credentials, {kind: 'inline-pair', ak: 'AKIDAKIDAKID', sk: 'sk-secret-inline-1234'});
	assert.ok(!sanitize('echo sk-secret-inline-1234').includes('sk-secret-inline-1234'), 'a secret from the file is blanked out of any output');
	assert.doesNotThrow(() => parseConfigFile('[contexts.a]\nregion = "cn-north-4"\n[contexts.a.credentials]\ntoken_env = "PROD_TOKEN"\n', PATH, 0o644), 'names of variables are no secrets');
});

test('the default place follows XDG_CONFIG_HOME', () => {
	assert.equal(defaultConfigPath({}, '/home/op'), '/home/op/.config/omstop/config.toml');
	assert.equal(defaultConfigPath({XDG_CONFIG_HOME: '/cfg'}, '/home/op'), '/cfg/omstop/config.toml');
});

function files(contents: Record<string, string>): ContextFiles & {read: string[]} {
	const read: string[] = [];
	return {
		read,
		homeDirectory: '/home/op',
		async readFile(path) {
			read.push(path);
			const text = contents[path];
			if (text === undefined) {
				throw Object.assign(new Error('missing'), {code: 'ENOENT'});
			}

			return text;
		},
		statFile: async () => ({mode: 0o100600, uid: 1}),
	};
}

async function names(argv: string[], env: Record<string, string> = {}, contents: Record<string, string> = {[PATH]: GOOD}): Promise<string[]> {
	return (await selectContexts(readConfig(argv, env), env, files(contents))).map(context => context.name);
}

async function refusal(argv: string[], env: Record<string, string>, contents: Record<string, string>, message: RegExp): Promise<void> {
	await assert.rejects(selectContexts(readConfig(argv, env), env, files(contents)), (error: unknown) => {
		assert.ok(error instanceof ConfigError);
		assert.match(`${error.message} ${error.hint}`, message);
		return true;
	});
}

test('choosing contexts: the default, --context (repeatable), --all-contexts', async () => {
	assert.deepEqual(await names([]), ['prod']);
	assert.deepEqual(await names(['--context', 'staging']), ['staging']);
	assert.deepEqual(await names(['--context', 'staging', '--context', 'prod']), ['staging', 'prod']);
	assert.deepEqual(await names(['--all-contexts']), ['prod', 'staging']);
	assert.deepEqual(await names(['--config', '/elsewhere.toml', '--all-contexts'], {}, {'/elsewhere.toml': GOOD}), ['prod', 'staging']);
	assert.deepEqual(await names([], {XDG_CONFIG_HOME: '/cfg'}, {'/cfg/omstop/config.toml': '[contexts.only]\nregion = "cn-east-3"\n'}), ['only'], 'a single context needs no default');
});

test('flags given win over the context: interval, status and task ids', async () => {
	const [prod] = await selectContexts(readConfig(['--interval', '10s', '--status', 'stopped', 'x-1'], {}), {}, files({[PATH]: GOOD}));
	assert.equal(prod!.interval, 10 * SECOND);
	assert.equal(prod!.status, 'STOPPED');
	assert.deepEqual(prod!.taskIds, ['x-1']);
	const [staging] = await selectContexts(readConfig(['--context', 'staging'], {}), {}, files({[PATH]: GOOD}));
	assert.equal(staging!.interval, 30 * SECOND, 'the default interval where neither gives one');
});

test('with no file, flags and environment work as before, and --region does not read the file', async () => {
	const given = files({[PATH]: GOOD});
	const [context] = await selectContexts(readConfig(['--region', 'cn-east-3'], {}), {}, given);
	assert.equal(context!.name, 'cn-east-3');
	assert.deepEqual(given.read, [], 'the file is not read');
	assert.deepEqual(await names([], {OMS_ENDPOINT: 'http://127.0.0.1:9'}, {}), ['127.0.0.1:9']);
	assert.deepEqual(await names(['--demo'], {}, {}), ['demo']);
	await refusal([], {}, {}, /No endpoint.*--region/);
});

test('choosing contexts: what is refused, and what to do instead', async () => {
	await refusal(['--context', 'qa'], {}, {[PATH]: GOOD}, /--context qa: .*has no such context.*prod, staging/);
	await refusal(['--context', 'prod'], {}, {}, /No config file at \/home\/op\/\.config\/omstop\/config\.toml/);
	await refusal(['--config', '/nowhere.toml'], {}, {}, /No config file at \/nowhere\.toml/);
	await refusal([], {}, {[PATH]: '[contexts.a]\nregion = "cn-north-4"\n[contexts.b]\nregion = "cn-east-3"\n'}, /2 contexts and no default.*--all-contexts/);
	await refusal(['--all-contexts', 't-1'], {}, {[PATH]: GOOD}, /Task ids on the command line go with one context/);
	assert.throws(() => readConfig(['--context', 'prod', '--region', 'cn-north-4'], {}), /--region does not go with --context/);
});

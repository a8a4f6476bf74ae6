import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {promisify} from 'node:util';
import {buildBundle} from '../scripts/build.js';
import {buildLauncher} from '../scripts/build-binary.js';
import {isTooOld} from '../source/requirements.js';

/**
 * The bundle as `npm run build:bundle` makes it, run by this Node.js: what it holds, that it
 * runs, and that a Node.js too old or a host the executable was not built for gets one line
 * and exit 2. The executable itself and other Node.js versions are tried by `npm run smoke`.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'omstop-bundle-'));
const bundle = join(work, 'omstop.mjs');
const launcher = join(work, 'launcher.cjs');

before(async () => {
	await buildBundle(bundle);
	await buildLauncher(launcher);
});

after(() => {
	rmSync(work, {recursive: true, force: true});
});

type Result = {code: number; stdout: string; stderr: string};

async function node(args: readonly string[]): Promise<Result> {
	try {
		const {stdout, stderr} = await run(process.execPath, args, {env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: work}});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code: number; stdout: string; stderr: string};
		return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
	}
}

/** Makes the process believe it runs elsewhere before the script starts. */
function pretend(property: 'versions' | 'platform', value: string): string[] {
	const replacement = property === 'versions' ? `{...process.versions, node: ${JSON.stringify(value)}}` : JSON.stringify(value);
	return ['--import', `data:text/javascript,Object.defineProperty(process, ${JSON.stringify(property)}, {value: ${replacement}})`];
}

test('the bundle holds Ink with both text caches bounded, React in production and no devtools', () => {
	const text = readFileSync(bundle, 'utf8');
	// Each of Ink's two caches is made as the bounded map that ink-caches.ts writes in (renamed apart by esbuild).
	assert.equal(text.match(/\bcache\d*=new OmstopBoundedMap\d*\b/g)?.length, 2);
	assert.equal(text.match(/this\.size>4096/g)?.length, 2);
	assert.match(text, /react-reconciler\.production/);
	assert.doesNotMatch(text, /react-reconciler\.development|react\.development|node_modules\/react-devtools-core/);
	// The source map beside it points into source/.
	assert.match(readFileSync(`${bundle}.map`, 'utf8'), /"[^"]*\/source\/main\.ts"/);
});

test('the bundle runs on its own: --demo --once --json prints the demo tasks', async () => {
	const result = await node([bundle, '--demo', '--once', '--json']);
	assert.equal(result.code, 0, result.stderr);
	const report = JSON.parse(result.stdout) as {tasks: unknown[]};
	assert.ok(report.tasks.length > 0);
});

test('the bundle knows its version without a package.json beside it', async () => {
	const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	assert.deepEqual(await node([bundle, '--version']), {code: 0, stdout: `omstop ${version}\n`, stderr: ''});
});

test('on a Node.js older than 20.18.1 the bundle says which it needs, in one line, and exits 2', async () => {
	for (const version of ['18.20.8', '20.18.0']) {
		const result = await node([...pretend('versions', version), bundle, '--demo', '--once', '--json']);
		assert.equal(result.code, 2);
		assert.equal(result.stdout, '');
		assert.equal(result.stderr, `omstop needs Node.js 20.18.1 or newer, and this is Node.js ${version}: install a newer Node.js, or use the omstop binary for Linux x64, which carries its own\n`);
	}
});

test('the versions refused are exactly those before 20.18.1', () => {
	for (const old of ['18.20.8', '20.0.0', '20.18.0', 'v20.17.9']) {
		assert.ok(isTooOld(old), old);
	}

	for (const supported of ['20.18.1', '20.19.0', '22.0.0', 'v24.22.3', '26.1.0']) {
		assert.ok(!isTooOld(supported), supported);
	}
});

test("on a host other than Linux x64 the executable's launcher says what it is for, in one line, and exits 2", async () => {
	const result = await node([...pretend('platform', 'darwin'), launcher, '--demo']);
	assert.equal(result.code, 2);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, /^omstop: this executable is for linux x64, and this host is darwin x64: use the omstop npm package instead, on Node\.js 20\.18\.1 or newer\n$/);
});

import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {inkCaches} from '../scripts/build.js';
import {boundInkCache, INK_CACHE_LIMIT, InkChangedError} from '../scripts/ink-caches.js';

/**
 * Ink 6.8's text caches, as the checkout runs them: `postinstall` rewrites the two modules in
 * node_modules (scripts/bound-ink-caches.ts). If Ink changes, or the rewrite stops applying,
 * the modules lose `omstopBoundedCache` and keep growing, and these tests fail.
 */

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));
/** The two modules as Ink 6.8.0 publishes them, before any rewrite (from the registry's ink-6.8.0.tgz). */
const PRISTINE = fileURLToPath(new URL('fixtures/ink-6.8.0/', import.meta.url));

type Cache = Map<string, unknown>;

async function inkModule<T>(name: string): Promise<{default: T; omstopBoundedCache?: Cache}> {
	return import(pathToFileURL(join(inkBuild, name)).href) as Promise<{default: T; omstopBoundedCache?: Cache}>;
}

function boundedCacheOf(module: {omstopBoundedCache?: Cache}, name: string): Cache {
	assert.ok(module.omstopBoundedCache instanceof Map, `ink/build/${name} is not bounded: run \`node --import tsx scripts/bound-ink-caches.ts\` and read its warning`);
	return module.omstopBoundedCache;
}

const MANY = INK_CACHE_LIMIT * 3;

test("Ink's measureText keeps at most 4,096 texts, the most recently used, and still measures right", async () => {
	const module = await inkModule<(text: string) => {width: number; height: number}>('measure-text.js');
	const cache = boundedCacheOf(module, 'measure-text.js');
	const measure = module.default;
	assert.deepEqual(measure('kept'), {width: 4, height: 1});
	for (let index = 0; index < MANY; index++) {
		measure(`row ${index}\nx`);
		// Used all along, so never the least recently used.
		measure('kept');
	}

	assert.equal(cache.size, INK_CACHE_LIMIT);
	assert.ok(cache.has('kept'));
	assert.ok(!cache.has('row 0\nx'));
	assert.deepEqual(measure(`row ${MANY - 1}\nx`), {width: `row ${MANY - 1}`.length, height: 2});
	assert.deepEqual(measure('wide 表'), {width: 7, height: 1});
});

test("Ink's wrapText keeps at most 4,096 texts and still wraps and truncates right", async () => {
	const module = await inkModule<(text: string, width: number, wrap: string) => string>('wrap-text.js');
	const cache = boundedCacheOf(module, 'wrap-text.js');
	const wrap = module.default;
	for (let index = 0; index < MANY; index++) {
		wrap(`task ${index} is synchronizing`, 12, index % 2 === 0 ? 'wrap' : 'truncate-end');
	}

	assert.equal(cache.size, INK_CACHE_LIMIT);
	assert.equal(wrap('abcdefghij', 5, 'wrap'), 'abcde\nfghij');
	assert.equal(wrap('abcdefghij', 5, 'truncate-end'), 'abcd…');
	assert.equal(wrap('abcdefghij', 5, 'truncate-end'), 'abcd…');
});

test("Ink 6.8.0's published modules, rewritten, are exactly what the install left in node_modules", () => {
	for (const name of ['measure-text.js', 'wrap-text.js']) {
		assert.equal(boundInkCache(name, readFileSync(join(PRISTINE, name), 'utf8')), readFileSync(join(inkBuild, name), 'utf8'));
	}
});

test("the bundle's plugin bounds Ink 6.8.0's published modules, whatever the install did", async () => {
	const work = mkdtempSync(join(tmpdir(), 'omstop-ink-'));
	try {
		cpSync(PRISTINE, join(work, 'node_modules', 'ink', 'build'), {recursive: true});
		const bundled = join(work, 'bundled.mjs');
		await build({
			stdin: {
				contents: "export {default as measure, omstopBoundedCache as measured} from './node_modules/ink/build/measure-text.js'; export {omstopBoundedCache as wrapped} from './node_modules/ink/build/wrap-text.js';",
				resolveDir: work,
			},
			// Ink's own dependencies come from the checkout.
			nodePaths: [dirname(dirname(inkBuild))],
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: bundled,
			plugins: [inkCaches],
			logLevel: 'silent',
		});
		const module = await import(pathToFileURL(bundled).href) as {measure: (text: string) => unknown; measured: Cache; wrapped: Cache};
		for (let index = 0; index < MANY; index++) {
			module.measure(`text ${index}`);
		}

		assert.equal(module.measured.size, INK_CACHE_LIMIT);
		assert.ok(module.wrapped instanceof Map);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
});

test('the rewrite leaves a module it already bounded as it is, and refuses a module it does not know', () => {
	for (const name of ['measure-text.js', 'wrap-text.js']) {
		const installed = readFileSync(join(inkBuild, name), 'utf8');
		assert.equal(boundInkCache(name, installed), installed);
		assert.throws(() => boundInkCache(name, 'const cache = new LRU(4096);\nexport default () => 0;\n'), InkChangedError);
	}
});

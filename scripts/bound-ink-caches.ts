/**
 * Run by `postinstall`: bounds the text caches of the Ink in node_modules, so that runs from a
 * checkout (`node dist/source/cli.js`, the tests) do not grow without end either. See
 * ink-caches.ts for why. When Ink has changed it says so and leaves Ink as it is: the install
 * still succeeds, and test/ink-caches.test.ts fails until the rewrite is brought up to date.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {boundInkCache, INK_CACHE_MODULES, InkChangedError} from './ink-caches.js';

/** Ink's build directory, found as Node finds Ink (its `exports` hide package.json). */
function inkBuildDirectory(): string | undefined {
	try {
		return dirname(createRequire(import.meta.url).resolve('ink'));
	} catch {
		return undefined;
	}
}

const build = inkBuildDirectory();
if (build === undefined) {
	console.warn('omstop: Ink is not installed, so there are no Ink caches to bound');
} else {
	for (const name of INK_CACHE_MODULES) {
		const file = join(build, name);
		try {
			const source = readFileSync(file, 'utf8');
			const bounded = boundInkCache(name, source);
			if (bounded !== source) {
				writeFileSync(file, bounded);
			}
		} catch (error) {
			if (!(error instanceof InkChangedError || (error as NodeJS.ErrnoException).code === 'ENOENT')) {
				throw error;
			}

			console.warn(`omstop: ${error instanceof Error ? error.message : String(error)}; see README.md, "Ink's text caches"`);
		}
	}
}

/**
 * Ink 6.8 keeps every text it has measured (`build/measure-text.js`) and every text it has
 * wrapped (`build/wrap-text.js`) in module-level maps that never let go: a monitor left open
 * for days grows by megabytes a day. Ink 8 bounds both with a 4,096-entry LRU but needs
 * Node 22. Until omstop can move to it, these rewrites give Ink 6.8's two modules the same
 * bound: at install for runs from a checkout (bound-ink-caches.ts), and at bundle time for
 * the bundle (build.ts). Each rewrite matches Ink's text exactly; when Ink changes, the
 * rewrite refuses rather than guess, and test/ink-caches.test.ts fails.
 */

/** As in Ink 8: enough for every text on a full screen many times over. */
export const INK_CACHE_LIMIT = 4096;

/** What a rewritten module starts with, so that a second run leaves it alone. */
const MARKER = '/* omstop: cache bounded (scripts/ink-caches.ts) */';

/**
 * A Map that forgets its least recently used entry past the limit. Written into Ink's module
 * (it may import nothing of omstop's), and exported under a name of ours for the test.
 */
const BOUNDED_MAP = `${MARKER}
class OmstopBoundedMap extends Map {
    get(key) {
        const value = super.get(key);
        if (value !== undefined) {
            super.delete(key);
            super.set(key, value);
        }
        return value;
    }
    set(key, value) {
        super.delete(key);
        super.set(key, value);
        if (this.size > ${INK_CACHE_LIMIT}) {
            super.delete(this.keys().next().value);
        }
        return this;
    }
}`;

/** Exported for test/ink-caches.test.ts, which checks the bound on the module as loaded. */
const EXPORT = 'export { cache as omstopBoundedCache };';

type Replacement = readonly [original: string, bounded: string];

/** Ink 6.8.0's text for each module, and what takes its place. */
const REWRITES: Readonly<Record<string, readonly Replacement[]>> = {
	'measure-text.js': [['const cache = new Map();', `${BOUNDED_MAP}\nconst cache = new OmstopBoundedMap();`]],
	'wrap-text.js': [
		['const cache = {};', `${BOUNDED_MAP}\nconst cache = new OmstopBoundedMap();`],
		['const cachedText = cache[cacheKey];', 'const cachedText = cache.get(cacheKey);'],
		['cache[cacheKey] = wrappedText;', 'cache.set(cacheKey, wrappedText);'],
	],
};

/** The file names (in `ink/build/`) that are rewritten. */
export const INK_CACHE_MODULES = Object.keys(REWRITES);

export class InkChangedError extends Error {}

function occurrences(text: string, part: string): number {
	return text.split(part).length - 1;
}

/**
 * Ink's module `name` with its cache bounded. A module already rewritten comes back as it is;
 * one whose text is not Ink 6.8's throws InkChangedError, naming what it did not find.
 */
export function boundInkCache(name: string, source: string): string {
	const replacements = REWRITES[name];
	if (replacements === undefined) {
		throw new InkChangedError(`No rewrite for ink/build/${name}`);
	}

	if (source.includes(MARKER)) {
		return source;
	}

	let text = source;
	for (const [original, bounded] of replacements) {
		if (occurrences(text, original) !== 1) {
			throw new InkChangedError(`ink/build/${name} no longer has \`${original}\` exactly once: Ink has changed, so its cache is not bounded`);
		}

		text = text.replace(original, () => bounded);
	}

	// Before the source-map comment, which must stay last.
	return text.replace(/(\n\/\/# sourceMappingURL=[^\n]*)?$/, match => `\n${EXPORT}${match}`);
}

import {readFileSync} from 'node:fs';

/** Written in by the bundle's build (scripts/build.ts): the bundle has no package.json at a fixed place beside it. */
declare const OMSTOP_BUILD_VERSION: string | undefined;

/** The package version: the bundle's own, or found from here whether running from source/ or dist/source/. */
export function readVersion(): string {
	if (typeof OMSTOP_BUILD_VERSION === 'string') {
		return OMSTOP_BUILD_VERSION;
	}

	for (const relative of ['../../package.json', '../../../package.json']) {
		try {
			const parsed = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {name?: string; version?: string};
			if (parsed.name === 'omstop' && typeof parsed.version === 'string') {
				return parsed.version;
			}
		} catch {}
	}

	return 'unknown';
}

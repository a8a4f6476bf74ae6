import {readFileSync} from 'node:fs';

/** The package version, found from here whether running from source/ or dist/source/. */
export function readVersion(): string {
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

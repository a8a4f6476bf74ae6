/**
 * `npm run package`: the npm package an operator installs with `npm install -g ./omstop-<version>.tgz`,
 * offline. It holds the bundle, its source map, README.md and a package.json without
 * dependencies (all are in the bundle) and without the checkout's install scripts, which would
 * not run there (see bound-ink-caches.ts). Writes dist/omstop-<version>.tgz.
 */
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildBundle} from './build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAGE = join(ROOT, 'dist', 'package');

/** The fields of the checkout's package.json that the installed package keeps. */
const KEPT = ['name', 'version', 'description', 'type', 'license', 'bin', 'engines', 'files'] as const;

/** Builds the tarball; returns its path. */
export async function buildPackage(): Promise<string> {
	await buildBundle();
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {files: string[]};
	rmSync(STAGE, {recursive: true, force: true});
	mkdirSync(join(STAGE, 'dist'), {recursive: true});
	writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(Object.fromEntries(KEPT.map(key => [key, manifest[key]])), undefined, 2)}\n`);
	for (const file of ['README.md', ...manifest.files]) {
		copyFileSync(join(ROOT, file), join(STAGE, file));
	}

	const [packed] = JSON.parse(execFileSync('npm', ['pack', STAGE, '--json', '--pack-destination', join(ROOT, 'dist')], {encoding: 'utf8'})) as Array<{filename: string}>;
	rmSync(STAGE, {recursive: true, force: true});
	return join(ROOT, 'dist', packed!.filename);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await buildPackage());
}

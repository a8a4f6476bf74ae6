/**
 * The entry of the single executable (scripts/build-binary.ts), built as CommonJS because a
 * single executable's entry must be CommonJS on Node 20 and 22. The bundle itself, ESM, is
 * an asset of the executable: it is written once into a directory only this user can write
 * to, checked byte for byte against the asset at every start, and imported from there, so
 * that it runs as a file, with its own path in stack traces, as the npm package's does.
 */
import {randomBytes} from 'node:crypto';
import {lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {getAsset} from 'node:sea';
import {pathToFileURL} from 'node:url';
import {BINARY_ASSET, binaryProblem, bundleFileName} from './platform.js';

/** A directory that only this user can write to: made so when new, refused otherwise. */
function privateDirectory(path: string): boolean {
	try {
		mkdirSync(path, {recursive: true, mode: 0o700});
		const stat = lstatSync(path);
		return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
	} catch {
		return false;
	}
}

/** Where the bundle is kept between runs: the user's cache, or a directory of this run's own. */
function bundleDirectory(): {path: string; temporary: boolean} {
	const cache = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
	const kept = join(cache, 'omstop');
	if (privateDirectory(kept)) {
		return {path: kept, temporary: false};
	}

	return {path: mkdtempSync(join(tmpdir(), 'omstop-')), temporary: true};
}

function sameContent(path: string, content: Buffer): boolean {
	try {
		return readFileSync(path).equals(content);
	} catch {
		return false;
	}
}

/** The bundle as a file, written anew unless the file there already holds exactly the asset. */
function bundleFile(content: Buffer): string {
	const directory = bundleDirectory();
	if (directory.temporary) {
		process.on('exit', () => {
			rmSync(directory.path, {recursive: true, force: true});
		});
	}

	const file = join(directory.path, bundleFileName(content));
	if (!sameContent(file, content)) {
		// Written beside and renamed, so that a second omstop starting now never reads half a file.
		const partial = `${file}.${randomBytes(6).toString('hex')}`;
		writeFileSync(partial, content, {mode: 0o600});
		renameSync(partial, file);
	}

	return file;
}

function fail(error: unknown): void {
	// The bundle reports its own errors; this is only for one that kept it from loading at all.
	process.stderr.write(`omstop: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 70;
}

const problem = binaryProblem(process.platform, process.arch);
if (problem === undefined) {
	try {
		import(pathToFileURL(bundleFile(Buffer.from(getAsset(BINARY_ASSET)))).href).catch(fail);
	} catch (error) {
		fail(error);
	}
} else {
	process.stderr.write(`${problem}\n`);
	process.exitCode = 2;
}

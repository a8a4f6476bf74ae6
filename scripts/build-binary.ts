/**
 * `npm run build:binary`: a single executable for Linux x64 that carries its own Node.js, for
 * hosts with no Node.js or one too old. It is Node.js 24 from the npm registry (fetch-node.ts)
 * with a Node single-executable-application blob put in by postject: the launcher
 * (source/binary/launcher.ts, CommonJS) as its entry and the bundle as an asset. Writes
 * dist/binary/omstop-linux-x64, its SHA256SUMS and LICENSES.txt (Node's and the bundle's), and nothing else there.
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {BINARY_ASSET, BINARY_TARGET} from '../source/binary/platform.js';
import {BUNDLE, buildBundle, NOTICES} from './build.js';
import {fetchNode, NODE, nodeLicense} from './fetch-node.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BINARY_DIRECTORY = join(ROOT, 'dist', 'binary');
export const BINARY = join(BINARY_DIRECTORY, `omstop-${BINARY_TARGET.platform}-${BINARY_TARGET.arch}`);
/** The Node.js line the executable carries: an LTS line, supported until April 2028. */
export const BINARY_NODE = 24;
/** Node's own name for the blob's section, and the fuse it flips to say that there is one. */
const SEA_RESOURCE = 'NODE_SEA_BLOB';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** The executable's entry, as CommonJS: on Node 20 and 22 a single executable's entry must be. */
export async function buildLauncher(outfile: string): Promise<void> {
	await build({
		entryPoints: [join(ROOT, 'source', 'binary', 'launcher.ts')],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: `node${NODE[BINARY_NODE].version}`,
		logLevel: 'warning',
	});
}

export async function buildBinary(): Promise<void> {
	const node = fetchNode(BINARY_NODE);
	await buildBundle();
	const work = mkdtempSync(join(tmpdir(), 'omstop-binary-'));
	try {
		const launcher = join(work, 'launcher.cjs');
		await buildLauncher(launcher);
		const blob = join(work, 'sea.blob');
		writeFileSync(join(work, 'sea-config.json'), JSON.stringify({
			main: launcher,
			output: blob,
			disableExperimentalSEAWarning: true,
			assets: {[BINARY_ASSET]: BUNDLE},
		}));
		// The blob is made by the very Node.js that will run it: its format is that version's.
		execFileSync(node, ['--experimental-sea-config', join(work, 'sea-config.json')], {cwd: work, stdio: 'pipe'});

		mkdirSync(BINARY_DIRECTORY, {recursive: true});
		rmSync(BINARY, {force: true});
		copyFileSync(node, BINARY);
		chmodSync(BINARY, 0o755);
		const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
		// Its warnings about ELF note sections are known to be harmless; a failure still throws with them.
		execFileSync(process.execPath, [postject, BINARY, SEA_RESOURCE, blob, '--sentinel-fuse', SEA_FUSE], {stdio: 'pipe'});
	} finally {
		rmSync(work, {recursive: true, force: true});
	}

	writeFileSync(join(BINARY_DIRECTORY, 'LICENSES.txt'), `The Node.js ${NODE[BINARY_NODE].version} in this executable, under its licence:\n\n${readFileSync(nodeLicense(BINARY_NODE), 'utf8')}\n${'='.repeat(72)}\n\n${readFileSync(join(dirname(BUNDLE), NOTICES), 'utf8')}`);
	const sum = createHash('sha256').update(readFileSync(BINARY)).digest('hex');
	writeFileSync(join(BINARY_DIRECTORY, 'SHA256SUMS'), `${sum}  ${basename(BINARY)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await buildBinary();
}

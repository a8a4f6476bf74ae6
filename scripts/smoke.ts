/**
 * `npm run smoke` (run by .ci/run after the tests): omstop as it ships, on every Node.js it
 * supports. Builds the npm package and the executable, installs the package as an operator
 * would on a host with no registry, then for this machine's Node.js (20), and Node.js 22 and
 * 24 from the npm registry, and for the executable with no Node.js on PATH at all:
 *   - `--demo --once --json` prints JSON that parses, exit 0;
 *   - the monitor is drawn in a pseudo-terminal, shows its tasks live, and `q` ends it, exit 0.
 * The bundle on Node.js 18 must refuse in one line with exit 2. Exits 1 when anything fails.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {Pty} from '../test/helpers/pty.js';
import {BINARY, BINARY_DIRECTORY, buildBinary} from './build-binary.js';
import {BUNDLE} from './build.js';
import {fetchNode, NODE, type NodeLine} from './fetch-node.js';
import {buildPackage} from './package.js';

const work = mkdtempSync(join(tmpdir(), 'omstop-smoke-'));
/** The overview's "live" column: data has come in and been drawn. */
const LIVE = / live\b/;

type Way = {
	readonly name: string;
	/** The command that starts omstop, before its own arguments. */
	readonly command: readonly string[];
	readonly env: Record<string, string>;
};

function environment(path: string): Record<string, string> {
	return {PATH: path, HOME: work, TERM: 'xterm-256color', LANG: 'C.UTF-8'};
}

function once(way: Way): void {
	const [file, ...args] = way.command;
	const output = execFileSync(file!, [...args, '--demo', '--once', '--json'], {env: way.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});
	const report = JSON.parse(output) as {tasks?: unknown[]};
	if (!Array.isArray(report.tasks) || report.tasks.length === 0) {
		throw new Error(`no tasks in ${output.slice(0, 200)}`);
	}
}

async function monitor(way: Way): Promise<void> {
	const pty = new Pty({columns: 120, rows: 40, command: [...way.command, '--demo'], env: way.env});
	try {
		await pty.waitFor(LIVE, 20_000);
	} finally {
		const code = await pty.stop();
		if (code !== 0) {
			throw new Error(`q ended the monitor with exit ${String(code)}`);
		}
	}
}

let failed = 0;
async function check(name: string, step: () => void | Promise<void>): Promise<void> {
	const started = performance.now();
	try {
		await step();
		console.log(`ok   ${name} (${Math.round(performance.now() - started)} ms)`);
	} catch (error) {
		failed++;
		console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
	}
}

try {
	const tarball = await buildPackage();
	await buildBinary();
	execFileSync('sha256sum', ['--check', '--quiet', 'SHA256SUMS'], {cwd: BINARY_DIRECTORY, stdio: 'inherit'});

	// As on a jump host with no route to a registry: an unreachable one, and an empty cache.
	const prefix = join(work, 'prefix');
	execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
		env: {...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(work, 'npm-cache'), npm_config_offline: 'true'},
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const installed = join(prefix, 'bin', 'omstop');

	const nodes: Array<[string, string]> = [[process.versions.node, process.execPath]];
	for (const line of [22, 24] as const satisfies readonly NodeLine[]) {
		nodes.push([NODE[line].version, fetchNode(line)]);
	}

	const ways: Way[] = [];
	for (const [version, node] of nodes) {
		// The installed bin runs on whichever node is first on PATH, as its #! line says.
		const path = `${dirname(node)}:/usr/bin:/bin`;
		ways.push({name: `bundle on Node.js ${version}`, command: [node, BUNDLE], env: environment(path)}, {name: `installed package on Node.js ${version}`, command: [installed], env: environment(path)});
	}

	// No Node.js anywhere: `env -i` leaves nothing of this machine's, PATH leads nowhere.
	ways.push({name: 'executable with no Node.js on PATH', command: ['/usr/bin/env', '-i', 'PATH=/nonexistent', `HOME=${work}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', BINARY], env: environment('/usr/bin:/bin')});

	for (const way of ways) {
		await check(`${way.name}: --demo --once --json`, () => {
			once(way);
		});
		await check(`${way.name}: the monitor drawn, then q`, async () => monitor(way));
	}

	await check(`bundle on Node.js ${NODE[18].version}: refused in one line, exit 2`, () => {
		try {
			execFileSync(fetchNode(18), [BUNDLE, '--demo', '--once', '--json'], {env: environment('/usr/bin:/bin'), encoding: 'utf8', stdio: 'pipe'});
		} catch (error) {
			const {status, stdout, stderr} = error as {status: number; stdout: string; stderr: string};
			if (status === 2 && stdout === '' && /^omstop needs Node\.js [\d.]+ or newer, [^\n]+\n$/.test(stderr)) {
				return;
			}

			throw new Error(`exit ${status}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`);
		}

		throw new Error('it ran');
	});
} finally {
	rmSync(work, {recursive: true, force: true});
}

if (failed > 0) {
	console.log(`${failed} smoke checks failed`);
	process.exitCode = 1;
}

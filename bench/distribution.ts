import {execFileSync} from 'node:child_process';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import type {Simulator} from '../source/simulator/index.js';
import {Pty} from '../test/helpers/pty.js';
import {CLI, DATA_SHOWN, omstopEnvironment} from './helpers/omstop.js';
import {residentMemory} from './helpers/probe.js';
import {sleep, type Figure} from './helpers/stats.js';

const RUNS = 7;
/** How long omstop sits with its data on screen before its RSS is read. */
const IDLE = 5000;
const MB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = `${ROOT}dist/omstop.mjs`;
const BINARY = `${ROOT}dist/binary/omstop-linux-x64`;

/** Node.js 24 as the executable carries it, from the registry (scripts/fetch-node.ts): it tells the executable's cost from its Node's. */
function node24(): string {
	return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/fetch-node.ts', '24'], {cwd: ROOT, encoding: 'utf8'}).trim();
}

const FORMS = ['modules', 'bundle', 'bundle-node24', 'binary'] as const;
type Form = (typeof FORMS)[number];

/** How omstop is started: the tsc output module by module (as from a checkout), the bundle on this Node.js and on 24, the executable. */
function commands(): Record<Form, readonly string[]> {
	return {modules: [process.execPath, CLI], bundle: [process.execPath, BUNDLE], 'bundle-node24': [node24(), BUNDLE], binary: [BINARY]};
}

/** One start on the overview at 120×40: to Ink's first frame, and the RSS after IDLE with data shown. */
async function once(simulator: Simulator, command: readonly string[]): Promise<{first: number; rss: number}> {
	const pty = new Pty({columns: 120, rows: 40, command: [...command, '--endpoint', simulator.url, '--interval', '5s'], env: omstopEnvironment(simulator)});
	try {
		await pty.waitFor(DATA_SHOWN.overview, 10_000);
		await sleep(IDLE);
		return {first: pty.firstFrameAt! - pty.startedAt, rss: residentMemory(await pty.pid()).rss / MB};
	} finally {
		await pty.stop();
	}
}

function size(file: string): number {
	return statSync(file).size / MB;
}

/**
 * 7. The forms omstop ships in (issue 15): start-up and idle RSS of the bundle and the
 * executable against the modules as tsc writes them, taken in turn within each run (never two
 * at once), and the size of what is copied to a host. Builds the package and the executable
 * first, as `npm run package` and `npm run build:binary` do.
 */
export async function measureDistribution(simulator: Simulator): Promise<Figure[]> {
	execFileSync('npm', ['run', '--silent', 'package'], {cwd: ROOT, stdio: 'ignore'});
	execFileSync('npm', ['run', '--silent', 'build:binary'], {cwd: ROOT, stdio: 'ignore'});
	const command = commands();
	// Warm-ups, not counted: the file cache, and the executable's first start, which writes its bundle out.
	for (const form of FORMS) {
		await once(simulator, command[form]);
	}

	const samples = Object.fromEntries(FORMS.map(form => [form, {first: [] as number[], rss: [] as number[]}])) as Record<Form, {first: number[]; rss: number[]}>;
	for (let run = 0; run < RUNS; run++) {
		for (const form of FORMS) {
			const result = await once(simulator, command[form]);
			samples[form].first.push(result.first);
			samples[form].rss.push(result.rss);
		}
	}

	const ratio = (form: Form, field: 'first' | 'rss'): NonNullable<Figure['ratio']> => ({samples: samples[form][field].map((value, run) => value / samples.modules[field][run]!), of: 'modules'});
	const tarball = readdirSync(`${ROOT}dist`).find(name => /^omstop-.+\.tgz$/.test(name))!;
	return [
		...FORMS.map((form): Figure => ({name: `dist.first-frame.${form}`, unit: 'ms', samples: samples[form].first, ...(form === 'modules' ? {} : {ratio: ratio(form, 'first')})})),
		...FORMS.map((form): Figure => ({name: `dist.idle-rss.${form}`, unit: 'MB', samples: samples[form].rss, ...(form === 'modules' ? {} : {ratio: ratio(form, 'rss')})})),
		{name: 'dist.size.bundle', unit: 'MB', samples: [size(BUNDLE)]},
		{name: 'dist.size.bundle-source-map', unit: 'MB', samples: [size(`${BUNDLE}.map`)]},
		{name: 'dist.size.tarball', unit: 'MB', samples: [size(`${ROOT}dist/${tarball}`)]},
		{name: 'dist.size.binary', unit: 'MB', samples: [size(BINARY)]},
		{name: 'dist.size.binary-gzip', unit: 'MB', samples: [gzipSync(readFileSync(BINARY)).length / MB]},
	];
}

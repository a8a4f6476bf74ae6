import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Simulator} from '../../source/simulator/index.js';
import {Pty} from '../../test/helpers/pty.js';
import {sleep} from './stats.js';

/** The built CLI, next to this file's build output (dist/bench/helpers → dist/source). */
export const CLI = fileURLToPath(new URL('../../source/cli.js', import.meta.url));
/** What cli.ts loads: every module omstop runs on, as a URL for import(). */
export const MAIN_URL = new URL('../../source/main.js', import.meta.url).href;

/** A home with no profile file in it, so that nothing of the user's is read; made when first needed. */
let home: string | undefined;
function benchHome(): string {
	home ??= mkdtempSync(join(tmpdir(), 'omstop-bench-'));
	return home;
}

export function removeHome(): void {
	if (home !== undefined) {
		rmSync(home, {recursive: true, force: true});
		home = undefined;
	}
}

/** Only what omstop needs: no proxy, no credentials or CI flags of the caller's. */
export function omstopEnvironment(simulator: Simulator): Record<string, string> {
	return {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		HOME: benchHome(),
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		OMS_AUTH_TOKEN: simulator.token,
		HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId,
	};
}

export type OmstopRun = {
	readonly simulator: Simulator;
	readonly columns: number;
	readonly rows: number;
	/** Flags and task ids after --endpoint. */
	readonly args: readonly string[];
	/** Flags for node itself (V8's), before the script. */
	readonly nodeFlags?: readonly string[];
	/** More environment variables. */
	readonly env?: Readonly<Record<string, string>>;
	/** Another build's cli.js (a baseline); this build's by default. */
	readonly cli?: string;
};

/** omstop against the simulator in a terminal of the given size. */
export function startOmstop(run: OmstopRun): Pty {
	return new Pty({
		columns: run.columns,
		rows: run.rows,
		command: [process.execPath, ...(run.nodeFlags ?? []), run.cli ?? CLI, '--endpoint', run.simulator.url, ...run.args],
		env: {...omstopEnvironment(run.simulator), ...run.env},
	});
}

/** What shows that data has arrived: the task screen's LIVE, the overview's "live" column. */
export const DATA_SHOWN = {task: /LIVE/, overview: / live\b/} as const;
export type Screen = keyof typeof DATA_SHOWN;

/** The built heap probe (see heap-probe.ts), for node's --import. */
const HEAP_PROBE = fileURLToPath(new URL('heap-probe.js', import.meta.url));
let probes = 0;

export type HeapProbe = {
	/** For startOmstop: what loads the probe. */
	readonly nodeFlags: string[];
	readonly env: Record<string, string>;
	/** The live heap (bytes) after a full collection, now. */
	liveHeap(pty: Pty): Promise<number>;
};

/** A heap probe for one omstop run; its answers are files in the bench's temporary home. */
export function heapProbe(): HeapProbe {
	const file = join(benchHome(), `heap-${probes++}.json`);
	return {
		nodeFlags: ['--expose-gc', '--import', HEAP_PROBE],
		env: {OMSTOP_BENCH_HEAP_FILE: file},
		async liveHeap(pty) {
			rmSync(file, {force: true});
			process.kill(await pty.pid(), 'SIGUSR2');
			const deadline = performance.now() + 5000;
			while (!existsSync(file) && performance.now() < deadline) {
				await sleep(20);
			}

			// Written whole by one writeFileSync; a moment more so that it is closed.
			await sleep(20);
			return (JSON.parse(readFileSync(file, 'utf8')) as {heapUsed: number}).heapUsed;
		},
	};
}

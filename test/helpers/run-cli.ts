import {PassThrough} from 'node:stream';
import {main, type Io} from '../../source/main.js';
import type {EpochMs} from '../../source/domain/units.js';

export type CliRun = {code: number; stdout: string; stderr: string};

/** Runs omstop in this process with captured output, a fixed clock and only the given environment. */
export async function runCli(argv: string[], env: Record<string, string>, now: () => EpochMs): Promise<CliRun> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const chunks = {stdout: [] as Buffer[], stderr: [] as Buffer[]};
	stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
	stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
	const code = await main(argv, {HOME: '/nonexistent', ...env}, {stdout, stderr, stdin: new PassThrough(), now});
	return {code, stdout: Buffer.concat(chunks.stdout).toString('utf8'), stderr: Buffer.concat(chunks.stderr).toString('utf8')};
}

export type RunningCli = {
	/** Everything written to stdout so far. */
	stdout(): string;
	stderr(): string;
	/** Resolves when stdout holds at least `count` complete lines. */
	lines(count: number): Promise<string[]>;
	/** Resolves when main() returns. */
	readonly done: Promise<number>;
};

/**
 * Starts omstop in this process without waiting for it to end: for the modes that run until
 * a signal (the JSON stream, serve). `io` adds a fake clock or a listener; end it with
 * process.emit('SIGTERM').
 */
export function startCli(argv: string[], env: Record<string, string>, now: () => EpochMs, io: Partial<Io> = {}): RunningCli {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	const waiters = new Set<() => void>();
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
		for (const waiter of waiters) {
			waiter();
		}
	});
	stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString('utf8');
	});
	const complete = (): string[] => out.split('\n').slice(0, -1);
	return {
		stdout: () => out,
		stderr: () => err,
		async lines(count) {
			await new Promise<void>(resolve => {
				const check = (): void => {
					if (complete().length >= count) {
						waiters.delete(check);
						resolve();
					}
				};

				waiters.add(check);
				check();
			});
			return complete();
		},
		done: main(argv, {HOME: '/nonexistent', ...env}, {stdout, stderr, stdin: new PassThrough(), now, ...io}),
	};
}

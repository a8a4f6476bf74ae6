import {execFileSync, spawn, type ChildProcessByStdio} from 'node:child_process';
import {readFileSync, readlinkSync} from 'node:fs';
import type {Readable, Writable} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';

/** Ink brackets every frame with these (synchronized update) on a terminal. */
export const BEGIN_FRAME = '\u001B[?2026h';
export const END_FRAME = '\u001B[?2026l';
/** Ink's first write hides the cursor; with BEGIN_FRAME, the sign that a frame has come. */
const FIRST_FRAME = /\u001B\[\?(?:25l|2026h)/;
const ANSI = /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

export type Chunk = {readonly at: number; readonly data: Buffer};

export type PtyOptions = {
	readonly columns: number;
	readonly rows: number;
	/** The command run in the terminal, as argv: each part is shell-quoted. */
	readonly command: readonly string[];
	/** The whole environment of the command. */
	readonly env: Readonly<Record<string, string>>;
};

function quote(word: string): string {
	return `'${word.replaceAll("'", String.raw`'\''`)}'`;
}

/**
 * A command in a pseudo-terminal of a given size, run by util-linux `script`: what it
 * writes is recorded with the time it arrived, byte for byte (stdout and stderr both, as
 * on a terminal); keys go in through `press`. The shell execs the command, so the
 * command's pid is the child of `script`.
 */
export class Pty {
	/** performance.now() just before the spawn. */
	readonly startedAt: number;
	readonly chunks: Chunk[] = [];
	readonly exited: Promise<number | null>;
	readonly #child: ChildProcessByStdio<Writable, Readable, Readable>;
	/** Everything received, one character per byte (latin1), so that lengths are byte counts. */
	#text = '';
	/** Offsets into #text where each chunk starts. */
	readonly #offsets: number[] = [];
	#firstFrameAt: number | undefined;
	readonly #listeners = new Set<() => void>();
	#pid: number | undefined;
	#error: Error | undefined;

	constructor(options: PtyOptions) {
		const line = `stty cols ${options.columns} rows ${options.rows}; exec ${options.command.map(quote).join(' ')}`;
		this.startedAt = performance.now();
		this.#child = spawn('script', ['-qfec', line, '/dev/null'], {env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
		this.#child.stdout.on('data', (data: Buffer) => {
			const at = performance.now();
			this.chunks.push({at, data});
			this.#offsets.push(this.#text.length);
			const text = data.toString('latin1');
			this.#text += text;
			if (this.#firstFrameAt === undefined && FIRST_FRAME.test(this.#text.slice(-text.length - 16))) {
				this.#firstFrameAt = at;
			}

			for (const listener of this.#listeners) {
				listener();
			}
		});
		this.#child.on('error', error => {
			this.#error = new Error(`Could not run script from util-linux: ${error.message}`);
			for (const listener of this.#listeners) {
				listener();
			}
		});
		this.#child.stderr.resume();
		this.exited = new Promise(resolve => {
			this.#child.on('exit', code => {
				resolve(code);
			});
			this.#child.on('error', () => {
				resolve(null);
			});
		});
	}

	/** Everything received so far; one character per byte. */
	get text(): string {
		return this.#text;
	}

	/** When Ink's first frame arrived (performance.now()), once it has. */
	get firstFrameAt(): number | undefined {
		return this.#firstFrameAt;
	}

	/** Offset in `text` of the first byte that arrived at or after `at`. */
	offsetAt(at: number): number {
		const index = this.chunks.findIndex(chunk => chunk.at >= at);
		return index === -1 ? this.#text.length : this.#offsets[index]!;
	}

	/** When the byte at `offset` arrived. */
	timeOf(offset: number): number {
		let index = this.#offsets.length - 1;
		while (index > 0 && this.#offsets[index]! > offset) {
			index--;
		}

		return this.chunks[index]?.at ?? this.startedAt;
	}

	/** Resolves with the arrival time of the output that made the text (escapes removed) match. */
	async waitFor(pattern: RegExp, timeout: number): Promise<number> {
		return new Promise((resolve, reject) => {
			const check = (): void => {
				if (this.#error !== undefined) {
					done();
					reject(this.#error);
				} else if (pattern.test(this.#text.replace(ANSI, ''))) {
					done();
					resolve(this.chunks.at(-1)?.at ?? performance.now());
				}
			};

			const timer = setTimeout(() => {
				done();
				reject(new Error(`No ${String(pattern)} on the terminal within ${timeout} ms; it shows:\n${this.#text.replace(ANSI, '').slice(-2000)}`));
			}, timeout);
			const done = (): void => {
				clearTimeout(timer);
				this.#listeners.delete(check);
			};

			this.#listeners.add(check);
			check();
		});
	}

	/** The command's pid, once it runs: the first process under `script` that is not a shell. */
	async pid(): Promise<number> {
		const deadline = performance.now() + 5000;
		while (this.#pid === undefined) {
			this.#pid = commandUnder(this.#child.pid!);
			if (this.#pid !== undefined) {
				break;
			}

			if (performance.now() > deadline) {
				throw new Error('The command in the terminal did not start');
			}

			await sleep(5);
		}

		return this.#pid;
	}

	/** Changes the terminal's size; the kernel sends SIGWINCH to the command. */
	async resize(columns: number, rows: number): Promise<void> {
		const tty = readlinkSync(`/proc/${await this.pid()}/fd/0`);
		execFileSync('stty', ['-F', tty, 'cols', String(columns), 'rows', String(rows)]);
	}

	/** Closes the terminal under the command, as sshd does when the connection is lost. */
	hangUp(): void {
		this.#child.kill('SIGKILL');
	}

	press(keys: string): void {
		this.#child.stdin.write(keys);
	}

	/** Quits with `q`; if that does not end it within 3 s, SIGTERM, then SIGKILL. */
	async stop(): Promise<number | null> {
		if (this.#child.exitCode !== null) {
			return this.exited;
		}

		this.press('q');
		const ended = await Promise.race([this.exited.then(() => true), sleep(3000).then(() => false)]);
		if (!ended) {
			if (this.#pid !== undefined) {
				try {
					process.kill(this.#pid, 'SIGTERM');
				} catch {
					// Already gone.
				}
			}

			const terminated = await Promise.race([this.exited.then(() => true), sleep(2000).then(() => false)]);
			if (!terminated) {
				this.#child.kill('SIGKILL');
			}
		}

		return this.exited;
	}
}

function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
	} catch {
		// Gone, or not started yet.
		return [];
	}
}

function commandUnder(root: number): number | undefined {
	for (const child of childrenOf(root)) {
		try {
			if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() !== 'sh') {
				return child;
			}
		} catch {
			continue;
		}

		const below = commandUnder(child);
		if (below !== undefined) {
			return below;
		}
	}

	return undefined;
}

/** Frames as the terminal received them: each from a BEGIN_FRAME to the next (one character a byte), with its arrival time. */
export function framesOf(pty: Pty): Array<{at: number; text: string}> {
	const {text} = pty;
	const starts: number[] = [];
	for (let index = text.indexOf(BEGIN_FRAME); index !== -1; index = text.indexOf(BEGIN_FRAME, index + 1)) {
		starts.push(index);
	}

	return starts.map((start, index) => ({at: pty.timeOf(start), text: text.slice(start, starts[index + 1])}));
}

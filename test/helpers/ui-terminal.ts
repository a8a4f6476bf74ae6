import {EventEmitter} from 'node:events';
import {setTimeout as delay} from 'node:timers/promises';

/**
 * Just enough of a VT100 to replay what Ink writes and see what a person would see: text,
 * CR/LF (LF as CR LF, like a tty's output processing), scrolling, cursor up/down/
 * forward/back/next line/column/home, erase in line and display. Colours and modes are ignored.
 */
export class Terminal {
	columns: number;
	rows: number;
	screen: string[][];
	/** Lines scrolled off the top, oldest first. */
	readonly scrollback: string[] = [];
	row = 0;
	column = 0;
	#wrapPending = false;

	constructor(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.screen = Array.from({length: rows}, () => this.#blank());
	}

	#blank(): string[] {
		return Array.from({length: this.columns}, () => ' ');
	}

	/** Visible lines, trailing spaces trimmed. */
	get lines(): string[] {
		return this.screen.map(line => line.join('').trimEnd());
	}

	resize(columns: number, rows: number): void {
		// Like xterm without reflow: lines are cut or padded; rows are added at the bottom, and
		// taken from the top (into the scrollback) when the cursor would fall off the bottom.
		const overflow = Math.max(0, this.row - (rows - 1));
		for (let index = 0; index < overflow; index++) {
			this.scrollback.push(this.screen.shift()!.join('').trimEnd());
		}

		this.row -= overflow;
		this.screen = Array.from({length: rows}, (_, index) => {
			const old = this.screen[index] ?? [];
			return Array.from({length: columns}, (_, column) => old[column] ?? ' ');
		});
		this.columns = columns;
		this.rows = rows;
		this.row = Math.min(this.row, rows - 1);
		this.column = Math.min(this.column, columns - 1);
	}

	#lineFeed(): void {
		if (this.row === this.rows - 1) {
			this.scrollback.push(this.screen.shift()!.join('').trimEnd());
			this.screen.push(this.#blank());
		} else {
			this.row++;
		}
	}

	#put(character: string): void {
		if (this.#wrapPending) {
			this.column = 0;
			this.#lineFeed();
			this.#wrapPending = false;
		}

		this.screen[this.row]![this.column] = character;
		if (this.column === this.columns - 1) {
			this.#wrapPending = true;
		} else {
			this.column++;
		}
	}

	write(data: string): void {
		const pattern = /\u001B\[([?>=]?)([\d;]*)([\u0020-\u002F]*)([\u0040-\u007E])|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[\u0040-\u005F]|[\s\S]/gu;
		for (const match of data.matchAll(pattern)) {
			const [token, privateMark, parameters = '', , final] = match;
			if (final === undefined) {
				if (token === '\n') {
					this.column = 0;
					this.#wrapPending = false;
					this.#lineFeed();
				} else if (token === '\r') {
					this.column = 0;
					this.#wrapPending = false;
				} else if (token.startsWith('\u001B') || token === '\u0007') {
					// OSC, other escapes and the bell: nothing to draw.
				} else {
					this.#put(token);
				}

				continue;
			}

			if (privateMark !== '') {
				continue;
			}

			const numbers = parameters.split(';').map(part => (part === '' ? undefined : Number(part)));
			const n = numbers[0] ?? 1;
			// With a wrap pending the cursor stands past the last column (as tmux keeps it): erasing from there erases nothing.
			const pastEnd = this.#wrapPending;
			this.#wrapPending = false;
			switch (final) {
				case 'A': {
					this.row = Math.max(0, this.row - Math.max(1, n));
					break;
				}

				case 'B': {
					this.row = Math.min(this.rows - 1, this.row + Math.max(1, n));
					break;
				}

				case 'E': {
					this.row = Math.min(this.rows - 1, this.row + Math.max(1, n));
					this.column = 0;
					break;
				}

				case 'F': {
					this.row = Math.max(0, this.row - Math.max(1, n));
					this.column = 0;
					break;
				}

				case 'C': {
					this.column = Math.min(this.columns - 1, this.column + Math.max(1, n));
					break;
				}

				case 'D': {
					this.column = Math.max(0, this.column - Math.max(1, n));
					break;
				}

				case 'G': {
					this.column = Math.min(this.columns - 1, Math.max(1, n) - 1);
					break;
				}

				case 'H': {
					this.row = Math.min(this.rows - 1, (numbers[0] ?? 1) - 1);
					this.column = Math.min(this.columns - 1, (numbers[1] ?? 1) - 1);
					break;
				}

				case 'J': {
					const mode = numbers[0] ?? 0;
					if (mode === 2) {
						this.screen = Array.from({length: this.rows}, () => this.#blank());
					} else if (mode === 3) {
						this.scrollback.length = 0;
					} else if (mode === 0) {
						this.screen[this.row]!.fill(' ', this.column);
						for (let row = this.row + 1; row < this.rows; row++) {
							this.screen[row] = this.#blank();
						}
					}

					break;
				}

				case 'K': {
					const mode = numbers[0] ?? 0;
					const line = this.screen[this.row]!;
					if (mode === 0) {
						line.fill(' ', pastEnd ? this.columns : this.column);
					} else if (mode === 1) {
						line.fill(' ', 0, this.column + 1);
					} else {
						line.fill(' ');
					}

					break;
				}

				default: {
					// SGR and anything else: no effect on the text.
				}
			}
		}
	}
}

/** A terminal's stdout as Ink sees it: a TTY of a size, writing into a Terminal. */
export class TerminalStdout extends EventEmitter {
	readonly isTTY = true;
	readonly terminal: Terminal;
	/** Everything written, in order. */
	readonly writes: string[] = [];

	constructor(terminal: Terminal) {
		super();
		this.terminal = terminal;
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	write = (chunk: string | Uint8Array, callback?: unknown): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.writes.push(text);
		this.terminal.write(text);
		if (typeof callback === 'function') {
			(callback as () => void)();
		}

		return true;
	};

	resize(columns: number, rows: number): void {
		this.terminal.resize(columns, rows);
		this.emit('resize');
	}
}

/** A keyboard as Ink reads it: raw mode recorded, keys pushed with press(). */
export class FakeStdin extends EventEmitter {
	readonly isTTY: boolean;
	isRaw = false;
	readonly rawModeCalls: boolean[] = [];
	#data: string | null = null;

	constructor(isTTY: boolean) {
		super();
		this.isTTY = isTTY;
	}

	press(data: string): void {
		this.#data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const data = this.#data;
		this.#data = null;
		return data;
	};

	setRawMode(isRaw: boolean): this {
		this.isRaw = isRaw;
		this.rawModeCalls.push(isRaw);
		return this;
	}

	setEncoding(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** The terminal's lines once they match and stay so past Ink's next frame. */
export async function waitForScreen(terminal: Terminal, predicate: (lines: string[]) => boolean, timeout = 5000): Promise<string[]> {
	const deadline = Date.now() + timeout;
	for (;;) {
		// Ink draws at most 10 frames a second: let the last one out before looking.
		if (predicate(terminal.lines)) {
			await delay(150);
			if (predicate(terminal.lines)) {
				return terminal.lines;
			}
		}

		if (Date.now() > deadline) {
			throw new Error(`The screen never matched:\n${terminal.lines.join('\n')}`);
		}

		await delay(10);
	}
}

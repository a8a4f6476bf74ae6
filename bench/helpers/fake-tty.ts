import {EventEmitter} from 'node:events';
import {BEGIN_FRAME, END_FRAME} from '../../test/helpers/pty.js';

/** A terminal's stdout as Ink sees it, of a fixed size, counting what is written and throwing it away. */
export class CountingStdout extends EventEmitter {
	readonly isTTY = true;
	readonly columns: number;
	readonly rows: number;
	bytes = 0;
	/** Writes other than the synchronized-update brackets around each. */
	frames = 0;

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (chunk: string | Uint8Array, callback?: unknown): boolean => {
		this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		if (chunk !== BEGIN_FRAME && chunk !== END_FRAME) {
			this.frames++;
		}
		if (typeof callback === 'function') {
			(callback as () => void)();
		}

		return true;
	};
}

import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {ReactElement} from 'react';
import {FakeStdin} from './ui-terminal.js';

class SizedStdout extends EventEmitter {
	readonly isTTY = false;
	columns: number;
	rows: number;
	frames: string[] = [];

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};
}

/**
 * ink-testing-library with a stdout of a chosen size: its own is always 100 columns wide
 * and has no rows. Debug mode, as there: every frame whole, also when CI is set.
 */
export function renderSized(element: ReactElement, size: {columns: number; rows: number}) {
	const stdout = new SizedStdout(size.columns, size.rows);
	const stdin = new FakeStdin(true);
	const instance = render(element, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		lastFrame: (): string | undefined => stdout.frames.at(-1),
		resize(columns: number, rows: number): void {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
		},
		rerender: instance.rerender,
		async unmount(): Promise<void> {
			// Asked before unmounting: asked after, Ink leaves a beforeExit listener behind.
			const exited = instance.waitUntilExit();
			instance.unmount();
			await exited;
		},
	};
}

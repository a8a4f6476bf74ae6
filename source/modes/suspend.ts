export const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

/** What suspending needs of the process: a signal to itself, and the one that says it runs again. */
export type SuspendHost = {
	readonly pid: number;
	kill(pid: number, signal: 'SIGTSTP'): unknown;
	once(event: 'SIGCONT', listener: () => void): unknown;
};

type Tty = {isTTY?: boolean; isRaw?: boolean; setRawMode?(mode: boolean): unknown};

/**
 * Ctrl-Z: in raw mode the terminal sends it as a key, so omstop stops itself as the
 * terminal would have: the terminal given back as the shell expects it (cooked, cursor
 * shown), then SIGTSTP. Resolves when the shell continues it (`fg`, SIGCONT), with raw mode
 * and the hidden cursor back; the caller draws the screen again.
 */
export async function suspend(stdout: NodeJS.WritableStream, stdin: Tty, host: SuspendHost = process): Promise<void> {
	const wasRaw = stdin.isTTY === true && stdin.isRaw === true;
	if (wasRaw) {
		stdin.setRawMode?.(false);
	}

	stdout.write(SHOW_CURSOR);
	const resumed = new Promise<void>(resolve => {
		host.once('SIGCONT', resolve);
	});
	host.kill(host.pid, 'SIGTSTP');
	await resumed;
	if (wasRaw) {
		stdin.setRawMode?.(true);
	}

	stdout.write(HIDE_CURSOR);
}

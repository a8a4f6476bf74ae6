export const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

/** What suspending needs of the process: a signal to itself, and the one that says it runs again. */
export type SuspendHost = {
	readonly pid: number;
	kill(pid: number, signal: 'SIGTSTP'): unknown;
	once(event: 'SIGCONT', listener: () => void): unknown;
	off(event: 'SIGCONT', listener: () => void): unknown;
};

/**
 * The kernel drops SIGTSTP for a process no job-control shell started (an orphaned process
 * group: `tmux new 'omstop'`, `sh -c`): the process goes on at once and no SIGCONT comes.
 * A process that was stopped goes on only after `fg`, long after this.
 */
const NOT_STOPPED_AFTER = 100;

type Tty = {isTTY?: boolean; isRaw?: boolean; setRawMode?(mode: boolean): unknown};

/**
 * Ctrl-Z: in raw mode the terminal sends it as a key, so omstop stops itself as the
 * terminal would have: the terminal given back as the shell expects it (cooked, cursor
 * shown), then SIGTSTP. Resolves when the shell continues it (`fg`, SIGCONT), or at once
 * when the kernel dropped the signal, with raw mode and the hidden cursor back; the caller
 * draws the screen again.
 */
export async function suspend(stdout: NodeJS.WritableStream, stdin: Tty, host: SuspendHost = process): Promise<void> {
	const wasRaw = stdin.isTTY === true && stdin.isRaw === true;
	if (wasRaw) {
		stdin.setRawMode?.(false);
	}

	stdout.write(SHOW_CURSOR);
	let onContinue: (() => void) | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const resumed = new Promise<void>(resolve => {
		onContinue = resolve;
		host.once('SIGCONT', resolve);
		timer = setTimeout(resolve, NOT_STOPPED_AFTER);
	});
	host.kill(host.pid, 'SIGTSTP');
	await resumed;
	clearTimeout(timer);
	host.off('SIGCONT', onContinue!);
	if (wasRaw) {
		stdin.setRawMode?.(true);
	}

	stdout.write(HIDE_CURSOR);
}

#!/usr/bin/env node
import {closeSync} from 'node:fs';
import {exitCodeFor} from './modes/stop-signals.js';

// React must see production mode before it loads: in development it records a
// performance entry per render, and a monitor left running for days grows without end.
process.env['NODE_ENV'] ??= 'production';
// Ink draws nothing but the last frame when it thinks it runs in CI; on a real terminal it does not.
if (process.stdout.isTTY && process.env['CI'] !== undefined) {
	process.env['CI'] = 'false';
}

/** An error nobody caught: the terminal is given back before anything is printed. */
function crash(error: unknown): void {
	try {
		if (process.stdin.isTTY && process.stdin.isRaw) {
			process.stdin.setRawMode(false);
		}

		if (process.stdout.isTTY) {
			process.stdout.write('\u001B[?25h\n');
		}
	} catch {
		// The terminal may be gone (SSH dropped); the message still goes to stderr.
	}

	const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.stderr.write(`omstop: unexpected error, please report it:\n${text}\n`);
	process.exit(70);
}

/**
 * Node 20 aborts at exit (status 134, a core dump) when it cannot put back the terminal
 * modes it found at start, as happens once the terminal has hung up (nodejs/node#51519,
 * fixed in later releases). It leaves alone descriptors that no longer refer to the file
 * they did at start, so omstop closes them first; raw mode and the cursor were already
 * given back wherever the terminal could still take them.
 */
function letGoOfTerminal(): void {
	for (const fd of [0, 1, 2]) {
		try {
			closeSync(fd);
		} catch {
			// Already closed.
		}
	}
}

/** 128 + SIGPIPE, what the shell reports for a tool killed by a closed pipe. */
const EXIT_OUTPUT_GONE = 141;

/**
 * Whoever reads omstop's output went away: `| head` closed the pipe (EPIPE), or the SSH
 * session dropped under the terminal (EIO). Nothing more can be shown or reported, so
 * omstop ends as a Unix tool does when its pipe closes.
 */
function outputGone(): void {
	letGoOfTerminal();
	process.exit(EXIT_OUTPUT_GONE);
}

process.stdout.on('error', outputGone);
process.stderr.on('error', outputGone);
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const {main} = await import('./main.js');
const code = await main(process.argv.slice(2), process.env, {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	now: Date.now,
});
// A hang-up usually means the terminal is gone.
if (code === exitCodeFor('SIGHUP')) {
	letGoOfTerminal();
}

process.exitCode = code;

#!/usr/bin/env node
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

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const {main} = await import('./main.js');
process.exitCode = await main(process.argv.slice(2), process.env, {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	now: Date.now,
});

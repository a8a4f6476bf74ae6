#!/usr/bin/env node
// React must see production mode before it loads: in development it records a
// performance entry per render, and a monitor left running for days grows without end.
process.env['NODE_ENV'] ??= 'production';

const {main} = await import('./main.js');
process.exitCode = await main(process.argv.slice(2), process.env, {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	now: Date.now,
});

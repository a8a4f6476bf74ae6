import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {parseJson} from '../../source/client/json.js';

/**
 * A process test in the long suite: omstop hears that its reader went away only at its next
 * write, and the JSON stream writes once a cycle (5 s at the shortest interval). The same
 * exit on a closed pipe is checked quickly in npm test with the plain lines (cli.test.ts),
 * which are written at every poll.
 */

type Document = {tasks: unknown[]};

test('omstop --json stops as a closed pipe does when its reader goes away: 141, no crash report', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', '--demo', '--json', '--interval', '5s'], {
		env: {...process.env, NO_COLOR: ''},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	let stdout = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	await new Promise<void>(resolve => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			if (stdout.includes('\n')) {
				resolve();
			}
		});
	});
	child.stdout.destroy();
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	assert.equal(code, 141, stderr);
	assert.doesNotMatch(stderr, /unexpected error/);
	const first = parseJson(stdout.split('\n')[0]!) as Document;
	assert.equal(first.tasks.length, 5);
});

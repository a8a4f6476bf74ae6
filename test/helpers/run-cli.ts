import {PassThrough} from 'node:stream';
import {main} from '../../source/main.js';
import type {EpochMs} from '../../source/domain/units.js';

export type CliRun = {code: number; stdout: string; stderr: string};

/**
 * Runs omstop in this process with captured output, a fixed clock and only the given
 * environment; the ECS metadata service is not asked unless the environment says where it is.
 */
export async function runCli(argv: string[], env: Record<string, string>, now: () => EpochMs): Promise<CliRun> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const chunks = {stdout: [] as Buffer[], stderr: [] as Buffer[]};
	stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
	stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
	const code = await main(argv, {HOME: '/nonexistent', ...(env['OMSTOP_METADATA_URL_FOR_TESTS'] === undefined ? {OMSTOP_NO_METADATA: '1'} : {}), ...env}, {stdout, stderr, stdin: new PassThrough(), now});
	return {code, stdout: Buffer.concat(chunks.stdout).toString('utf8'), stderr: Buffer.concat(chunks.stderr).toString('utf8')};
}

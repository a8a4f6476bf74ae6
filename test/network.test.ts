import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer as createHttpServer, request as httpRequest} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, type AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {NetworkError} from '../source/domain/errors.js';
import {HOUR} from '../source/domain/units.js';
import {SEEDED_TASK_IDS, startSimulator, type Simulator} from '../source/simulator/index.js';
import {clientFor} from './helpers/connect.js';
import {runCli} from './helpers/run-cli.js';

const NOW = Date.now();
const directory = mkdtempSync(join(tmpdir(), 'omstop-tls-'));
const certificate = join(directory, 'cert.pem');
const key = join(directory, 'key.pem');
let simulator: Simulator;
let httpsUrl: string;
let closeHttps: () => Promise<void>;

/** A TLS front for the simulator with a self-signed certificate for localhost. */
before(async () => {
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], {stdio: 'ignore'});
	simulator = await startSimulator();
	const target = new URL(simulator.url);
	const front = createHttpsServer({cert: readFileSync(certificate), key: readFileSync(key)}, (request, response) => {
		const forward = httpRequest(
			{host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers},
			upstream => {
				response.writeHead(upstream.statusCode ?? 502, upstream.headers);
				upstream.pipe(response);
			},
		);
		request.pipe(forward);
	});
	await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
	httpsUrl = `https://localhost:${(front.address() as AddressInfo).port}`;
	closeHttps = async () =>
		new Promise<void>(resolve => {
			front.closeAllConnections();
			front.close(() => resolve());
		});
});

after(async () => {
	await closeHttps();
	await simulator.close();
	rmSync(directory, {recursive: true, force: true});
});

function spawnCli(env: Record<string, string>): Promise<{code: number | null; output: string}> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', '--once', '--json', '--window', '1h', SEEDED_TASK_IDS.steady], {
		env: {PATH: process.env['PATH'] ?? '', HOME: directory, OMS_ENDPOINT: httpsUrl, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	return new Promise(resolve => child.on('exit', code => resolve({code, output})));
}

test('a certificate that does not verify is refused with a TLS error that says what to do', async () => {
	const client = clientFor(simulator, {endpoint: httpsUrl});
	await assert.rejects(client.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW), (error: unknown) => {
		assert.ok(error instanceof NetworkError);
		assert.equal(error.failure, 'tls');
		assert.match(error.hint, /NODE_EXTRA_CA_CERTS/);
		return true;
	});
	await client.close();
});

test('a custom CA works through NODE_EXTRA_CA_CERTS', async () => {
	const run = await spawnCli({NODE_EXTRA_CA_CERTS: certificate});
	assert.equal(run.code, 0, run.output);
	assert.match(run.output, /"sync_task_id":"4fb05cd2/);
});

// In this process, not a spawned one: Node reads NODE_TLS_REJECT_UNAUTHORIZED at each TLS
// connection, not at start (unlike NODE_EXTRA_CA_CERTS above).
test('NODE_TLS_REJECT_UNAUTHORIZED=0 does not turn verification off', async () => {
	// Node warns, once, that the variable makes TLS insecure: that warning is expected.
	process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
	try {
		const run = await runCli(['--once', '--json', '--window', '1h', SEEDED_TASK_IDS.steady], {OMS_ENDPOINT: httpsUrl, OMS_AUTH_TOKEN: simulator.token, HUAWEICLOUD_SDK_PROJECT_ID: simulator.projectId}, () => NOW);
		assert.equal(run.code, 1);
		assert.match(run.stdout + run.stderr, /TLS verification/);
	} finally {
		delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
	}
});

test('HTTP(S)_PROXY is honoured through a CONNECT proxy, and NO_PROXY bypasses it', async () => {
	const tunnels: string[] = [];
	const proxy = createHttpServer();
	proxy.on('connect', (request, client, head) => {
		tunnels.push(request.url ?? '');
		const [host, port] = (request.url ?? '').split(':');
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	process.env['HTTP_PROXY'] = proxyUrl;
	process.env['HTTPS_PROXY'] = proxyUrl;
	try {
		const proxied = clientFor(simulator);
		const answer = await proxied.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW);
		assert.equal(answer.taskId, SEEDED_TASK_IDS.steady);
		assert.deepEqual(tunnels, [new URL(simulator.url).host]);
		await proxied.close();

		process.env['NO_PROXY'] = '127.0.0.1';
		const direct = clientFor(simulator);
		await direct.statistics(SEEDED_TASK_IDS.steady, NOW - HOUR, NOW);
		assert.equal(tunnels.length, 1, 'NO_PROXY went around the proxy');
		await direct.close();
	} finally {
		delete process.env['HTTP_PROXY'];
		delete process.env['HTTPS_PROXY'];
		delete process.env['NO_PROXY'];
		proxy.closeAllConnections();
		await new Promise<void>(resolve => proxy.close(() => resolve()));
	}
});

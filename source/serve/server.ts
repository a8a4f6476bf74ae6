import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {Counter, Gauge, Registry} from 'prom-client';
import type {ListenAddress} from '../config/config.js';
import {ConfigError} from '../domain/errors.js';
import {FAMILIES, type Family, type Sample, type Scrape} from './metrics.js';

export type MetricsServer = {
	/** Such as http://127.0.0.1:9464, with the port actually bound. */
	readonly url: string;
	close(): Promise<void>;
};

/** The text Prometheus scrapes, and its content type. */
export type Exposition = {
	readonly contentType: string;
	text(): Promise<string>;
};

/**
 * prom-client metrics filled at scrape time from `scrape()` through their collect hook, never
 * from timers. prom-client collects every metric in one synchronous pass, so one scrape maps
 * one snapshot per context, taken once.
 */
export function exposition(scrape: () => Scrape): Exposition {
	const registry = new Registry();
	let current: Scrape | undefined;
	const samplesOf = (family: Family): Sample[] => {
		current ??= scrape();
		return family.samples(current);
	};

	for (const family of FAMILIES) {
		const options = {name: family.name, help: family.help, labelNames: family.labelNames, registers: [registry]};
		if (family.type === 'counter') {
			new Counter({
				...options,
				collect() {
					this.reset();
					for (const {labels, value} of samplesOf(family)) {
						this.inc(labels, value);
					}
				},
			});
		} else {
			new Gauge({
				...options,
				collect() {
					this.reset();
					for (const {labels, value} of samplesOf(family)) {
						this.set(labels, value);
					}
				},
			});
		}
	}

	return {
		contentType: registry.contentType,
		async text() {
			current = undefined;
			return registry.metrics();
		},
	};
}

function addressError(error: NodeJS.ErrnoException, address: ListenAddress): ConfigError {
	const where = `${address.host}:${address.port}`;
	const reason =
		error.code === 'EADDRINUSE'
			? 'is in use by another program'
			: error.code === 'EACCES'
				? 'needs privileges omstop does not have'
				: error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
					? 'is not an address of this machine'
					: `cannot be listened on (${error.code ?? error.message})`;
	return new ConfigError(`--listen ${where} ${reason}`, 'Give another address or port with --listen, such as --listen 127.0.0.1:9465.');
}

/** Serves /metrics (Prometheus text format) and /healthz on the address given. */
export async function startMetricsServer(address: ListenAddress, metrics: Exposition): Promise<MetricsServer> {
	const server: Server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://omstop').pathname;
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405, {Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8'}).end('Only GET and HEAD\n');
		} else if (path === '/metrics') {
			metrics.text().then(
				text => response.writeHead(200, {'Content-Type': metrics.contentType}).end(request.method === 'HEAD' ? undefined : text),
				(error: unknown) => response.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8'}).end(`Collecting failed: ${String(error)}\n`),
			);
		} else if (path === '/healthz') {
			// Liveness of omstop itself; whether the API answers is omstop_up.
			response.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8'}).end('ok\n');
		} else {
			response.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('Not found: omstop serves /metrics and /healthz\n');
		}
	});
	// A slow or stuck client must not hold a socket for ever.
	server.requestTimeout = 30_000;
	server.headersTimeout = 10_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			reject(addressError(error, address));
		});
		server.listen(address.port, address.host, resolve);
	});
	const bound = server.address() as AddressInfo;
	const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
	return {
		url: `http://${host}:${bound.port}`,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

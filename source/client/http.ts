import {EnvHttpProxyAgent, request, type Dispatcher} from 'undici';
import {NetworkError, OmstopError, ResponseError, TimeoutError, type NetworkFailure} from '../domain/errors.js';
import type {DurationMs} from '../domain/units.js';

export type HttpLimits = {
	/** TCP and TLS handshake. */
	readonly connectTimeout: DurationMs;
	/** From the request sent to the response headers. */
	readonly headersTimeout: DurationMs;
	/** Longest silence while the body arrives. */
	readonly bodyTimeout: DurationMs;
	/** A larger body is refused: 5 series of 1000 points are about 250 KB. */
	readonly maxBodyBytes: number;
};

export const DEFAULT_LIMITS: HttpLimits = {
	connectTimeout: 10_000,
	headersTimeout: 20_000,
	bodyTimeout: 20_000,
	maxBodyBytes: 4 * 1024 * 1024,
};

export type HttpAnswer = {
	readonly status: number;
	readonly headers: Readonly<Record<string, string | undefined>>;
	readonly body: string;
};

/**
 * The one dispatcher for every API call. It honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY,
 * and always verifies TLS (extra CAs come from NODE_EXTRA_CA_CERTS, as anywhere in Node).
 */
export function createDispatcher(limits: HttpLimits): Dispatcher {
	return new EnvHttpProxyAgent({
		connect: {timeout: limits.connectTimeout, rejectUnauthorized: true},
		headersTimeout: limits.headersTimeout,
		bodyTimeout: limits.bodyTimeout,
	});
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function errorCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string') {
			return code;
		}

		current = (current as {cause?: unknown}).cause;
	}

	return undefined;
}

function isTlsCode(code: string): boolean {
	return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}

/** Maps what undici and the socket threw into omstop's errors, naming the host, never headers. */
export function toTransportError(error: unknown, host: string): OmstopError {
	if (error instanceof OmstopError) {
		return error;
	}

	const code = errorCodeOf(error) ?? '';
	switch (code) {
		case 'UND_ERR_CONNECT_TIMEOUT': {
			return new TimeoutError('connect', `Could not connect to ${host} in time`, 'Check the network path to the endpoint, or HTTPS_PROXY if one is needed.', {cause: error});
		}

		case 'UND_ERR_HEADERS_TIMEOUT': {
			return new TimeoutError('headers', `${host} did not answer in time`, 'The service is slow; omstop retries.', {cause: error});
		}

		case 'UND_ERR_BODY_TIMEOUT': {
			return new TimeoutError('body', `${host} stopped sending its answer`, 'The service is slow; omstop retries.', {cause: error});
		}

		default: {
			break;
		}
	}

	const failure: NetworkFailure = DNS_CODES.has(code)
		? 'dns'
		: code === 'ECONNREFUSED'
			? 'refused'
			: RESET_CODES.has(code)
				? 'reset'
				: isTlsCode(code)
					? 'tls'
					: 'other';
	const messages: Record<NetworkFailure, [string, string]> = {
		dns: [`Cannot resolve ${host}`, 'Check --endpoint or --region, and DNS on this machine.'],
		refused: [`${host} refused the connection`, 'Check --endpoint; is the service (or proxy) listening there?'],
		reset: [`The connection to ${host} was closed before the answer was complete`, 'omstop retries; a proxy or the network may be dropping connections.'],
		tls: [`TLS verification with ${host} failed (${code})`, 'If a proxy re-signs traffic, add its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.'],
		other: [`Request to ${host} failed${code ? ` (${code})` : ''}`, 'Check the network path to the endpoint.'],
	};
	const [message, hint] = messages[failure];
	return new NetworkError(failure, message, hint, {cause: error});
}

export async function get(
	dispatcher: Dispatcher,
	url: URL,
	headers: Readonly<Record<string, string>>,
	limits: HttpLimits,
	signal?: AbortSignal,
): Promise<HttpAnswer> {
	return send(dispatcher, 'GET', url, headers, limits, signal);
}

/** One request without a body (GET, or the PUT that asks the ECS metadata service for a session token). */
export async function send(
	dispatcher: Dispatcher,
	method: 'GET' | 'PUT',
	url: URL,
	headers: Readonly<Record<string, string>>,
	limits: HttpLimits,
	signal?: AbortSignal,
): Promise<HttpAnswer> {
	try {
		const response = await request(url, {method, headers, dispatcher, signal});
		const chunks: Uint8Array[] = [];
		let size = 0;
		for await (const chunk of response.body) {
			size += (chunk as Uint8Array).byteLength;
			if (size > limits.maxBodyBytes) {
				response.body.destroy();
				throw new ResponseError(
					`The answer from ${url.host} is larger than ${limits.maxBodyBytes} bytes`,
					'A statistics answer is normally under 300 KB; check --endpoint points at the OMS API.',
				);
			}

			chunks.push(chunk as Uint8Array);
		}

		const responseHeaders: Record<string, string | undefined> = {};
		for (const [name, value] of Object.entries(response.headers)) {
			responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
		}

		return {status: response.statusCode, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8')};
	} catch (error) {
		if (signal?.aborted) {
			throw signal.reason ?? error;
		}

		throw toTransportError(error, url.host);
	}
}

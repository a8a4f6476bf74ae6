import type {DurationMs, EpochMs} from '../../source/domain/units.js';
import {jsonReply, textReply} from '../../source/simulator/responses.js';
import {listen, type RequestRecord} from '../../source/simulator/server.js';

export type IssuedKey = {readonly accessKey: string; readonly secretKey: string; readonly securityToken: string; readonly expiresAt: EpochMs};

export type MetadataServer = {
	/** Such as http://127.0.0.1:PORT. */
	readonly url: string;
	/** Every key handed out, oldest first. */
	readonly issued: readonly IssuedKey[];
	readonly requests: readonly RequestRecord[];
	/** The next securitykey requests are answered with this status and body instead. */
	fail(status: number, body: string): void;
	close(): Promise<void>;
};

export type MetadataServerOptions = {
	readonly now: () => EpochMs;
	/** How long each key lives; default 6 hours. */
	readonly lifetime?: DurationMs;
	/** Called with each new key, so that the simulated gateway can accept it. */
	readonly onIssue?: (key: IssuedKey) => void;
};

/**
 * An ECS metadata service on 127.0.0.1 as the SDKs talk to it: PUT /meta-data/latest/api/token
 * gives a session token, GET /openstack/latest/securitykey wants it and hands out a new
 * temporary key each time.
 */
export async function startMetadataServer(options: MetadataServerOptions): Promise<MetadataServer> {
	const issued: IssuedKey[] = [];
	const sessionTokens = new Set<string>();
	let failure: {status: number; body: string} | undefined;
	const edge = await listen({
		host: '127.0.0.1',
		port: 0,
		now: options.now,
		answer(incoming) {
			if (incoming.method === 'PUT' && incoming.url.pathname === '/meta-data/latest/api/token') {
				if (incoming.headers['x-metadata-token-ttl-seconds'] === undefined) {
					return {kind: 'reply', reply: textReply(400, 'text/plain', 'missing X-Metadata-Token-Ttl-Seconds')};
				}

				const token = `session-token-${sessionTokens.size + 1}-0123456789`;
				sessionTokens.add(token);
				return {kind: 'reply', reply: textReply(200, 'text/plain', token)};
			}

			if (incoming.method === 'GET' && incoming.url.pathname === '/openstack/latest/securitykey') {
				if (!sessionTokens.has(incoming.headers['x-metadata-token'] ?? '')) {
					return {kind: 'reply', reply: textReply(401, 'text/plain', 'Unauthorized')};
				}

				if (failure !== undefined) {
					return {kind: 'reply', reply: textReply(failure.status, 'application/json', failure.body)};
				}

				const n = issued.length + 1;
				const key: IssuedKey = {
					accessKey: `METADATAAK${String(n).padStart(10, '0')}`,
					secretKey: `metadata-secret-key-number-${n}-abcdefghijklmnop`,
					securityToken: `metadata-security-token-${n}-${'x'.repeat(40)}`,
					expiresAt: options.now() + (options.lifetime ?? 6 * 3_600_000),
				};
				issued.push(key);
				options.onIssue?.(key);
				return {
					kind: 'reply',
					reply: jsonReply(200, {
						credential: {
							access: key.accessKey,
							secret: key.secretKey,
							securitytoken: key.securityToken,
							expires_at: new Date(key.expiresAt).toISOString(),
						},
					}),
				};
			}

			return {kind: 'reply', reply: textReply(404, 'text/plain', 'Not Found')};
		},
	});
	return {
		url: edge.url,
		issued,
		requests: edge.requests,
		fail(status, body) {
			failure = {status, body};
		},
		close: async () => edge.close(),
	};
}

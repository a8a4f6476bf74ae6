import {randomUUID} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {EpochMs} from '../domain/units.js';
import {statusError, type Answer, type Reply} from './responses.js';

/** A request as the answering side sees it; header names are lower case. */
export type Incoming = {
	readonly method: string;
	readonly url: URL;
	readonly headers: Readonly<Record<string, string>>;
	readonly body: Uint8Array;
	readonly requestId: string;
	readonly receivedAt: EpochMs;
};

/** One served request; `status` 0 means the connection was reset without an answer. */
export type RequestRecord = {
	readonly method: string;
	readonly path: string;
	readonly query: string;
	readonly status: number;
	readonly at: EpochMs;
};

export type Edge = {
	readonly url: string;
	readonly requests: readonly RequestRecord[];
	close(): Promise<void>;
};

export type EdgeOptions = {
	readonly host: string;
	readonly port: number;
	readonly now: () => EpochMs;
	readonly answer: (incoming: Incoming) => Answer;
	/** Requests the log keeps; default LOG_LIMIT. */
	readonly logLimit?: number;
};

const LOG_LIMIT = 10_000;

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) {
			headers[name] = Array.isArray(value) ? value.join(', ') : value;
		}
	}

	return headers;
}

function send(response: ServerResponse, reply: Reply): void {
	response.writeHead(reply.status, {...reply.headers, 'Content-Length': Buffer.byteLength(reply.body)});
	response.end(reply.body);
}

function sendHalf(response: ServerResponse, reply: Reply, stall: boolean): void {
	const body = Buffer.from(reply.body);
	response.writeHead(reply.status, {...reply.headers, 'Content-Length': body.length});
	// Destroy only once the half has reached the socket, so the client does see it.
	response.write(body.subarray(0, Math.floor(body.length / 2)), () => {
		if (!stall) {
			response.destroy();
		}
	});
}

function drained(response: ServerResponse): Promise<void> {
	return new Promise(resolve => {
		const done = (): void => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};

		response.on('drain', done);
		response.on('close', done);
	});
}

async function stream(response: ServerResponse, status: number, contentType: string, chunks: Iterable<string>): Promise<void> {
	response.writeHead(status, {'Content-Type': contentType});
	for (const chunk of chunks) {
		// The client may give up on a huge body; stop producing it then.
		if (response.destroyed) {
			return;
		}

		if (!response.write(chunk)) {
			await drained(response);
		}
	}

	response.end();
}

function statusOf(answer: Answer): number {
	switch (answer.kind) {
		case 'reset': {
			return 0;
		}

		case 'stream': {
			return answer.status;
		}

		default: {
			return answer.reply.status;
		}
	}
}

/** The HTTP edge: turns requests into Incoming, performs the Answer, logs, and closes without leaving anything behind. */
export async function listen(options: EdgeOptions): Promise<Edge> {
	const host = options.host.includes(':') ? `[${options.host}]` : options.host;
	const log: RequestRecord[] = [];
	const logLimit = options.logLimit ?? LOG_LIMIT;
	const heldAnswers = new Set<NodeJS.Timeout>();

	function perform(answer: Answer, request: IncomingMessage, response: ServerResponse): Promise<void> | void {
		switch (answer.kind) {
			case 'reset': {
				request.socket.destroy();
				return;
			}

			case 'truncated': {
				sendHalf(response, answer.reply, answer.stall === true);
				return;
			}

			case 'stream': {
				return stream(response, answer.status, answer.contentType, answer.chunks);
			}

			case 'reply': {
				if (answer.delayMs === undefined) {
					send(response, answer.reply);
					return;
				}

				const timer = setTimeout(() => {
					heldAnswers.delete(timer);
					send(response, answer.reply);
				}, answer.delayMs);
				heldAnswers.add(timer);
				response.once('close', () => {
					clearTimeout(timer);
					heldAnswers.delete(timer);
				});
			}
		}
	}

	async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const body = await readBody(request);
		const requestId = randomUUID().replaceAll('-', '');
		const receivedAt = options.now();
		const url = new URL(request.url ?? '/', `http://${host}`);
		const method = request.method ?? 'GET';
		response.setHeader('X-Request-Id', requestId);
		// The simulator's own clock, which tests set apart from the client's to make skew.
		response.setHeader('Date', new Date(receivedAt).toUTCString());
		let answer: Answer;
		try {
			answer = options.answer({method, url, headers: flatHeaders(request), body, requestId, receivedAt});
		} catch (error: unknown) {
			// A bug in the simulator should reach the test as a 500 it can read, not crash the process.
			answer = {kind: 'reply', reply: statusError(500, undefined, error instanceof Error ? error.message : String(error))};
		}

		log.push({method, path: url.pathname, query: url.search.slice(1), status: statusOf(answer), at: receivedAt});
		if (log.length > logLimit) {
			log.splice(0, log.length - logLimit);
		}

		await perform(answer, request, response);
	}

	const server = createServer((request, response) => {
		// A client that hangs up mid-request leaves nothing to answer.
		serve(request, response).catch(() => request.socket.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});

	const {port} = server.address() as AddressInfo;
	let closing: Promise<void> | undefined;
	return {
		url: `http://${host}:${port}`,
		requests: log,
		close() {
			closing ??= new Promise<void>((resolve, reject) => {
				for (const timer of heldAnswers) {
					clearTimeout(timer);
				}

				heldAnswers.clear();
				server.close(error => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

import {connect, createServer, type AddressInfo, type Socket} from 'node:net';

const STATISTICS_REQUEST = /^GET \S*\/sync-tasks\/([^/?\s]+)\/statistics/;

/**
 * A TCP relay in front of the simulator that counts the bytes the server sends back
 * (status line, headers and body, as on the wire), per task: each answer is counted for
 * the task of the last request on its connection (undici sends one request at a time per
 * connection).
 */
export class CountingProxy {
	readonly received = new Map<string, number>();
	readonly requests = new Map<string, number>();
	readonly #server = createServer(socket => {
		this.#relay(socket);
	});

	readonly #sockets = new Set<Socket>();
	readonly #target: URL;

	private constructor(target: URL) {
		this.#target = target;
	}

	static async start(target: string): Promise<CountingProxy> {
		const proxy = new CountingProxy(new URL(target));
		await new Promise<void>(resolve => {
			proxy.#server.listen(0, '127.0.0.1', resolve);
		});
		return proxy;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
	}

	reset(): void {
		this.received.clear();
		this.requests.clear();
	}

	async close(): Promise<void> {
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		await new Promise(resolve => {
			this.#server.close(resolve);
		});
	}

	#relay(socket: Socket): void {
		const upstream = connect(Number(this.#target.port), this.#target.hostname);
		let task = 'other';
		this.#sockets.add(socket).add(upstream);
		socket.on('data', (data: Buffer) => {
			const match = STATISTICS_REQUEST.exec(data.toString('latin1'));
			if (match !== null) {
				task = decodeURIComponent(match[1]!);
				this.requests.set(task, (this.requests.get(task) ?? 0) + 1);
			}
		});
		upstream.on('data', (data: Buffer) => {
			this.received.set(task, (this.received.get(task) ?? 0) + data.length);
		});
		socket.pipe(upstream).pipe(socket);
		const end = (): void => {
			socket.destroy();
			upstream.destroy();
			this.#sockets.delete(socket);
			this.#sockets.delete(upstream);
		};

		socket.on('error', end).on('close', end);
		upstream.on('error', end).on('close', end);
	}
}

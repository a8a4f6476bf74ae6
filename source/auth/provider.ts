import {OmstopError} from '../domain/errors.js';
import {neverShow} from '../format/sanitize.js';
import {secretsOf, type Credentials, type FileStat} from './credentials.js';

/** What a 401 says about the credentials in use: a short note for the message (the status line shows it) and the hint. */
export type Refusal = {readonly note?: string; readonly hint: string};

/**
 * Credentials that may change while omstop runs: a token file a cron job rewrites, a
 * profile file with temporary keys, the ECS metadata service. Every request asks for the
 * current ones; a 401 asks for a reload.
 */
export type CredentialProvider = {
	/** Where the credentials come from (a variable, file or service), never a value. */
	readonly source: string;
	/** Grows each time different credentials are taken into use. */
	readonly generation: number;
	/** The credentials to sign with now; first re-reads the source when it changed or the credentials near their end. */
	current(): Promise<Credentials>;
	/** After the API refused the credentials: reads the source again even if it looks unchanged. */
	reload(): Promise<void>;
	readonly refusal: Refusal;
	close(): Promise<void>;
};

function same(a: Credentials, b: Credentials): boolean {
	if (a.kind === 'token') {
		return b.kind === 'token' && a.token === b.token;
	}

	return b.kind === 'aksk' && a.pair.accessKey === b.pair.accessKey && a.pair.secretKey === b.pair.secretKey && a.pair.securityToken === b.pair.securityToken;
}

/** The credentials in use and their generation. Every credential taken into use becomes a secret that sanitize() blanks out. */
export class CredentialSlot {
	#credentials: Credentials;
	#generation = 1;

	constructor(first: Credentials) {
		CredentialSlot.#remember(first);
		this.#credentials = first;
	}

	static #remember(credentials: Credentials): void {
		for (const secret of secretsOf(credentials)) {
			neverShow(secret);
		}
	}

	get credentials(): Credentials {
		return this.#credentials;
	}

	get generation(): number {
		return this.#generation;
	}

	adopt(next: Credentials): void {
		if (!same(next, this.#credentials)) {
			CredentialSlot.#remember(next);
			this.#credentials = next;
			this.#generation++;
		}
	}
}

/** Credentials that cannot change while omstop runs (environment variables, the demo's token). */
export function fixedProvider(credentials: Credentials, refusal: Refusal): CredentialProvider {
	const slot = new CredentialSlot(credentials);
	return {
		source: credentials.source,
		generation: slot.generation,
		current: async () => slot.credentials,
		async reload() {
			// Nothing to read again.
		},
		refusal,
		async close() {
			// Nothing held open.
		},
	};
}

export type FileProviderOptions = {
	readonly path: string;
	/** What the file held when omstop started. */
	readonly first: Credentials;
	/** Reads and checks the file; throws an OmstopError saying what is wrong with it. */
	readonly read: () => Promise<Credentials>;
	/** Absent: the file is read again at every request. */
	readonly statFile?: (path: string) => Promise<FileStat>;
	/** What a 401 says; `problem` is why the last read of the file failed, if it did. */
	readonly refusal: (problem: string | undefined) => Refusal;
};

/**
 * Credentials in a file (--token-file, the profile file), read again whenever a stat shows
 * the file rewritten or another renamed over it, and after a 401. A read that fails (a
 * writer midway, a file briefly absent) keeps the last good credentials and is tried again
 * at the next request.
 */
export class FileCredentialProvider implements CredentialProvider {
	readonly #options: FileProviderOptions;
	readonly #slot: CredentialSlot;
	/** The stamp of the file the credentials in use were read from; undefined forces a read. */
	#seen: string | undefined;
	#pending: Promise<void> | undefined;
	#problem: string | undefined;

	constructor(options: FileProviderOptions) {
		this.#options = options;
		this.#slot = new CredentialSlot(options.first);
	}

	get source(): string {
		return this.#slot.credentials.source;
	}

	get generation(): number {
		return this.#slot.generation;
	}

	get refusal(): Refusal {
		return this.#options.refusal(this.#problem);
	}

	async current(): Promise<Credentials> {
		await this.#check(false);
		return this.#slot.credentials;
	}

	async reload(): Promise<void> {
		await this.#check(true);
	}

	async close(): Promise<void> {
		await this.#pending;
	}

	async #check(force: boolean): Promise<void> {
		if (this.#pending !== undefined) {
			await this.#pending;
			if (!force) {
				return;
			}
		}

		this.#pending = this.#refresh(force).finally(() => {
			this.#pending = undefined;
		});
		await this.#pending;
	}

	async #refresh(force: boolean): Promise<void> {
		// The stamp before the read: a change during the read then shows at the next stat.
		const stamp = await this.#stamp();
		if (!force && stamp !== undefined && stamp === this.#seen) {
			return;
		}

		try {
			this.#slot.adopt(await this.#options.read());
			this.#seen = stamp;
			this.#problem = undefined;
		} catch (error) {
			this.#seen = undefined;
			this.#problem = error instanceof OmstopError ? error.message : `Cannot read ${this.#options.path}`;
		}
	}

	async #stamp(): Promise<string | undefined> {
		if (this.#options.statFile === undefined) {
			return undefined;
		}

		try {
			const stat = await this.#options.statFile(this.#options.path);
			return stat.mtimeMs === undefined ? undefined : [stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs].join(':');
		} catch {
			return undefined;
		}
	}
}

import {Agent, type Dispatcher} from 'undici';
import {parseErrorBody} from '../client/api-error.js';
import {send, type HttpAnswer, type HttpLimits} from '../client/http.js';
import {parseJson} from '../client/json.js';
import {OmstopError, ResponseError} from '../domain/errors.js';
import {HOUR, MINUTE, SECOND, type DurationMs, type EpochMs} from '../domain/units.js';
import {neverShow, sanitize} from '../format/sanitize.js';
import type {Credentials} from './credentials.js';
import {CredentialSlot, type CredentialProvider, type Refusal} from './provider.js';

/**
 * Temporary AK/SK of the agency attached to an ECS, from its metadata service, as the
 * provider's SDKs fetch them last in their default chain (MetadataAccessor in the Python
 * SDK): an optional session token by PUT /meta-data/latest/api/token, then
 * GET /openstack/latest/securitykey, which answers
 * {"credential": {"access", "secret", "securitytoken", "expires_at"}}.
 */

export const METADATA_BASE = 'http://169.254.169.254';
const TOKEN_PATH = '/meta-data/latest/api/token';
const SECURITY_KEY_PATH = '/openstack/latest/securitykey';
const TOKEN_TTL_SECONDS = 6 * 60 * 60;
/** Without a session token (an older metadata service), the SDKs ask for one again at most daily. */
const TOKEN_RETRY: DurationMs = 24 * HOUR;
/** The SDKs renew temporary keys 2 hours before they expire. */
const RENEW_AHEAD: DurationMs = 2 * HOUR;
/** After a failed renewal, the keys in use are kept and the service is asked again no sooner than this. */
const RENEW_RETRY: DurationMs = MINUTE;
/** The metadata service is on the link; the SDKs give it 3 seconds. A machine that is no ECS must not wait long. */
const LIMITS: HttpLimits = {connectTimeout: 3 * SECOND, headersTimeout: 3 * SECOND, bodyTimeout: 3 * SECOND, maxBodyBytes: 64 * 1024};
const NO_AGENCY = 'Please configure Cloud Service Agency first';

export type MetadataOptions = {
	/** http://169.254.169.254, or a local server in tests. */
	readonly base: URL;
	readonly now: () => EpochMs;
	readonly userAgent: string;
};

type Fetched = {readonly credentials: Credentials; readonly expiresAt: EpochMs};

function stringField(record: Record<string, unknown>, names: readonly string[]): string | undefined {
	for (const name of names) {
		const value = record[name];
		if (typeof value === 'string' && value.trim() !== '') {
			return value.trim();
		}
	}

	return undefined;
}

/** The credential in an answer; its text is never quoted in an error, as it holds the secret key. */
export function readSecurityKey(body: string): {accessKey: string; secretKey: string; securityToken: string; expiresAt: EpochMs} {
	const wrong = (what: string): ResponseError =>
		new ResponseError(`The ECS metadata service answered without ${what}`, 'Check the agency attached to this ECS; set OMSTOP_NO_METADATA=1 to skip the metadata service.');
	let parsed: unknown;
	try {
		parsed = parseJson(body);
	} catch {
		throw wrong('a JSON body');
	}

	const outer = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
	const inner = outer['credential'] ?? outer['credentials'] ?? outer;
	const record = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
	const accessKey = stringField(record, ['access', 'accessKeyId']);
	const secretKey = stringField(record, ['secret', 'secretAccessKey']);
	const securityToken = stringField(record, ['securitytoken', 'securityToken']);
	const expiresText = stringField(record, ['expires_at', 'expiration']);
	// The secret parts are secrets as soon as they are seen, whatever else is wrong.
	for (const secret of [secretKey, securityToken]) {
		if (secret !== undefined) {
			neverShow(secret);
		}
	}

	const expiresAt = expiresText === undefined ? Number.NaN : Date.parse(expiresText);
	if (accessKey === undefined || secretKey === undefined || securityToken === undefined) {
		throw wrong('credential.access, secret and securitytoken');
	}

	if (Number.isNaN(expiresAt)) {
		throw wrong('a readable credential.expires_at');
	}

	return {accessKey, secretKey, securityToken, expiresAt};
}

function serviceError(answer: HttpAnswer): OmstopError {
	const {errorCode, errorMsg} = parseErrorBody(answer.body);
	const said = [errorCode, errorMsg].filter(Boolean).join(': ');
	const noAgency = answer.body.includes(NO_AGENCY);
	return new ResponseError(
		`The ECS metadata service refused temporary credentials: HTTP ${answer.status}${said ? ` — ${sanitize(said, 160)}` : ''}`,
		noAgency
			? 'Attach an agency to this ECS (ECS console → the server → Agency), or give credentials another way; OMSTOP_NO_METADATA=1 skips the metadata service.'
			: 'Check the agency attached to this ECS, or give credentials another way; OMSTOP_NO_METADATA=1 skips the metadata service.',
	);
}

/** One conversation with the metadata service: keeps its session token between fetches. */
class MetadataClient {
	readonly #options: MetadataOptions;
	readonly #dispatcher: Dispatcher;
	#token: string | undefined;
	#tokenTriedAt: EpochMs | undefined;

	constructor(options: MetadataOptions) {
		this.#options = options;
		// Straight to the link-local address: a proxy from HTTPS_PROXY cannot reach it.
		this.#dispatcher = new Agent({connect: {timeout: LIMITS.connectTimeout}, headersTimeout: LIMITS.headersTimeout, bodyTimeout: LIMITS.bodyTimeout});
	}

	async fetch(): Promise<Fetched> {
		const now = this.#options.now();
		if (this.#token === undefined && (this.#tokenTriedAt === undefined || now - this.#tokenTriedAt > TOKEN_RETRY)) {
			await this.#updateToken(false);
		}

		let answer = await this.#securityKey();
		// A 401 that is not about the agency means the session token ran out.
		if (answer.status === 401 && !answer.body.includes(NO_AGENCY)) {
			await this.#updateToken(true);
			answer = await this.#securityKey();
		}

		if (answer.status < 200 || answer.status > 299) {
			throw serviceError(answer);
		}

		const key = readSecurityKey(answer.body);
		return {
			credentials: {
				kind: 'aksk',
				pair: {accessKey: key.accessKey, secretKey: key.secretKey, securityToken: key.securityToken},
				source: 'the ECS metadata service (agency credentials)',
			},
			expiresAt: key.expiresAt,
		};
	}

	async close(): Promise<void> {
		await this.#dispatcher.close();
	}

	async #securityKey(): Promise<HttpAnswer> {
		const headers: Record<string, string> = {'User-Agent': this.#options.userAgent};
		if (this.#token !== undefined) {
			headers['X-Metadata-Token'] = this.#token;
		}

		return send(this.#dispatcher, 'GET', new URL(SECURITY_KEY_PATH, this.#options.base), headers, LIMITS);
	}

	/** Services without session tokens answer 404, 405 or 503: then requests go without one, unless one is required. */
	async #updateToken(required: boolean): Promise<void> {
		this.#tokenTriedAt = this.#options.now();
		const answer = await send(
			this.#dispatcher,
			'PUT',
			new URL(TOKEN_PATH, this.#options.base),
			{'User-Agent': this.#options.userAgent, 'X-Metadata-Token-Ttl-Seconds': String(TOKEN_TTL_SECONDS)},
			LIMITS,
		);
		if (answer.status === 200 && answer.body.trim() !== '') {
			this.#token = answer.body.trim();
			neverShow(this.#token);
			return;
		}

		this.#token = undefined;
		if (required || ![404, 405, 503].includes(answer.status)) {
			throw serviceError(answer);
		}
	}
}

/** When to renew: 2 hours ahead as the SDKs do, or halfway for keys that live less than 4 hours. */
function renewAt(fetchedAt: EpochMs, expiresAt: EpochMs): EpochMs {
	return expiresAt - Math.min(RENEW_AHEAD, Math.max(0, (expiresAt - fetchedAt) / 2));
}

/** Temporary keys from the ECS metadata service, renewed at a request made near their end, and after a 401. */
export class MetadataProvider implements CredentialProvider {
	readonly source = 'the ECS metadata service (agency credentials)';
	readonly #options: MetadataOptions;
	readonly #client: MetadataClient;
	readonly #slot: CredentialSlot;
	#renewAt: EpochMs;
	#nextAttempt: EpochMs = 0;
	#pending: Promise<void> | undefined;
	#problem: string | undefined;

	private constructor(options: MetadataOptions, client: MetadataClient, first: Fetched) {
		this.#options = options;
		this.#client = client;
		this.#slot = new CredentialSlot(first.credentials);
		this.#renewAt = renewAt(options.now(), first.expiresAt);
	}

	/** Fetches the first keys; throws a NetworkError when nothing answers (not an ECS), else an OmstopError saying what is wrong. */
	static async open(options: MetadataOptions): Promise<MetadataProvider> {
		const client = new MetadataClient(options);
		try {
			return new MetadataProvider(options, client, await client.fetch());
		} catch (error) {
			await client.close();
			throw error;
		}
	}

	get generation(): number {
		return this.#slot.generation;
	}

	get refusal(): Refusal {
		return {
			hint: `The temporary keys come from the ECS metadata service and are renewed before they expire; check the agency's permissions (oms:synctask:*).${this.#problem === undefined ? '' : ` The last renewal failed: ${this.#problem}`}`,
		};
	}

	async current(): Promise<Credentials> {
		const now = this.#options.now();
		if (now >= this.#renewAt && now >= this.#nextAttempt) {
			await this.#renew();
		}

		return this.#slot.credentials;
	}

	async reload(): Promise<void> {
		await this.#renew();
	}

	async close(): Promise<void> {
		await this.#pending;
		await this.#client.close();
	}

	async #renew(): Promise<void> {
		this.#pending ??= (async () => {
			const now = this.#options.now();
			try {
				const fetched = await this.#client.fetch();
				this.#slot.adopt(fetched.credentials);
				this.#renewAt = renewAt(now, fetched.expiresAt);
				this.#problem = undefined;
			} catch (error) {
				// The keys in use stay until they expire; the next request near then tries again.
				this.#nextAttempt = now + RENEW_RETRY;
				this.#problem = error instanceof OmstopError ? error.message : 'no answer';
			}
		})().finally(() => {
			this.#pending = undefined;
		});
		await this.#pending;
	}
}

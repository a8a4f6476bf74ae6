import {createHash, createHmac, timingSafeEqual} from 'node:crypto';

/**
 * Huawei Cloud `SDK-HMAC-SHA256` request signing (oms-api.md §5.2). Pure: the clock
 * is an argument, so the same code signs requests in the client and checks them in
 * the simulator.
 */

export type SignableRequest = {
	readonly method: string;
	readonly url: URL;
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string | Uint8Array;
};

export type AccessKeyPair = {
	readonly accessKey: string;
	readonly secretKey: string;
	readonly securityToken?: string;
};

const ALGORITHM = 'SDK-HMAC-SHA256';
// The gateway's clock-skew tolerance for X-Sdk-Date.
const MAX_SKEW_MS = 15 * 60 * 1000;

export function formatSdkDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(/[-:]/g, '');
}

function parseSdkDate(text: string): Date | undefined {
	const date = new Date(text.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
	// The round trip rejects every other shape and impossible dates such as 20230230T…
	return !Number.isNaN(date.getTime()) && formatSdkDate(date) === text ? date : undefined;
}

function isUnreserved(byte: number): boolean {
	return (
		(byte >= 0x41 && byte <= 0x5a) // A-Z
		|| (byte >= 0x61 && byte <= 0x7a) // a-z
		|| (byte >= 0x30 && byte <= 0x39) // 0-9
		|| byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e // - . _ ~
	);
}

/** Works on UTF-8 bytes rather than encodeURIComponent, which keeps !'()* and throws on lone surrogates. */
export function encodeSegment(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}

	return out;
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		// A malformed escape is taken literally, as Python's unquote does.
		return segment;
	}
}

export function canonicalUri(pathname: string): string {
	const uri = pathname.split('/').map(segment => encodeSegment(decodeSegment(segment))).join('/');
	return uri.endsWith('/') ? uri : `${uri}/`;
}

// The Go and Python SDKs sort raw names and values by byte (code point) order, not by their encoded form.
function compareUtf8(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The canonical query from decoded pairs; also what the client sends, so that what is signed is what is sent. */
export function canonicalSearch(params: ReadonlyArray<readonly [string, string]>): string {
	return [...params]
		.sort(([nameA, valueA], [nameB, valueB]) => compareUtf8(nameA, nameB) || compareUtf8(valueA, valueB))
		.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`)
		.join('&');
}

export function canonicalQueryString(search: URLSearchParams): string {
	return canonicalSearch([...search]);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Map<string, string> {
	return new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function headerValue(request: SignableRequest, headers: Map<string, string>, name: string): string | undefined {
	// Host is usually added by the HTTP library, so it is taken from the URL it will be derived from.
	return headers.get(name) ?? (name === 'host' ? request.url.host : undefined);
}

function normalizeHeaderNames(names: readonly string[]): string[] {
	return [...new Set(names.map(name => name.toLowerCase()))].sort();
}

function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

/** `signedHeaders` may be in any case and order; every one must be present in the request (host may come from the URL). */
export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
	const headers = lowerCaseKeys(request.headers);
	const names = normalizeHeaderNames(signedHeaders);
	const canonicalHeaders = names.map(name => {
		const value = headerValue(request, headers, name);
		if (value === undefined) {
			throw new Error(`Cannot sign header ${name}: the request does not have it`);
		}

		return `${name}:${value.trim()}\n`;
	});
	const payloadHash = headers.get('x-sdk-content-sha256') ?? sha256Hex(request.body ?? '');

	return [
		request.method.toUpperCase(),
		canonicalUri(request.url.pathname),
		canonicalQueryString(request.url.searchParams),
		canonicalHeaders.join(''),
		names.join(';'),
		payloadHash,
	].join('\n');
}

export function stringToSign(canonical: string, sdkDate: string): string {
	return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signature(stringToSign: string, secretKey: string): string {
	return createHmac('sha256', secretKey).update(stringToSign).digest('hex');
}

export function authorizationHeader(accessKey: string, signedHeaders: readonly string[], signatureHex: string): string {
	return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${normalizeHeaderNames(signedHeaders).join(';')}, Signature=${signatureHex}`;
}

/**
 * Headers to add to the request: X-Sdk-Date, Authorization, and X-Security-Token when the
 * pair has one. Signs host (from the URL), x-sdk-date, x-security-token, and x-project-id and
 * content-type when present; other headers (User-Agent…) stay free to change after signing.
 */
export function signRequest(request: SignableRequest, credentials: AccessKeyPair, now: Date): Record<string, string> {
	const added: Record<string, string> = {'X-Sdk-Date': formatSdkDate(now)};
	if (credentials.securityToken !== undefined) {
		added['X-Security-Token'] = credentials.securityToken;
	}

	const headers = Object.fromEntries(lowerCaseKeys({...request.headers, ...added}));
	const signedHeaders = ['host', 'x-sdk-date', 'x-security-token', 'x-project-id', 'content-type']
		.filter(name => name === 'host' || headers[name] !== undefined);
	const canonical = canonicalRequest({...request, headers}, signedHeaders);
	const signatureHex = signature(stringToSign(canonical, added['X-Sdk-Date']!), credentials.secretKey);

	return {...added, Authorization: authorizationHeader(credentials.accessKey, signedHeaders, signatureHex)};
}

export function parseAuthorization(value: string): {accessKey: string; signedHeaders: string[]; signature: string} | undefined {
	const match = /^SDK-HMAC-SHA256 +Access=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([\da-fA-F]+)$/.exec(value.trim());
	if (!match) {
		return undefined;
	}

	const [, accessKey = '', signedHeaders = '', signatureHex = ''] = match;
	return {accessKey, signedHeaders: signedHeaders.split(';'), signature: signatureHex.toLowerCase()};
}

/**
 * For the embedded simulator: undefined when the request's signature is valid, else a short
 * reason shaped after the gateway's errors. The reason never contains the secret key.
 */
export function verifySignature(
	request: SignableRequest,
	secretKeyFor: (accessKey: string) => string | undefined,
	now: Date,
): string | undefined {
	const headers = lowerCaseKeys(request.headers);
	const authorization = headers.get('authorization');
	if (authorization === undefined) {
		return 'missing Authorization header';
	}

	const parsed = parseAuthorization(authorization);
	if (!parsed) {
		return 'malformed Authorization header';
	}

	const signedHeaders = normalizeHeaderNames(parsed.signedHeaders);
	if (!signedHeaders.includes('x-sdk-date')) {
		return 'x-sdk-date not signed';
	}

	const missing = signedHeaders.find(name => headerValue(request, headers, name) === undefined);
	if (missing !== undefined) {
		return `signed header ${missing} missing`;
	}

	const sdkDate = headers.get('x-sdk-date')!.trim();
	const date = parseSdkDate(sdkDate);
	if (!date) {
		return 'malformed X-Sdk-Date';
	}

	if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) {
		return 'signature expired';
	}

	const secretKey = secretKeyFor(parsed.accessKey);
	if (secretKey === undefined) {
		return 'unknown access key';
	}

	const expected = Buffer.from(signature(stringToSign(canonicalRequest(request, signedHeaders), sdkDate), secretKey), 'hex');
	const actual = Buffer.from(parsed.signature, 'hex');
	return actual.length === expected.length && timingSafeEqual(actual, expected) ? undefined : 'signature mismatch';
}

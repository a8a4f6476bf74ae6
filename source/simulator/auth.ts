import {verifySignature, type SignableRequest} from '../auth/signer.js';
import type {EpochMs} from '../domain/units.js';

/** The one token and the one AK/SK pair the simulated gateway accepts. */
export type Credentials = {
	readonly token: string;
	readonly accessKey: string;
	readonly secretKey: string;
};

/** Why the gateway turns the request away (for its APIGW.0301 message), or undefined when it may pass. Header names are lower case. */
export function authFailure(request: SignableRequest, credentials: Credentials, now: EpochMs): string | undefined {
	const token = request.headers['x-auth-token'];
	if (token !== undefined) {
		return token === credentials.token ? undefined : 'decrypt token fail';
	}

	if (request.headers.authorization === undefined) {
		return 'neither X-Auth-Token nor an AK/SK signature was sent';
	}

	const reason = verifySignature(
		request,
		accessKey => (accessKey === credentials.accessKey ? credentials.secretKey : undefined),
		new Date(now),
	);
	return reason === undefined ? undefined : `verify aksk signature fail, ${reason}`;
}

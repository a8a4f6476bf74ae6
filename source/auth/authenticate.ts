import type {Authenticate} from '../client/oms-client.js';
import type {Credentials} from './credentials.js';
import {signRequest} from './signer.js';

/** The headers that prove who is asking: a token as is, or a fresh AK/SK signature per request. */
export function authenticator(credentials: Credentials): Authenticate {
	if (credentials.kind === 'token') {
		return () => ({'X-Auth-Token': credentials.token});
	}

	return request => signRequest(request, credentials.pair, new Date(request.time));
}

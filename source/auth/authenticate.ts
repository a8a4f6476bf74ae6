import type {Authenticate} from '../client/oms-client.js';
import type {CredentialProvider} from './provider.js';
import {signRequest} from './signer.js';

/** The headers that prove who is asking, from the provider's current credentials: a token as is, or a fresh AK/SK signature per request. */
export function authenticator(provider: CredentialProvider): Authenticate {
	return {
		async headers(request) {
			const credentials = await provider.current();
			return credentials.kind === 'token' ? {'X-Auth-Token': credentials.token} : signRequest(request, credentials.pair, new Date(request.time));
		},
		async refused() {
			const before = provider.generation;
			await provider.reload();
			return provider.generation !== before;
		},
		get refusal() {
			return provider.refusal;
		},
	};
}

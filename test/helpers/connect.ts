import {authenticator} from '../../source/auth/authenticate.js';
import type {Credentials} from '../../source/auth/credentials.js';
import type {HttpLimits} from '../../source/client/http.js';
import {OmsClient} from '../../source/client/oms-client.js';
import type {EpochMs} from '../../source/domain/units.js';
import type {Simulator} from '../../source/simulator/index.js';

/** A real client for a running simulator, with its token unless told otherwise. */
export function clientFor(
	simulator: Simulator,
	options: {now?: () => EpochMs; credentials?: Credentials; limits?: HttpLimits; endpoint?: string} = {},
): OmsClient {
	const now = options.now ?? Date.now;
	const credentials = options.credentials ?? {kind: 'token', token: simulator.token, source: 'test'};
	return new OmsClient({
		endpoint: new URL(options.endpoint ?? simulator.url),
		projectId: simulator.projectId,
		authenticate: authenticator(credentials),
		userAgent: 'omstop-test',
		now,
		...(options.limits === undefined ? {} : {limits: options.limits}),
	});
}

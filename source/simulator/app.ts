import type {DurationMs} from '../domain/units.js';
import {authFailure, type Credentials} from './auth.js';
import {faultAnswer, type FaultBook} from './faults.js';
import {gatewayError, statusError, unauthorized, type Answer, type Reply} from './responses.js';
import {handle, matchRoute, type Route} from './routes.js';
import type {Incoming} from './server.js';
import type {SimulatedTask} from './tasks.js';

/** Everything a request is answered from, as it stands when the request arrives. */
export type Service = {
	readonly projectId: string;
	readonly credentials: Credentials;
	readonly seed: number;
	readonly hourlyAbove: DurationMs;
	readonly tasks: readonly SimulatedTask[];
	readonly faults: FaultBook;
};

/** The gateway's order: authentication, then the project, then the OMS handler. */
function serviceReply(route: Route, incoming: Incoming, service: Service): Reply {
	const failure = authFailure(incoming, service.credentials, incoming.receivedAt);
	if (failure !== undefined) {
		return unauthorized(failure, incoming.requestId);
	}

	if (route.projectId !== service.projectId) {
		return statusError(403, undefined, `The credentials are not valid for project ${route.projectId}`);
	}

	return handle(route, incoming.url.searchParams, {
		tasks: service.tasks,
		seed: service.seed,
		hourlyAbove: service.hourlyAbove,
		now: incoming.receivedAt,
	});
}

export function answer(incoming: Incoming, service: Service): Answer {
	const route = matchRoute(incoming.method, incoming.url.pathname);
	if (!route) {
		return {
			kind: 'reply',
			reply: gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment', incoming.requestId),
		};
	}

	// Faults come first: they stand for trouble in front of the service, not in it.
	const fault = service.faults.take(route.taskId);
	const normal = (): Reply => serviceReply(route, incoming, service);
	return fault ? faultAnswer(fault, normal, incoming.requestId) : {kind: 'reply', reply: normal()};
}

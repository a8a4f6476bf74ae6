import {verifySignature, type AccessKeyPair} from '../../source/auth/signer.js';
import type {EpochMs} from '../../source/domain/units.js';
import {jsonReply, unauthorized} from '../../source/simulator/responses.js';
import {listen, type RequestRecord} from '../../source/simulator/server.js';

export type IamServer = {
	readonly url: string;
	readonly requests: readonly RequestRecord[];
	close(): Promise<void>;
};

/**
 * IAM's KeystoneListProjects on 127.0.0.1: GET /v3/projects?name=REGION, signed with the one
 * AK/SK pair it knows, answers the projects of that name among `projects`.
 */
export async function startIamServer(options: {
	readonly now: () => EpochMs;
	readonly pair: AccessKeyPair;
	readonly projects: ReadonlyArray<{readonly id: string; readonly name: string}>;
	/** Answered instead of the projects, as an IAM error. */
	readonly refuse?: {readonly status: number; readonly body: string};
}): Promise<IamServer> {
	const edge = await listen({
		host: '127.0.0.1',
		port: 0,
		now: options.now,
		answer(incoming) {
			const reason = verifySignature(incoming, accessKey => (accessKey === options.pair.accessKey ? options.pair.secretKey : undefined), new Date(incoming.receivedAt));
			if (reason !== undefined) {
				return {kind: 'reply', reply: unauthorized(reason, incoming.requestId)};
			}

			if (options.refuse !== undefined) {
				return {kind: 'reply', reply: {status: options.refuse.status, body: options.refuse.body, headers: {'Content-Type': 'application/json'}}};
			}

			const name = incoming.url.searchParams.get('name');
			const projects = options.projects.filter(project => project.name === name).map(project => ({id: project.id, name: project.name, enabled: true}));
			return {kind: 'reply', reply: jsonReply(200, {projects, links: {self: incoming.url.href}})};
		},
	});
	return {url: edge.url, requests: edge.requests, close: async () => edge.close()};
}

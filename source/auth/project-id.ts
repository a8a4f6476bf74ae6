import {canonicalSearch} from './signer.js';
import {apiErrorFromResponse} from '../client/api-error.js';
import {createDispatcher, DEFAULT_LIMITS, get, type HttpLimits} from '../client/http.js';
import {parseJson} from '../client/json.js';
import type {Authenticate} from '../client/oms-client.js';
import {ConfigError, OmstopError, ResponseError} from '../domain/errors.js';
import type {EpochMs} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';

export type ProjectLookup = {
	readonly region: string;
	/** https://iam.REGION.myhuaweicloud.com, or a local server in tests. */
	readonly iam: URL;
	readonly authenticate: Authenticate;
	readonly userAgent: string;
	/** What the signature is dated. */
	readonly now: () => EpochMs;
	readonly limits?: HttpLimits;
};

const WHERE = 'Give --project-id ID (or set HUAWEICLOUD_SDK_PROJECT_ID, or project_id in [basic] of the profile file); the console shows it under My Credentials → API Credentials.';

/**
 * IAM's endpoint for a region, as the SDKs derive it. OMSTOP_IAM_URL_FOR_TESTS moves it,
 * for the tests only.
 */
export function iamEndpoint(region: string, env: Readonly<Record<string, string | undefined>>): URL {
	const text = env['OMSTOP_IAM_URL_FOR_TESTS']?.trim() || `https://iam.${region}.myhuaweicloud.com`;
	try {
		return new URL(text);
	} catch {
		throw new ConfigError(`OMSTOP_IAM_URL_FOR_TESTS "${sanitize(text, 60)}" is not a URL`, 'It is for the tests only: unset it.');
	}
}

/** The ids in a KeystoneListProjects answer: {"projects": [{"id": …, "name": …}]}. */
function projectIds(body: string): string[] {
	let parsed: unknown;
	try {
		parsed = parseJson(body);
	} catch {
		throw new ResponseError('The answer of IAM is not JSON', 'Check the network path to IAM.');
	}

	const projects = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['projects'] : undefined;
	if (!Array.isArray(projects)) {
		throw new ResponseError('The answer of IAM has no project list', 'Check the network path to IAM.');
	}

	return projects.map(project => {
		const id = typeof project === 'object' && project !== null ? (project as Record<string, unknown>)['id'] : undefined;
		if (typeof id !== 'string' || id === '') {
			throw new ResponseError('The answer of IAM has a project without an id', 'Check the network path to IAM.');
		}

		return sanitize(id, 64);
	});
}

/**
 * The id of the project named after the region (GET /v3/projects?name=REGION, signed as
 * every other request), as the SDKs find it when no project id is given. Every failure is
 * a ConfigError that says to give --project-id.
 */
export async function lookUpProjectId(lookup: ProjectLookup): Promise<string> {
	const limits = lookup.limits ?? DEFAULT_LIMITS;
	const dispatcher = createDispatcher(limits);
	const url = new URL(lookup.iam.origin);
	url.pathname = `${lookup.iam.pathname.replace(/\/+$/, '')}/v3/projects`;
	url.search = canonicalSearch([['name', lookup.region]]);
	const context = `Looking up the project of ${lookup.region} in IAM`;
	let ids: string[];
	try {
		const headers = {'Content-Type': 'application/json', 'User-Agent': lookup.userAgent};
		const answer = await get(dispatcher, url, {...headers, ...(await lookup.authenticate.headers({method: 'GET', url, headers, time: lookup.now()}))}, limits);
		if (answer.status < 200 || answer.status > 299) {
			throw apiErrorFromResponse(answer.status, answer.body, undefined, context, lookup.authenticate.refusal);
		}

		ids = projectIds(answer.body);
	} catch (error) {
		if (error instanceof OmstopError) {
			throw new ConfigError(`No project id, and it could not be looked up: ${error.message}`, `${WHERE} ${error.hint}`);
		}

		throw error;
	} finally {
		await dispatcher.close();
	}

	if (ids.length === 0) {
		throw new ConfigError(`No project id, and IAM lists no project named ${lookup.region} for these credentials`, WHERE);
	}

	if (ids.length > 1) {
		throw new ConfigError(`No project id, and IAM lists ${ids.length} projects named ${lookup.region}: ${ids.join(', ')}`, `Choose one: ${WHERE}`);
	}

	return ids[0]!;
}

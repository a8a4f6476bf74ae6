import type {Dispatcher} from 'undici';
import {canonicalSearch} from '../auth/signer.js';
import {ResponseError} from '../domain/errors.js';
import {DATA_TYPES, type StatisticsAnswer} from '../domain/statistics.js';
import type {TaskInfo, TaskPage, TaskStatusName} from '../domain/task-info.js';
import type {EpochMs, TaskId} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';
import {ApiError} from '../domain/errors.js';
import {MINUTE} from '../domain/units.js';
import {apiErrorFromResponse} from './api-error.js';
import {createDispatcher, DEFAULT_LIMITS, get, type HttpAnswer, type HttpLimits} from './http.js';
import {parseJson} from './json.js';
import {parseRetryAfter} from './retry-after.js';
import {readStatisticsBody} from './statistics-body.js';
import {describeSkew, ServerClock} from './server-clock.js';
import {readTaskInfo, readTaskPage} from './task-body.js';

/** Proves who is asking, with credentials that may change while omstop runs. */
export type Authenticate = {
	/** Authentication headers for a request about to be sent (a token, or an AK/SK signature). */
	headers(request: {
		readonly method: string;
		readonly url: URL;
		readonly headers: Readonly<Record<string, string>>;
		/** The server's time as far as omstop can tell: what a signature is dated. */
		readonly time: EpochMs;
	}): Promise<Record<string, string>>;
	/** After a 401: reads the credentials again; true when different ones are now in use, worth one more try. */
	refused(): Promise<boolean>;
	/** What a 401 says about these credentials. */
	readonly refusal: {readonly note?: string; readonly hint: string};
};

/** The API gateway refuses AK/SK signatures dated further than this from its own clock. */
const SIGNATURE_TOLERANCE = 15 * MINUTE;

export type OmsClientOptions = {
	/** Base URL, such as https://oms.cn-north-4.myhuaweicloud.com. */
	readonly endpoint: URL;
	readonly projectId: string;
	readonly authenticate: Authenticate;
	readonly userAgent: string;
	readonly limits?: HttpLimits;
	readonly now?: () => EpochMs;
};

/** The OMS v2 sync-task API over undici. One instance per endpoint; close() when done. */
export class OmsClient {
	readonly endpoint: URL;
	readonly #options: OmsClientOptions;
	readonly #limits: HttpLimits;
	readonly #dispatcher: Dispatcher;
	readonly #now: () => EpochMs;
	/** The server's clock, read from every answer's Date header. */
	readonly serverClock: ServerClock;

	constructor(options: OmsClientOptions) {
		this.endpoint = options.endpoint;
		this.#options = options;
		this.#limits = options.limits ?? DEFAULT_LIMITS;
		this.#dispatcher = createDispatcher(this.#limits);
		this.#now = options.now ?? Date.now;
		this.serverClock = new ServerClock(this.#now);
	}

	/** All five data types of one task over [start, end], in one request. */
	async statistics(taskId: TaskId, start: EpochMs, end: EpochMs, signal?: AbortSignal): Promise<StatisticsAnswer> {
		const answer = await this.#get(
			`sync-tasks/${encodeURIComponent(taskId)}/statistics`,
			[
				['data_type', DATA_TYPES.join(',')],
				['start_time', String(start)],
				['end_time', String(end)],
			],
			'Statistics',
			signal,
		);
		const serverTime = this.serverClock.observe(answer.headers['date']);
		return readStatisticsBody(this.#json(answer), {taskId, start, end, serverTime});
	}

	/** One page of the task list; `limit` 1–100, `offset` 0–10000. */
	async listTasks(
		page: {limit: number; offset: number; status?: TaskStatusName},
		signal?: AbortSignal,
	): Promise<TaskPage> {
		const query: Array<[string, string]> = [
			['limit', String(page.limit)],
			['offset', String(page.offset)],
		];
		if (page.status !== undefined) {
			query.push(['status', page.status]);
		}

		const answer = await this.#get('sync-tasks', query, 'Listing sync tasks', signal);
		return readTaskPage(this.#json(answer));
	}

	/** One task's details with the counters of the month containing `monthOf`. */
	async showTask(taskId: TaskId, monthOf: EpochMs, signal?: AbortSignal): Promise<TaskInfo> {
		const answer = await this.#get(
			`sync-tasks/${encodeURIComponent(taskId)}`,
			[['query_time', String(monthOf)]],
			`Details of task ${taskId}`,
			signal,
		);
		const info = readTaskInfo(this.#json(answer));
		if (info === undefined) {
			throw new ResponseError(`The details of task ${taskId} have no sync_task_id`, 'omstop keeps what it knew of the task.');
		}

		return info;
	}

	async close(): Promise<void> {
		await this.#dispatcher.close();
	}

	#json(answer: HttpAnswer): unknown {
		try {
			return parseJson(answer.body);
		} catch (error) {
			throw new ResponseError(
				`The answer from ${this.endpoint.host} is not JSON (${sanitize(answer.headers['content-type'] ?? 'no content type', 80)}, ${answer.body.length} bytes)`,
				'Check that --endpoint points at the OMS API, not at a proxy or login page.',
				{cause: error},
			);
		}
	}

	async #get(
		path: string,
		query: ReadonlyArray<readonly [string, string]>,
		context: string,
		signal: AbortSignal | undefined,
	): Promise<HttpAnswer> {
		const base = this.endpoint.pathname.replace(/\/+$/, '');
		const url = new URL(this.endpoint.origin);
		url.pathname = `${base}/v2/${encodeURIComponent(this.#options.projectId)}/${path}`;
		url.search = canonicalSearch(query);
		const {authenticate} = this.#options;
		const headers = {'Content-Type': 'application/json', 'User-Agent': this.#options.userAgent};
		// Signed with the server's time, so that a local clock off by more than the gateway's
		// tolerance does not lock AK/SK out; every answer tells that time.
		let signedAt = 0;
		const attempt = async (): Promise<HttpAnswer> => {
			signedAt = this.serverClock.now();
			return get(this.#dispatcher, url, {...headers, ...(await authenticate.headers({method: 'GET', url, headers, time: signedAt}))}, this.#limits, signal);
		};

		let answer = await attempt();
		// Dated by a clock the server's answer shows to be off past the tolerance: one try at
		// once, dated by the server's clock (one bad signature, not a hold of every task).
		let skew = answer.status === 401 ? signatureSkew(this.serverClock.observe(answer.headers['date']), signedAt) : undefined;
		if (skew !== undefined) {
			answer = await attempt();
			skew = answer.status === 401 ? skew : undefined;
		}

		// Credentials renewed under omstop (a rewritten token file) get one try at once.
		if (answer.status === 401 && (await authenticate.refused())) {
			answer = await attempt();
		}

		if (answer.status < 200 || answer.status > 299) {
			this.serverClock.observe(answer.headers['date']);
			const retryAfter = parseRetryAfter(answer.headers['retry-after'], this.#now());
			const error = apiErrorFromResponse(answer.status, answer.body, retryAfter, context, authenticate.refusal);
			throw error.code === 'unauthorized' && skew !== undefined ? withSkewHint(error, skew) : error;
		}

		return answer;
	}
}

/** How far a refused request's date was from the server's clock, when past the gateway's tolerance. */
function signatureSkew(serverTime: EpochMs | undefined, signedAt: EpochMs): number | undefined {
	return serverTime !== undefined && Math.abs(serverTime - signedAt) > SIGNATURE_TOLERANCE ? serverTime - signedAt : undefined;
}

/** A refused signature that was dated by a clock far from the server's says so: that, not the keys, may be the cause. */
function withSkewHint(error: ApiError, offset: number): ApiError {
	return new ApiError(
		error.code,
		`${error.message} (${describeSkew(offset)})`,
		"The server refused a request dated by this machine's clock, and again when dated by the server's own: check the keys, and set this machine's clock right (NTP).",
		error.detail,
		error.retryAfter,
	);
}

import {ApiError, type ErrorCode, type ServerErrorDetail} from '../domain/errors.js';
import type {DurationMs} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';
import {parseJson} from './json.js';

/** Of an error body that is not JSON, how much is read for the message (which shows far less). */
const RAW_BODY_READ = 64 * 1024;

type ErrorFields = {errorCode?: string; errorMsg?: string; requestId?: string};

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? sanitize(value) : undefined;
}

function fieldsOf(value: unknown): ErrorFields | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const record = value as Record<string, unknown>;
	const errorCode = text(record['error_code']) ?? text(record['code']);
	const errorMsg = text(record['error_msg']) ?? text(record['message']);
	if (errorCode === undefined && errorMsg === undefined) {
		return undefined;
	}

	const requestId = text(record['request_id']);
	return {
		...(errorCode === undefined ? {} : {errorCode}),
		...(errorMsg === undefined ? {} : {errorMsg}),
		...(requestId === undefined ? {} : {requestId}),
	};
}

/**
 * The provider's SDKs accept error_code/error_msg or code/message, at the top level or
 * nested one level down, and fall back to the raw body; so does this.
 */
export function parseErrorBody(body: string): ErrorFields {
	let parsed: unknown;
	try {
		parsed = parseJson(body);
	} catch {
		// Cleaned well past what is shown, so that the cut falls in no secret a page echoes back.
		const raw = text(body.slice(0, RAW_BODY_READ));
		return raw === undefined ? {} : {errorMsg: raw};
	}

	const top = fieldsOf(parsed);
	if (top !== undefined) {
		return top;
	}

	if (typeof parsed === 'object' && parsed !== null) {
		for (const nested of Object.values(parsed)) {
			const fields = fieldsOf(nested);
			if (fields !== undefined) {
				return fields;
			}
		}
	}

	return {};
}

type Classification = {code: ErrorCode; what: string; hint: string};

function classify(status: number, errorCode: string | undefined): Classification {
	if (status === 404 || errorCode === 'OMS.1009') {
		return {
			code: 'not-found',
			what: 'not found',
			hint: 'Check the task id, and that the project id and region are the ones the task lives in.',
		};
	}

	switch (status) {
		case 401: {
			return {
				code: 'unauthorized',
				what: 'credentials rejected',
				hint: 'Get a new token (tokens last 24 hours) or check the AK/SK pair. After 5 failed signatures in a row the gateway locks an AK/SK pair for 5 minutes.',
			};
		}

		case 403: {
			return {
				code: 'forbidden',
				what: 'permission denied',
				hint: 'The IAM user needs oms:synctask:statistics (and oms:synctask:list, oms:synctask:get to list and name tasks), and a token scoped to this project.',
			};
		}

		case 418: {
			return {
				code: 'blacklisted',
				what: "this machine's IP address is blacklisted by the service",
				hint: 'Contact Huawei Cloud support to lift the block; omstop retries only rarely meanwhile.',
			};
		}

		case 429: {
			return {code: 'throttled', what: 'too many requests', hint: 'omstop backs off; a longer --interval sends fewer requests.'};
		}

		default: {
			if (status >= 500) {
				return {code: 'server', what: 'server error', hint: 'The service is having trouble; omstop keeps the last data and retries.'};
			}

			return {
				code: 'bad-request',
				what: 'request refused',
				hint: 'Check --project-id, --endpoint or --region, and the task id.',
			};
		}
	}
}

export function apiErrorFromResponse(
	status: number,
	body: string,
	retryAfter: DurationMs | undefined,
	context: string,
	/** For a 401: what can renew the credentials in use. */
	refusal?: {readonly note?: string; readonly hint: string},
): ApiError {
	const fields = parseErrorBody(body);
	const detail: ServerErrorDetail = {
		status,
		errorCode: fields.errorCode,
		errorMsg: fields.errorMsg,
		requestId: fields.requestId,
	};
	const classified = classify(status, fields.errorCode);
	const {code} = classified;
	const renewal = code === 'unauthorized' ? refusal : undefined;
	// The note goes before what the server said, so that the status line's cut keeps it.
	const what = renewal?.note === undefined ? classified.what : `${classified.what} (${renewal.note})`;
	const hint = renewal === undefined ? classified.hint : renewal.hint;
	const said = [fields.errorCode, fields.errorMsg].filter(Boolean).join(': ');
	const request = fields.requestId === undefined ? '' : ` (request id ${fields.requestId})`;
	const message = `${context}: HTTP ${status}, ${what}${said ? ` — ${said}` : ''}${request}`;
	return new ApiError(code, message, hint, detail, retryAfter);
}

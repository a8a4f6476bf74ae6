import {STATUS_CODES} from 'node:http';
import type {DurationMs} from '../domain/units.js';
import {toJson, type Json} from './json.js';

/** A complete HTTP answer. */
export type Reply = {
	readonly status: number;
	readonly body: string;
	readonly headers: Readonly<Record<string, string>>;
};

/** What the HTTP edge does with a request: answer (maybe late), or misbehave in one of the ways a network can. */
export type Answer =
	| {readonly kind: 'reply'; readonly reply: Reply; readonly delayMs?: DurationMs}
	| {readonly kind: 'reset'}
	/** Half the reply, then the connection is destroyed, or with `stall` left open and silent. */
	| {readonly kind: 'truncated'; readonly reply: Reply; readonly stall?: boolean}
	| {readonly kind: 'stream'; readonly status: number; readonly contentType: string; readonly chunks: Iterable<string>};

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function jsonReply(status: number, value: Json): Reply {
	return {status, body: toJson(value), headers: {'Content-Type': JSON_TYPE}};
}

export function textReply(status: number, contentType: string, body: string): Reply {
	return {status, body, headers: {'Content-Type': contentType}};
}

/** An OMS error body. */
function omsError(status: number, errorCode: string, errorMsg: string): Reply {
	return jsonReply(status, {error_code: errorCode, error_msg: errorMsg});
}

/** An API-gateway error body; unlike OMS errors these carry the request id. */
export function gatewayError(status: number, errorCode: string, errorMsg: string, requestId: string): Reply {
	return jsonReply(status, {error_code: errorCode, error_msg: errorMsg, request_id: requestId});
}

// The codes the reference names for these statuses (oms-api.md §3.3).
const KNOWN_ERRORS: Readonly<Record<number, readonly [code: string, message: string]>> = {
	400: ['OMS.1010', 'Incorrect parameter type'],
	404: ['OMS.1009', 'No resources found'],
};

/**
 * An OMS error for this status. Where the reference names no code the simulator invents
 * an obviously fake one (SIM.0503), so that nobody mistakes it for a real OMS code.
 */
export function statusError(status: number, errorCode?: string, errorMsg?: string): Reply {
	const [code, message] = KNOWN_ERRORS[status] ?? [`SIM.${String(status).padStart(4, '0')}`, STATUS_CODES[status] ?? 'Error'];
	return omsError(status, errorCode ?? code, errorMsg ?? message);
}

export function badParameter(message: string): Reply {
	return statusError(400, undefined, message);
}

export function unauthorized(reason: string, requestId: string): Reply {
	return gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${reason}`, requestId);
}

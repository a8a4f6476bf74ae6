import type {DurationMs, TaskId} from '../domain/units.js';
import {gatewayError, JSON_TYPE, statusError, textReply, unauthorized, type Answer, type Reply} from './responses.js';

/** A way for the simulated service or network to misbehave. */
export type Fault =
	/** Hold the answer this long. */
	| {readonly kind: 'delay'; readonly ms: DurationMs}
	/** An error status with an OMS error body (a made-up SIM.xxxx code where the reference names none). */
	| {readonly kind: 'status'; readonly status: number; readonly errorCode?: string; readonly errorMsg?: string}
	/** 429, with Retry-After when given. */
	| {readonly kind: 'throttle'; readonly retryAfterSeconds?: number}
	/** 401 APIGW.0301, as when the IAM token ran out. */
	| {readonly kind: 'expired-token'}
	/** The connection is destroyed before any answer. */
	| {readonly kind: 'reset'}
	/** Headers promise the whole body, half of it comes, then the connection is destroyed. */
	| {readonly kind: 'truncated'}
	/** Headers promise the whole body, half of it comes, then nothing more until the client gives up. */
	| {readonly kind: 'stall'}
	/** 200 with an HTML page, as a proxy or captive portal would send. */
	| {readonly kind: 'not-json'}
	/** Exactly this text, with status 200 and a JSON content type unless told otherwise (a proxy's error page). */
	| {readonly kind: 'body'; readonly body: string; readonly status?: number; readonly contentType?: string}
	/** 200 with a statistics-looking JSON prefix this many bytes long, sent chunked (no Content-Length). */
	| {readonly kind: 'huge'; readonly bytes: number};

/** Which requests a fault hits: only those about one task, and only so many (default: until cleared). */
export type FaultScope = {readonly taskId?: TaskId; readonly times?: number};

type Entry = {readonly fault: Fault; readonly taskId: TaskId | undefined; remaining: number};

/** The faults waiting for requests. When several match a request, the one set last wins. */
export class FaultBook {
	#entries: Entry[] = [];

	set(fault: Fault, scope: FaultScope = {}): void {
		const times = scope.times ?? Number.POSITIVE_INFINITY;
		if (!(times >= 1)) {
			throw new RangeError(`times must be at least 1: ${times}`);
		}

		this.#entries.unshift({fault, taskId: scope.taskId, remaining: times});
	}

	clear(): void {
		this.#entries = [];
	}

	/** The fault for a request about `taskId` (undefined for routes about no task), counted as spent. */
	take(taskId: TaskId | undefined): Fault | undefined {
		const entry = this.#entries.find(candidate => candidate.taskId === undefined || candidate.taskId === taskId);
		if (!entry) {
			return undefined;
		}

		entry.remaining--;
		if (entry.remaining <= 0) {
			this.#entries = this.#entries.filter(candidate => candidate !== entry);
		}

		return entry.fault;
	}
}

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><h1>Service under maintenance</h1><p>Please try again later.</p></body></html>\n';

const CHUNK_LENGTH = 64 * 1024;

/** Exactly `bytes` bytes of the beginning of a statistics answer that never ends. */
function* hugeBody(bytes: number): Generator<string> {
	const point = '{"time_stamp":1700150400000,"statistic_num":1},';
	// Whole points, so the concatenated chunks stay a valid JSON prefix.
	const filler = point.repeat(Math.ceil(CHUNK_LENGTH / point.length));
	let next = `{"sync_task_id":"huge","statistic_time_type":"FIVE_MINUTES","statistic_datas":[{"data_type":"REQUEST","data":[${filler}`;
	for (let sent = 0; sent < bytes; next = filler) {
		const piece = next.slice(0, bytes - sent);
		sent += piece.length;
		yield piece;
	}
}

/** What the client gets when `fault` hits a request. `normal` is the reply it would have had; computed only when needed. */
export function faultAnswer(fault: Fault, normal: () => Reply, requestId: string): Answer {
	switch (fault.kind) {
		case 'delay': {
			return {kind: 'reply', reply: normal(), delayMs: fault.ms};
		}

		case 'status': {
			return {kind: 'reply', reply: statusError(fault.status, fault.errorCode, fault.errorMsg)};
		}

		case 'throttle': {
			// The gateway's throttling code is believed to be APIGW.0308 (unconfirmed, oms-api.md §3.3).
			const reply = gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached', requestId);
			const retryAfter = fault.retryAfterSeconds === undefined ? {} : {'Retry-After': String(fault.retryAfterSeconds)};
			return {kind: 'reply', reply: {...reply, headers: {...reply.headers, ...retryAfter}}};
		}

		case 'expired-token': {
			return {kind: 'reply', reply: unauthorized('token expired', requestId)};
		}

		case 'reset': {
			return {kind: 'reset'};
		}

		case 'truncated': {
			return {kind: 'truncated', reply: normal()};
		}

		case 'stall': {
			return {kind: 'truncated', reply: normal(), stall: true};
		}

		case 'not-json': {
			return {kind: 'reply', reply: textReply(200, 'text/html; charset=utf-8', HTML_PAGE)};
		}

		case 'body': {
			return {kind: 'reply', reply: textReply(fault.status ?? 200, fault.contentType ?? JSON_TYPE, fault.body)};
		}

		case 'huge': {
			return {kind: 'stream', status: 200, contentType: JSON_TYPE, chunks: hugeBody(fault.bytes)};
		}
	}
}

import type {DurationMs} from './units.js';

/**
 * Every failure omstop reports. `code` is stable (scripts and the poller branch on it),
 * `message` says what happened, `hint` says what to do about it.
 */
export type ErrorCode =
	| 'config'
	| 'not-found'
	| 'unauthorized'
	| 'forbidden'
	| 'blacklisted'
	| 'throttled'
	| 'bad-request'
	| 'server'
	| 'network'
	| 'timeout'
	| 'bad-response';

export class OmstopError extends Error {
	readonly code: ErrorCode;
	readonly hint: string;

	constructor(code: ErrorCode, message: string, hint: string, options?: {cause?: unknown}) {
		super(message, options);
		this.name = new.target.name;
		this.code = code;
		this.hint = hint;
	}
}

/** A flag, environment variable or file that cannot be used. Exit code 2. */
export class ConfigError extends OmstopError {
	constructor(message: string, hint: string) {
		super('config', message, hint);
	}
}

/** What the server said about a failed call. Every text field is already sanitized. */
export type ServerErrorDetail = {
	readonly status: number;
	readonly errorCode: string | undefined;
	readonly errorMsg: string | undefined;
	readonly requestId: string | undefined;
};

/** The server answered with an HTTP error status. */
export class ApiError extends OmstopError {
	readonly detail: ServerErrorDetail;
	/** From Retry-After on 429 and 503, when the server sent one. */
	readonly retryAfter: DurationMs | undefined;

	constructor(
		code: ErrorCode,
		message: string,
		hint: string,
		detail: ServerErrorDetail,
		retryAfter?: DurationMs,
	) {
		super(code, message, hint);
		this.detail = detail;
		this.retryAfter = retryAfter;
	}
}

export type NetworkFailure = 'dns' | 'refused' | 'reset' | 'tls' | 'other';

/** The request never got an HTTP answer. */
export class NetworkError extends OmstopError {
	readonly failure: NetworkFailure;

	constructor(failure: NetworkFailure, message: string, hint: string, options?: {cause?: unknown}) {
		super('network', message, hint, options);
		this.failure = failure;
	}
}

export type TimeoutPhase = 'connect' | 'headers' | 'body';

export class TimeoutError extends OmstopError {
	readonly phase: TimeoutPhase;

	constructor(phase: TimeoutPhase, message: string, hint: string, options?: {cause?: unknown}) {
		super('timeout', message, hint, options);
		this.phase = phase;
	}
}

/** The server answered 2xx with a body omstop cannot use. */
export class ResponseError extends OmstopError {
	constructor(message: string, hint: string, options?: {cause?: unknown}) {
		super('bad-response', message, hint, options);
	}
}

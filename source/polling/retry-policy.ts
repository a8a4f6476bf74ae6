import {ApiError, type OmstopError} from '../domain/errors.js';
import {MINUTE, SECOND, type DurationMs} from '../domain/units.js';
import type {PollPhase} from '../series/store.js';

/** Retry timing as data; the scheduler alone acts on it. */
export const RETRY = {
	/** First retry after a transient failure; doubles per failure. */
	base: 5 * SECOND,
	/** Longest wait between retries of a transient failure. */
	cap: 5 * MINUTE,
	/** The gateway locks an AK/SK pair for 5 minutes after 5 bad signatures in a row. */
	credentialsHold: 5 * MINUTE,
	credentialsCap: 30 * MINUTE,
	blacklistedHold: 15 * MINUTE,
} as const;

export type RetryPlan = {
	readonly phase: PollPhase;
	readonly delay: DurationMs;
	/** 'all': every task waits (the credentials or the caller's address are at fault). */
	readonly scope: 'task' | 'all';
};

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoff(failures: number, base: DurationMs, cap: DurationMs, random: () => number): DurationMs {
	const ceiling = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
	return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** What to do after a failed poll; `failures` counts this one. */
export function planRetry(error: OmstopError, failures: number, random: () => number): RetryPlan {
	switch (error.code) {
		case 'unauthorized': {
			return {phase: 'credentials', delay: backoff(failures, RETRY.credentialsHold, RETRY.credentialsCap, () => 1), scope: 'all'};
		}

		case 'forbidden': {
			return {phase: 'credentials', delay: backoff(failures, RETRY.credentialsHold, RETRY.credentialsCap, random), scope: 'task'};
		}

		case 'blacklisted': {
			return {phase: 'blacklisted', delay: RETRY.blacklistedHold, scope: 'all'};
		}

		case 'throttled': {
			const retryAfter = error instanceof ApiError ? error.retryAfter : undefined;
			const delay = retryAfter ?? backoff(failures, RETRY.base, RETRY.cap, random);
			return {phase: 'retrying', delay: Math.min(delay, RETRY.credentialsCap), scope: 'task'};
		}

		default: {
			return {phase: 'retrying', delay: backoff(failures, RETRY.base, RETRY.cap, random), scope: 'task'};
		}
	}
}

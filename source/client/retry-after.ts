import type {DurationMs, EpochMs} from '../domain/units.js';

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: EpochMs): DurationMs | undefined {
	if (value === undefined) {
		return undefined;
	}

	const text = value.trim();
	if (/^\d+$/.test(text)) {
		return Number(text) * 1000;
	}

	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

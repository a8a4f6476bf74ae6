import {MINUTE, SECOND, type DurationMs, type EpochMs} from '../domain/units.js';

/**
 * Below this the offset is taken as zero: the Date header has whole seconds, so two clocks
 * in step read up to a second apart, and buckets are counted on exact boundaries.
 */
const NOISE: DurationMs = 2 * SECOND;
/** Skew worth telling the operator about. */
export const SHOWN_SKEW: DurationMs = MINUTE;

/**
 * The server's clock as read from the `Date` header of its answers. Buckets are the
 * server's: which of them exist, and which are complete, is decided by its clock, not
 * ours, which may run ahead, lag, or be stepped while omstop runs.
 */
export class ServerClock {
	readonly #now: () => EpochMs;
	#offset: DurationMs = 0;
	#observed = false;

	constructor(now: () => EpochMs) {
		this.#now = now;
	}

	/** Server time minus local time, as last seen; 0 within a second or two. */
	get offset(): DurationMs {
		return this.#offset;
	}

	/** Whether any answer has carried a readable Date header yet. */
	get observed(): boolean {
		return this.#observed;
	}

	/** The server's time now, as far as omstop can tell. */
	now(): EpochMs {
		return this.#now() + this.#offset;
	}

	/** Reads an answer's Date header (RFC 9110 IMF-fixdate); returns the server time it names, or undefined. */
	observe(dateHeader: string | undefined): EpochMs | undefined {
		const date = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
		if (!Number.isFinite(date)) {
			return undefined;
		}

		// The header is cut to the second: the server's time was within [date, date + 1 s).
		const offset = date + SECOND / 2 - this.#now();
		this.#offset = Math.abs(offset) < NOISE ? 0 : Math.round(offset);
		this.#observed = true;
		return date;
	}
}

/** "3 min ahead" / "2 h behind": how far the server's clock is from ours, in words. */
export function describeSkew(offset: DurationMs): string {
	const minutes = Math.round(Math.abs(offset) / MINUTE);
	const amount = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
	return `server clock ${amount} ${offset > 0 ? 'ahead of' : 'behind'} this machine's`;
}

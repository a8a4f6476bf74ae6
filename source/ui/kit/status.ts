import {SECOND, type EpochMs} from '../../domain/units.js';
import {formatDuration, formatSince} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {TaskStatus} from '../../series/store.js';
import type {Tone} from './style.js';

export type StatusLine = {
	/** A short word or two in capitals: what polling is doing. */
	readonly state: string;
	readonly tone: Tone;
	/** Age of the data, then the reason when polling is in trouble; parts in order. */
	readonly details: readonly string[];
};

/** The error of the last poll, cleaned and cut; undefined after a success. */
export function reason(status: TaskStatus): string | undefined {
	const error = status.lastError;
	return error === undefined ? undefined : sanitize(error.message, 160);
}

/** Since when the data is old (with the date when that was not today), or that there is none. */
export function staleness(status: TaskStatus, now: EpochMs): string {
	return status.lastSuccessAt === undefined ? 'no data yet' : `stale since ${formatSince(status.lastSuccessAt, now)}`;
}

function inSeconds(at: EpochMs | undefined, now: EpochMs): string {
	return at === undefined ? '' : ` in ${Math.max(0, Math.ceil((at - now) / SECOND))}s`;
}

/** The poll state of one task as the header shows it. */
export function describeStatus(status: TaskStatus, now: EpochMs): StatusLine {
	const age = status.lastSuccessAt === undefined ? undefined : `updated ${formatDuration(now - status.lastSuccessAt)} ago`;
	const why = reason(status);
	const details = (...parts: Array<string | undefined>): string[] => parts.filter((part): part is string => part !== undefined);
	switch (status.phase) {
		case 'loading': {
			return {state: 'LOADING', tone: 'muted', details: details('waiting for the first answer', why)};
		}

		case 'live': {
			return {state: 'LIVE', tone: 'good', details: details(age ?? 'no data yet', `next poll${inSeconds(status.nextPollAt, now)}`)};
		}

		case 'paused': {
			return {state: 'PAUSED', tone: 'warn', details: details('p resumes', age)};
		}

		case 'retrying': {
			const stale = staleness(status, now);
			return {
				state: `RETRYING${inSeconds(status.nextPollAt, now)}`,
				tone: 'warn',
				details: details(why === undefined ? stale : `${stale}: ${why}`, age),
			};
		}

		case 'credentials': {
			return {state: 'CREDENTIALS NEED ATTENTION', tone: 'bad', details: details(why, 'r retries now', age)};
		}

		case 'blacklisted': {
			return {state: 'BLACKLISTED', tone: 'bad', details: details(why ?? 'the API refuses this address', 'r retries now', age)};
		}

		case 'deleted': {
			return {state: 'DELETED', tone: 'bad', details: details(why ?? 'the server no longer knows this task', 'left out of every total', age)};
		}
	}
}

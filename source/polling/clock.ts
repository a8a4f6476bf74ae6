import type {DurationMs, EpochMs} from '../domain/units.js';

export type TimerHandle = {readonly id: unknown};

/** Time and timers, injected so that tests can run days of polling in milliseconds. */
export type Clock = {
	now(): EpochMs;
	setTimer(callback: () => void, delay: DurationMs): TimerHandle;
	clearTimer(handle: TimerHandle): void;
};

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimer(callback, delay) {
		return {id: setTimeout(callback, delay)};
	},
	clearTimer(handle) {
		clearTimeout(handle.id as ReturnType<typeof setTimeout>);
	},
};

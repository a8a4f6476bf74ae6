import {performance} from 'node:perf_hooks';
import type {DurationMs, EpochMs} from '../domain/units.js';

export type TimerHandle = {readonly id: unknown};

/** Milliseconds on a clock that only moves forward, from an arbitrary origin: for waits, never shown. */
export type MonotonicMs = number;

/**
 * Time and timers, injected so that tests can run days of polling in milliseconds. Two
 * clocks, because the wall clock jumps (NTP steps it, an operator sets it): waits and
 * schedules are measured on `monotonic`, and `now` only says what time it is.
 */
export type Clock = {
	/** The wall clock: for the spans asked of the server and for times shown. */
	now(): EpochMs;
	monotonic(): MonotonicMs;
	setTimer(callback: () => void, delay: DurationMs): TimerHandle;
	clearTimer(handle: TimerHandle): void;
};

export const systemClock: Clock = {
	now: () => Date.now(),
	monotonic: () => performance.now(),
	setTimer(callback, delay) {
		// Node's timers run on a monotonic clock already: a wall-clock step does not move them.
		return {id: setTimeout(callback, delay)};
	},
	clearTimer(handle) {
		clearTimeout(handle.id as ReturnType<typeof setTimeout>);
	},
};

import type {Clock, MonotonicMs, TimerHandle} from '../../source/polling/clock.js';
import type {DurationMs, EpochMs} from '../../source/domain/units.js';

type Timer = {at: MonotonicMs; order: number; callback: () => void; handle: TimerHandle};

/**
 * Time that moves only when a test moves it; timers fire in order as it passes them. The
 * wall clock is the monotonic clock plus a step that `stepWall` changes, as NTP would.
 */
export class FakeClock implements Clock {
	#monotonic: MonotonicMs;
	#step: DurationMs = 0;
	#order = 0;
	#timers: Timer[] = [];

	constructor(start: EpochMs) {
		this.#monotonic = start;
	}

	now = (): EpochMs => this.#monotonic + this.#step;

	monotonic = (): MonotonicMs => this.#monotonic;

	setTimer(callback: () => void, delay: DurationMs): TimerHandle {
		const handle = {id: ++this.#order};
		this.#timers.push({at: this.#monotonic + Math.max(0, delay), order: handle.id, callback, handle});
		return handle;
	}

	clearTimer(handle: TimerHandle): void {
		this.#timers = this.#timers.filter(timer => timer.handle !== handle);
	}

	get pending(): number {
		return this.#timers.length;
	}

	/**
	 * Moves time to `until` (a wall-clock time), firing each timer due on the way; after
	 * each, waits for `settle` (the poller's idle()) so that real I/O finishes before time moves on.
	 */
	async runUntil(until: EpochMs, settle: () => Promise<void>): Promise<void> {
		const end = until - this.#step;
		for (;;) {
			this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.#timers[0];
			if (next === undefined || next.at > end) {
				break;
			}

			this.#timers.shift();
			this.#monotonic = Math.max(this.#monotonic, next.at);
			next.callback();
			await settle();
		}

		this.#monotonic = Math.max(this.#monotonic, end);
	}

	/** Moves time without firing timers (for the simulator's clock between steps). */
	set(time: EpochMs): void {
		this.#monotonic = time - this.#step;
	}

	/** Steps the wall clock by `by` (back when negative) without moving the monotonic clock or any timer. */
	stepWall(by: DurationMs): void {
		this.#step += by;
	}
}

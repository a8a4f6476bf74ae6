import type {Clock, TimerHandle} from '../../source/polling/clock.js';
import type {DurationMs, EpochMs} from '../../source/domain/units.js';

type Timer = {at: EpochMs; order: number; callback: () => void; handle: TimerHandle};

/** Time that moves only when a test moves it; timers fire in order as it passes them. */
export class FakeClock implements Clock {
	#now: EpochMs;
	#order = 0;
	#timers: Timer[] = [];

	constructor(start: EpochMs) {
		this.#now = start;
	}

	now = (): EpochMs => this.#now;

	setTimer(callback: () => void, delay: DurationMs): TimerHandle {
		const handle = {id: ++this.#order};
		this.#timers.push({at: this.#now + Math.max(0, delay), order: handle.id, callback, handle});
		return handle;
	}

	clearTimer(handle: TimerHandle): void {
		this.#timers = this.#timers.filter(timer => timer.handle !== handle);
	}

	get pending(): number {
		return this.#timers.length;
	}

	/**
	 * Moves time to `until`, firing each timer due on the way; after each, waits for
	 * `settle` (the poller's idle()) so that real I/O finishes before time moves on.
	 */
	async runUntil(until: EpochMs, settle: () => Promise<void>): Promise<void> {
		for (;;) {
			this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.#timers[0];
			if (next === undefined || next.at > until) {
				break;
			}

			this.#timers.shift();
			this.#now = Math.max(this.#now, next.at);
			next.callback();
			await settle();
		}

		this.#now = Math.max(this.#now, until);
	}

	/** Moves time without firing timers (for the simulator's clock between steps). */
	set(time: EpochMs): void {
		this.#now = time;
	}
}

import {SECOND} from '../domain/units.js';
import type {Clock, MonotonicMs, TimerHandle} from './clock.js';

export type RequestBudgetOptions = {
	readonly clock: Clock;
	readonly perSecond: number;
	/** Requests that may go at once after a quiet spell; two seconds' worth by default. */
	readonly burst?: number;
};

/** Below this a level counts as a whole token: the refill is computed in floating point. */
const EPSILON = 1e-6;

/**
 * One token bucket for every API call of the process, on the monotonic clock (a step of the
 * wall clock neither frees nor withholds requests). A caller sends when `ready()` says so and
 * takes what it sends; otherwise it queues, and is called back in its turn. Turns go in the
 * order asked, so that neither the poller nor discovery can starve the other. A call of
 * several requests takes them all and may leave the bucket in debt, which the next waits out.
 */
export class RequestBudget {
	readonly perSecond: number;
	readonly #clock: Clock;
	readonly #burst: number;
	#level: number;
	#at: MonotonicMs;
	#taken = 0;
	readonly #queue: Array<() => void> = [];
	#timer: TimerHandle | undefined;
	/** A queued caller is being called back: the token is its own, whoever else waits. */
	#granted = false;
	#dispatching = false;

	constructor(options: RequestBudgetOptions) {
		this.#clock = options.clock;
		this.perSecond = options.perSecond;
		this.#burst = Math.max(1, options.burst ?? 2 * options.perSecond);
		this.#level = this.#burst;
		this.#at = options.clock.monotonic();
	}

	/** Requests taken since the start. */
	get taken(): number {
		return this.#taken;
	}

	/** Whether a request may be sent now: a token is there and nobody queued is before the caller. */
	ready(): boolean {
		return this.#refill() >= 1 - EPSILON && (this.#granted || this.#queue.length === 0);
	}

	/** Takes `requests` about to be sent, into debt if need be. */
	take(requests = 1): void {
		this.#level = this.#refill() - requests;
		this.#taken += requests;
		this.#granted = false;
	}

	/**
	 * Calls `turn` when a request may be sent and those queued before have had their turn;
	 * `turn` takes what it sends then, or gives the turn up. Returns what takes it off the queue.
	 */
	queue(turn: () => void): () => void {
		this.#queue.push(turn);
		this.#dispatch();
		return () => {
			const index = this.#queue.indexOf(turn);
			if (index !== -1) {
				this.#queue.splice(index, 1);
				this.#dispatch();
			}
		};
	}

	#dispatch(): void {
		// A turn may queue again: the loop below sees it.
		if (this.#dispatching) {
			return;
		}

		if (this.#timer !== undefined) {
			this.#clock.clearTimer(this.#timer);
			this.#timer = undefined;
		}

		this.#dispatching = true;
		try {
			while (this.#queue.length > 0 && this.#refill() >= 1 - EPSILON) {
				this.#granted = true;
				this.#queue.shift()!();
				this.#granted = false;
			}
		} finally {
			this.#dispatching = false;
		}

		if (this.#queue.length > 0) {
			// A whole millisecond or more, so that the timer finds the token there.
			const wait = Math.max(1, Math.ceil(((1 - this.#refill()) * SECOND) / this.perSecond));
			this.#timer = this.#clock.setTimer(() => {
				this.#timer = undefined;
				this.#dispatch();
			}, wait);
		}
	}

	#refill(): number {
		const now = this.#clock.monotonic();
		if (now > this.#at) {
			this.#level = Math.min(this.#burst, this.#level + ((now - this.#at) * this.perSecond) / SECOND);
			this.#at = now;
		}

		return this.#level;
	}
}

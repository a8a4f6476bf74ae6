import {OmstopError} from '../domain/errors.js';
import {SECOND, type DurationMs} from '../domain/units.js';
import type {Clock, MonotonicMs, TimerHandle} from './clock.js';
import {planRetry} from './retry-policy.js';

/**
 * 'began': a call was refused for the credentials or the caller's address, and every call waits;
 * 'released': the wait was cut short (r, or new credentials), and one probe may go;
 * 'lifted': a call succeeded, and every call may go again;
 * 'probed': the probe failed for another reason (a timeout, a 500), and the next call is the probe.
 */
export type HoldEvent = {readonly kind: 'began'; readonly error: OmstopError} | {readonly kind: 'released' | 'lifted' | 'probed'};

/** Credentials that may be renewed under omstop; during a hold they are looked at now and then. */
export type Renewal = {
	readonly generation: number;
	/** Looks at the source (a stat of a file), taking new credentials into use if there are any. */
	current(): Promise<unknown>;
};

export type CredentialsHoldOptions = {
	readonly clock: Clock;
	/** For the length of holds; injected so that tests are repeatable. */
	readonly random?: () => number;
	/** Absent: credentials that cannot change, so nothing ends a hold early but r. */
	readonly renewal?: Renewal;
	/** How often the credentials are looked at during a hold. */
	readonly checkEvery?: DurationMs;
};

/** A call turned away because a hold is on; it was never sent. */
export class HeldError extends Error {
	constructor() {
		super('Calls are held: the credentials or this address were refused');
		this.name = 'HeldError';
	}
}

function holdsEveryCall(error: unknown): error is OmstopError {
	return error instanceof OmstopError && (error.code === 'unauthorized' || error.code === 'blacklisted');
}

/**
 * The one hold over every API call of the process (statistics, list, details). A 401 (or a
 * 418) starts it: for its length no call is sent, then exactly one probe; the probe's
 * success lifts it, another refusal makes it longer. The gateway locks an AK/SK pair after 5
 * bad signatures in a row, so that each of several callers sending its own would set it off.
 * Renewed credentials (a rewritten token or profile file) cut the wait short.
 */
export class CredentialsHold {
	readonly #clock: Clock;
	readonly #random: () => number;
	readonly #renewal: Renewal | undefined;
	readonly #checkEvery: DurationMs;
	readonly #listeners = new Set<(event: HoldEvent) => void>();
	#active = false;
	#until: MonotonicMs = Number.NEGATIVE_INFINITY;
	#failures = 0;
	#probing = false;
	#watch: TimerHandle | undefined;
	#checking: Promise<void> | undefined;
	#generation = 0;

	constructor(options: CredentialsHoldOptions) {
		this.#clock = options.clock;
		this.#random = options.random ?? Math.random;
		this.#renewal = options.renewal;
		this.#checkEvery = options.checkEvery ?? 10 * SECOND;
	}

	/** Whether a hold is on (waiting, or probing). */
	get active(): boolean {
		return this.#active;
	}

	/** When the wait ends and the probe may go (monotonic); -Infinity when no hold is on. */
	get until(): MonotonicMs {
		return this.#until;
	}

	/** The probe is out: its answer decides. */
	get probing(): boolean {
		return this.#probing;
	}

	/** Whether no call may start now. */
	blocks(now: MonotonicMs = this.#clock.monotonic()): boolean {
		return this.#active && (this.#until > now || this.#probing);
	}

	subscribe(listener: (event: HoldEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Sends one call under the hold: a HeldError without sending it while the hold blocks;
	 * during a hold whose wait is over, the call is the probe. A refusal of the credentials
	 * or address starts the hold (or lengthens it, from the probe); a success lifts it.
	 */
	async guard<T>(call: () => Promise<T>): Promise<T> {
		if (this.blocks()) {
			throw new HeldError();
		}

		const probe = this.#active;
		this.#probing ||= probe;
		let verdict = false;
		try {
			const result = await call();
			verdict = this.#active;
			this.#lift();
			return result;
		} catch (error) {
			if (holdsEveryCall(error) && (probe || !this.#active)) {
				verdict = true;
				this.#begin(error);
			}

			throw error;
		} finally {
			if (probe) {
				this.#probing = false;
				// Whoever waits for the probe's answer must hear of it even when it decided nothing.
				if (!verdict) {
					this.#emit({kind: 'probed'});
				}
			}
		}
	}

	/** Ends the wait now (r, or new credentials): the next call is the probe. */
	release(): void {
		if (this.#active && this.#until > this.#clock.monotonic()) {
			this.#until = this.#clock.monotonic();
			this.#emit({kind: 'released'});
		}
	}

	/** Resolves when no look at the credentials is under way (tests step a fake clock with it). */
	async idle(): Promise<void> {
		await this.#checking;
	}

	stop(): void {
		this.#unwatch();
		this.#listeners.clear();
	}

	#begin(error: OmstopError): void {
		this.#failures++;
		const now = this.#clock.monotonic();
		this.#active = true;
		this.#until = now + planRetry(error, this.#failures, this.#random).delay;
		this.#generation = this.#renewal?.generation ?? 0;
		this.#unwatch();
		this.#arm();
		this.#emit({kind: 'began', error});
	}

	#lift(): void {
		if (!this.#active) {
			return;
		}

		this.#active = false;
		this.#until = Number.NEGATIVE_INFINITY;
		this.#failures = 0;
		this.#unwatch();
		this.#emit({kind: 'lifted'});
	}

	/** While waiting, looks at the credentials every few seconds; new ones end the wait. */
	#arm(): void {
		if (this.#renewal === undefined) {
			return;
		}

		const renewal = this.#renewal;
		this.#watch = this.#clock.setTimer(() => {
			this.#watch = undefined;
			this.#checking = (async () => {
				await renewal.current().catch(() => undefined);
				if (!this.#active || this.#until <= this.#clock.monotonic()) {
					return;
				}

				if (renewal.generation === this.#generation) {
					this.#arm();
				} else {
					this.release();
				}
			})().finally(() => {
				this.#checking = undefined;
			});
		}, this.#checkEvery);
	}

	#unwatch(): void {
		if (this.#watch !== undefined) {
			this.#clock.clearTimer(this.#watch);
			this.#watch = undefined;
		}
	}

	#emit(event: HoldEvent): void {
		for (const listener of this.#listeners) {
			listener(event);
		}
	}
}

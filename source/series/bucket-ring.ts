import {DATA_TYPES, type DataType} from '../domain/statistics.js';
import type {Count, DurationMs, EpochMs} from '../domain/units.js';

const TYPE_COUNT = DATA_TYPES.length;
const TYPE_INDEX = Object.fromEntries(DATA_TYPES.map((type, index) => [type, index])) as Record<DataType, number>;

export type BucketValues = readonly Count[];

/**
 * Buckets of one width for one task, in a fixed ring of slots indexed by bucket start:
 * memory is set by the capacity alone, and a bucket that falls out of the window is
 * simply overwritten. Values are int64 as the API documents them (BigInt64Array holds
 * 0…2^63−1 exactly in 8 bytes). Each slot remembers which bucket it holds and how
 * fresh that knowledge is (the end of the answer that wrote it).
 */
export class BucketRing {
	readonly length: DurationMs;
	readonly capacity: number;
	readonly #values: BigInt64Array;
	readonly #start: Float64Array;
	readonly #asOf: Float64Array;

	constructor(length: DurationMs, capacity: number) {
		this.length = length;
		this.capacity = capacity;
		this.#values = new BigInt64Array(capacity * TYPE_COUNT);
		this.#start = new Float64Array(capacity).fill(Number.NaN);
		this.#asOf = new Float64Array(capacity);
	}

	#slot(time: EpochMs): number {
		const index = Math.floor(time / this.length) % this.capacity;
		return index < 0 ? index + this.capacity : index;
	}

	/**
	 * Replaces (never adds to) the bucket starting at `time`. A slot already holding a
	 * newer bucket keeps it: an old bucket never pushes a newer one out.
	 */
	write(time: EpochMs, values: BucketValues, asOf: EpochMs): void {
		const slot = this.#slot(time);
		if (this.#start[slot]! > time) {
			return;
		}

		this.#start[slot] = time;
		this.#asOf[slot] = asOf;
		const base = slot * TYPE_COUNT;
		for (let type = 0; type < TYPE_COUNT; type++) {
			this.#values[base + type] = values[type] ?? 0n;
		}
	}

	has(time: EpochMs): boolean {
		return this.#start[this.#slot(time)] === time;
	}

	/** When the bucket was last answered for, or undefined when it is not held. */
	asOf(time: EpochMs): EpochMs | undefined {
		const slot = this.#slot(time);
		return this.#start[slot] === time ? this.#asOf[slot] : undefined;
	}

	value(time: EpochMs, type: DataType): Count {
		const slot = this.#slot(time);
		return this.#start[slot] === time ? (this.#values[slot * TYPE_COUNT + TYPE_INDEX[type]] ?? 0n) : 0n;
	}

	/** The newest time any held bucket was answered for, or undefined when empty. */
	newestAsOf(): EpochMs | undefined {
		let newest: EpochMs | undefined;
		for (const [slot, start] of this.#start.entries()) {
			if (!Number.isNaN(start) && (newest === undefined || this.#asOf[slot]! > newest)) {
				newest = this.#asOf[slot];
			}
		}

		return newest;
	}

	/** A ring of another capacity holding the buckets of this one that still fit. */
	resized(capacity: number, oldest: EpochMs): BucketRing {
		const ring = new BucketRing(this.length, capacity);
		const held = [...this.#start.keys()].filter(slot => !Number.isNaN(this.#start[slot]!) && this.#start[slot]! >= oldest);
		held.sort((a, b) => this.#start[a]! - this.#start[b]!);
		for (const slot of held) {
			const values = Array.from(this.#values.subarray(slot * TYPE_COUNT, (slot + 1) * TYPE_COUNT));
			ring.write(this.#start[slot]!, values, this.#asOf[slot]!);
		}

		return ring;
	}

	get bytes(): number {
		return this.#values.byteLength + this.#start.byteLength + this.#asOf.byteLength;
	}
}

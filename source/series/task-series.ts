import {BUCKET_LENGTH, DATA_TYPES, type DataType, type Granularity, type StatisticsAnswer} from '../domain/statistics.js';
import type {Count, DurationMs, EpochMs} from '../domain/units.js';
import {BucketRing} from './bucket-ring.js';

const FINE = BUCKET_LENGTH.FIVE_MINUTES;
const COARSE = BUCKET_LENGTH.ONE_HOUR;
/** The server never sends more than 1000 points, so a longer window is never all 5-minute. */
const MAX_FINE_BUCKETS = 1000;
/** Enough 5-minute buckets to roll the last polls up into hours when the view is hourly. */
const ROLLUP_FINE_BUCKETS = 36;

export function alignDown(time: EpochMs, length: DurationMs): EpochMs {
	return Math.floor(time / length) * length;
}

/** What a chart or a total reads: one granularity, buckets covering the window, oldest first. */
export type SeriesView = {
	readonly granularity: Granularity;
	readonly bucketLength: DurationMs;
	/** Bucket starts; the first bucket may begin before the window, the last holds `now`. */
	readonly times: readonly EpochMs[];
	readonly values: Readonly<Record<DataType, readonly Count[]>>;
	/** False where no answer has covered the bucket yet (shown as zero, but not known to be). */
	readonly known: readonly boolean[];
	/** The end of the newest answer that went into the view. */
	readonly asOf: EpochMs | undefined;
};

function emptyValues(): Record<DataType, Count[]> {
	return Object.fromEntries(DATA_TYPES.map(type => [type, [] as Count[]])) as Record<DataType, Count[]>;
}

/**
 * The buckets of one task. The two granularities are kept apart, in a ring each, and are
 * never added together. The rule that derives the view:
 * - 5-minute view when every 5-minute bucket of the window is held and no hourly answer
 *   for the same hour is fresher;
 * - otherwise an hourly view, where each hour comes from whichever source answered for it
 *   more recently: the 5-minute buckets held in that hour (summed), or the hourly bucket.
 * So an hourly backfill followed by 5-minute polls shows hours, the newest of them rolled
 * up from the polls, until 5-minute data covers the whole window; no hour is counted twice.
 */
export class TaskSeries {
	#window: DurationMs;
	#fine: BucketRing;
	#coarse: BucketRing;

	constructor(window: DurationMs) {
		this.#window = window;
		this.#fine = new BucketRing(FINE, TaskSeries.#fineCapacity(window));
		this.#coarse = new BucketRing(COARSE, TaskSeries.#coarseCapacity(window));
	}

	static #fineCapacity(window: DurationMs): number {
		const needed = Math.ceil(window / FINE) + 2;
		return needed > MAX_FINE_BUCKETS ? ROLLUP_FINE_BUCKETS : needed;
	}

	static #coarseCapacity(window: DurationMs): number {
		return Math.ceil(window / COARSE) + 2;
	}

	get window(): DurationMs {
		return this.#window;
	}

	/** Bytes held: fixed by the window, whatever the run time. */
	get bytes(): number {
		return this.#fine.bytes + this.#coarse.bytes;
	}

	setWindow(window: DurationMs, now: EpochMs): void {
		this.#window = window;
		this.#fine = this.#fine.resized(TaskSeries.#fineCapacity(window), now - window - FINE);
		this.#coarse = this.#coarse.resized(TaskSeries.#coarseCapacity(window), now - window - COARSE);
	}

	/**
	 * Writes every bucket of the answered span: the value sent, or zero for a bucket the
	 * server left out (the poller aligns spans to bucket starts so that this covers all). Values replace what was held, so a growing partial bucket and late
	 * corrections end up as the server has them.
	 */
	merge(answer: StatisticsAnswer): void {
		const ring = answer.granularity === 'FIVE_MINUTES' ? this.#fine : this.#coarse;
		const last = alignDown(answer.end, ring.length);
		const first = Math.max(alignDown(answer.start, ring.length), last - (ring.capacity - 1) * ring.length);
		const byTime = new Map<EpochMs, Count[]>();
		DATA_TYPES.forEach((type, index) => {
			for (const [time, value] of answer.series[type]) {
				let values = byTime.get(time);
				if (values === undefined) {
					values = DATA_TYPES.map(() => 0n);
					byTime.set(time, values);
				}

				values[index] = value;
			}
		});
		const zero = DATA_TYPES.map(() => 0n);
		for (let time = first; time <= last; time += ring.length) {
			const values = byTime.get(time);
			// A bucket that began before the span may have been left out only because of
			// where the span began, so its absence says nothing.
			if (values !== undefined || time >= answer.start) {
				ring.write(time, values ?? zero, answer.end);
			}
		}
	}

	/** Start of the newest bucket held in either granularity, with its length. */
	newest(): {start: EpochMs; length: DurationMs} | undefined {
		const fine = this.#fine.newest();
		const coarse = this.#coarse.newest();
		if (fine === undefined && coarse === undefined) {
			return undefined;
		}

		if (coarse === undefined || (fine !== undefined && fine >= coarse)) {
			return {start: fine!, length: FINE};
		}

		return {start: coarse, length: COARSE};
	}

	view(now: EpochMs): SeriesView {
		return this.#fineCoversWindow(now) ? this.#fineView(now) : this.#hourlyView(now);
	}

	#fineCoversWindow(now: EpochMs): boolean {
		if (Math.ceil(this.#window / FINE) + 2 > this.#fine.capacity) {
			return false;
		}

		for (let time = alignDown(now - this.#window, FINE); time <= now; time += FINE) {
			const fineAsOf = this.#fine.asOf(time);
			const coarseAsOf = this.#coarse.asOf(alignDown(time, COARSE));
			if (fineAsOf === undefined || (coarseAsOf !== undefined && coarseAsOf > fineAsOf)) {
				return false;
			}
		}

		return true;
	}

	#fineView(now: EpochMs): SeriesView {
		const times: EpochMs[] = [];
		const values = emptyValues();
		let asOf: EpochMs | undefined;
		for (let time = alignDown(now - this.#window, FINE); time <= now; time += FINE) {
			times.push(time);
			for (const type of DATA_TYPES) {
				values[type].push(this.#fine.value(time, type));
			}

			asOf = Math.max(asOf ?? 0, this.#fine.asOf(time)!);
		}

		return {granularity: 'FIVE_MINUTES', bucketLength: FINE, times, values, known: times.map(() => true), asOf};
	}

	#hourlyView(now: EpochMs): SeriesView {
		const times: EpochMs[] = [];
		const values = emptyValues();
		const known: boolean[] = [];
		let asOf: EpochMs | undefined;
		for (let hour = alignDown(now - this.#window, COARSE); hour <= now; hour += COARSE) {
			times.push(hour);
			let fineAsOf: EpochMs | undefined;
			for (let time = hour; time < hour + COARSE && time <= now; time += FINE) {
				const held = this.#fine.asOf(time);
				if (held !== undefined) {
					fineAsOf = Math.min(fineAsOf ?? held, held);
				}
			}

			const coarseAsOf = this.#coarse.asOf(hour);
			const useFine = fineAsOf !== undefined && (coarseAsOf === undefined || fineAsOf >= coarseAsOf);
			for (const type of DATA_TYPES) {
				let value = 0n;
				if (useFine) {
					for (let time = hour; time < hour + COARSE; time += FINE) {
						value += this.#fine.value(time, type);
					}
				} else {
					value = this.#coarse.value(hour, type);
				}

				values[type].push(value);
			}

			const hourAsOf = useFine ? fineAsOf : coarseAsOf;
			known.push(hourAsOf !== undefined);
			if (hourAsOf !== undefined) {
				asOf = Math.max(asOf ?? 0, hourAsOf);
			}
		}

		return {granularity: 'ONE_HOUR', bucketLength: COARSE, times, values, known, asOf};
	}
}

import {BUCKET_LENGTH, DATA_TYPES, type DataType, type Granularity, type StatisticsAnswer} from '../domain/statistics.js';
import type {Count, DurationMs, EpochMs} from '../domain/units.js';
import {BucketRing} from './bucket-ring.js';
import {alignDown, granularityOf, HOUR_BUCKETS, windowBuckets} from './window.js';

const FINE = BUCKET_LENGTH.FIVE_MINUTES;
const COARSE = BUCKET_LENGTH.ONE_HOUR;
const FINE_PER_HOUR = COARSE / FINE;
/**
 * 5-minute buckets held beside an hourly window: the current hour and the one before it,
 * rolled up into hours, and the recent span (see window.ts), with room to spare.
 */
const RECENT_FINE_BUCKETS = 3 * FINE_PER_HOUR;
/** Hourly buckets held beside a 5-minute window, for a server that answers it in hours. */
const FALLBACK_COARSE_BUCKETS = 26;

/** Buckets of one granularity, oldest first: what a chart, a total or a rate reads. */
export type SeriesView = {
	readonly granularity: Granularity;
	readonly bucketLength: DurationMs;
	readonly times: readonly EpochMs[];
	/** Zero where the bucket is not known. */
	readonly values: Readonly<Record<DataType, readonly Count[]>>;
	/** False where no answer has covered the bucket: its value is unknown, not zero. */
	readonly known: readonly boolean[];
	/** True where the bucket had ended, by the server's clock, when it was last answered for. */
	readonly complete: readonly boolean[];
	/** The server's time at the newest answer that went into the view. */
	readonly asOf: EpochMs | undefined;
};

function emptyValues(): Record<DataType, Count[]> {
	return Object.fromEntries(DATA_TYPES.map(type => [type, [] as Count[]])) as Record<DataType, Count[]>;
}

/** When an answer is good for: the end asked for, but never past the server's own clock. */
export function answeredThrough(answer: StatisticsAnswer): EpochMs {
	return answer.serverTime === undefined ? answer.end : Math.min(answer.end, answer.serverTime);
}

/**
 * The buckets of one task, in a ring per granularity, never added across granularities.
 * The window's own granularity is what its view reads (5-minute up to a day, hourly
 * beyond); the 5-minute ring also keeps the recent span that "now" and the last hour are
 * taken from at every window. Hours are kept live from 5-minute answers: an hour all of
 * whose 5-minute buckets are held, each answered after the hourly bucket was, is written
 * to the hourly ring as their sum, so the current hour of an hourly view moves with
 * every poll and a closed hour ends at its final value.
 */
export class TaskSeries {
	#window: DurationMs;
	#fine: BucketRing;
	#coarse: BucketRing;
	/** The server answered the window's last full poll in hours although 5-minute buckets were asked for. */
	#hourlyFallback = false;

	constructor(window: DurationMs) {
		this.#window = window;
		this.#fine = new BucketRing(FINE, TaskSeries.#fineCapacity(window));
		this.#coarse = new BucketRing(COARSE, TaskSeries.#coarseCapacity(window));
	}

	static #fineCapacity(window: DurationMs): number {
		return granularityOf(window) === 'FIVE_MINUTES' ? Math.max(Math.ceil(window / FINE), RECENT_FINE_BUCKETS) + 2 : RECENT_FINE_BUCKETS;
	}

	static #coarseCapacity(window: DurationMs): number {
		return Math.max(Math.ceil(window / COARSE), FALLBACK_COARSE_BUCKETS) + 2;
	}

	get window(): DurationMs {
		return this.#window;
	}

	/** Bytes held: fixed by the window, whatever the run time. */
	get bytes(): number {
		return this.#fine.bytes + this.#coarse.bytes;
	}

	setWindow(window: DurationMs, time: EpochMs): void {
		this.#window = window;
		this.#hourlyFallback = false;
		this.#fine = this.#fine.resized(TaskSeries.#fineCapacity(window), time - window - COARSE);
		this.#coarse = this.#coarse.resized(TaskSeries.#coarseCapacity(window), time - window - COARSE);
	}

	/**
	 * Writes every bucket of the answered span that had begun by the server's clock: the
	 * value sent, or zero for a bucket the server left out. Values replace what was held,
	 * so a growing partial bucket and late corrections end up as the server has them.
	 */
	merge(answer: StatisticsAnswer): void {
		const fine = answer.granularity === 'FIVE_MINUTES';
		const ring = fine ? this.#fine : this.#coarse;
		const asOf = answeredThrough(answer);
		const last = alignDown(asOf, ring.length);
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
				ring.write(time, values ?? zero, asOf);
			}
		}

		const {first: windowFirst} = windowBuckets(this.#window, asOf, 'FIVE_MINUTES');
		if (granularityOf(this.#window) === 'FIVE_MINUTES' && answer.start <= windowFirst) {
			this.#hourlyFallback = !fine;
		}

		if (fine) {
			for (let hour = alignDown(first, COARSE); hour <= last; hour += COARSE) {
				this.#rollUp(hour);
			}
		}
	}

	/** The hour as the sum of its 5-minute buckets, when all that have begun are held and none is older than the hourly bucket. */
	#rollUp(hour: EpochMs): void {
		const coarseAsOf = this.#coarse.asOf(hour) ?? Number.NEGATIVE_INFINITY;
		const sums = DATA_TYPES.map(() => 0n);
		let asOf = Number.POSITIVE_INFINITY;
		let newest = Number.NEGATIVE_INFINITY;
		for (let time = hour; time < hour + COARSE; time += FINE) {
			const held = this.#fine.asOf(time);
			if (held === undefined) {
				// Not begun when the buckets before it were answered for: the hour is whole so far.
				if (time > newest) {
					break;
				}

				return;
			}

			if (held < coarseAsOf) {
				return;
			}

			asOf = Math.min(asOf, held);
			newest = Math.max(newest, held);
			DATA_TYPES.forEach((type, index) => {
				sums[index] = sums[index]! + this.#fine.value(time, type);
			});
		}

		this.#coarse.write(hour, sums, asOf);
	}

	/** The server's time at the newest 5-minute answer: where the next poll takes up. */
	fetchedThrough(): EpochMs | undefined {
		return this.#fine.newestAsOf() ?? this.#coarse.newestAsOf();
	}

	/** The window's buckets at `time` (the server's time). */
	view(time: EpochMs): SeriesView {
		const granularity = this.#hourlyFallback ? 'ONE_HOUR' : granularityOf(this.#window);
		const ring = granularity === 'FIVE_MINUTES' ? this.#fine : this.#coarse;
		const {first, count} = windowBuckets(this.#window, time, granularity);
		return read(ring, granularity, first, count);
	}

	/** The newest complete hour of 5-minute buckets and the one filling, whatever the window: what "now" and "last hour" are taken from. */
	recent(): SeriesView | undefined {
		const through = this.#fine.newestAsOf();
		if (through === undefined) {
			return undefined;
		}

		const last = alignDown(through, FINE);
		return read(this.#fine, 'FIVE_MINUTES', last - HOUR_BUCKETS * FINE, HOUR_BUCKETS + 1);
	}
}

function read(ring: BucketRing, granularity: Granularity, first: EpochMs, count: number): SeriesView {
	const times: EpochMs[] = [];
	const values = emptyValues();
	const known: boolean[] = [];
	const complete: boolean[] = [];
	let asOf: EpochMs | undefined;
	for (let index = 0; index < count; index++) {
		const time = first + index * ring.length;
		const held = ring.asOf(time);
		times.push(time);
		known.push(held !== undefined);
		complete.push(held !== undefined && time + ring.length <= held);
		for (const type of DATA_TYPES) {
			values[type].push(ring.value(time, type));
		}

		if (held !== undefined) {
			asOf = Math.max(asOf ?? held, held);
		}
	}

	return {granularity, bucketLength: ring.length, times, values, known, complete, asOf};
}

import {DATA_TYPES, type DataType} from '../../source/domain/statistics.js';
import type {DurationMs, EpochMs, TaskId} from '../../source/domain/units.js';
import {windowBuckets} from '../../source/series/window.js';
import type {Simulator} from '../../source/simulator/index.js';

/**
 * What the simulator itself holds for a window at the server's time `at`: its own buckets
 * of the window's granularity, from the first bucket's start to `at`, summed. Independent
 * of omstop's series: the simulator's traffic is a pure function of the bucket index.
 */
export function windowTruth(simulator: Simulator, taskId: TaskId, window: DurationMs, at: EpochMs): Record<DataType, bigint> {
	const {first, length} = windowBuckets(window, at);
	const answer = simulator.statistics(taskId, first, at, length === 5 * 60_000 ? 'FIVE_MINUTES' : 'ONE_HOUR');
	return Object.fromEntries(DATA_TYPES.map(type => [type, answer.series[type].reduce((sum, [, value]) => sum + value, 0n)])) as Record<
		DataType,
		bigint
	>;
}

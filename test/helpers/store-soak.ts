import assert from 'node:assert/strict';
import {DAY, HOUR} from '../../source/domain/units.js';
import {startRig} from './rig.js';

/**
 * The soak of the store: `tasks` tasks polled every 2 hours for 7 simulated days past the
 * first (6-hour) window; the store's size stays what it was then, and no series outgrows it.
 */
export async function checkStoreStaysFlat(tasks: number): Promise<void> {
	const r = await startRig({simulator: {extraTasks: tasks - 5}, interval: 2 * HOUR, concurrency: 8});
	assert.equal(r.store.taskIds().length, tasks);
	await r.run(7 * HOUR);
	const settled = r.store.bytes();
	const sizes: number[] = [];
	for (let day = 0; day < 7; day++) {
		await r.run(DAY);
		sizes.push(r.store.bytes());
	}

	assert.deepEqual(sizes, sizes.map(() => settled));
	for (const task of r.store.getSnapshot().tasks) {
		assert.ok(task.view!.times.length <= 6 * 12 + 1);
	}

	await r.close();
}

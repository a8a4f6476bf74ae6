import {MINUTE, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import type {StoreSnapshot} from '../series/store.js';
import {troubleOf} from '../series/trouble.js';

/** After a bell for a task, its next start of failing rings only after this long: a rate hovering at the threshold would ring at every poll. */
export const BELL_QUIET: DurationMs = 10 * MINUTE;

/**
 * The bell's edge detector: true when a task is failing now that was not at the last
 * look, and has not rung within BELL_QUIET. Updates `rungAt` for the tasks that ring.
 */
export function shouldRing(wasFailing: ReadonlySet<TaskId>, failing: ReadonlySet<TaskId>, rungAt: Map<TaskId, EpochMs>, now: EpochMs): boolean {
	let ring = false;
	for (const taskId of failing) {
		const last = rungAt.get(taskId);
		if (!wasFailing.has(taskId) && (last === undefined || now - last >= BELL_QUIET)) {
			rungAt.set(taskId, now);
			ring = true;
		}
	}

	return ring;
}

export type BellOptions = {
	readonly failureThreshold: number;
	readonly stallAfter: DurationMs;
	readonly now: () => EpochMs;
	/** Called once for each change in which a task starts failing or stalls. */
	readonly ring: () => void;
};

/**
 * Rings for a task that starts failing or stalls — the edge, not the level — whatever
 * the screen shows. Beside the screen, not in it: it hears every change of the store.
 * Returns a function that stops listening.
 */
export function ringOnTrouble(store: {subscribe(listener: () => void): () => void; getSnapshot(): StoreSnapshot}, options: BellOptions): () => void {
	let was: ReadonlySet<TaskId> = new Set();
	const rungAt = new Map<TaskId, EpochMs>();
	const look = (): void => {
		const alarming = new Set(
			store
				.getSnapshot()
				.tasks.filter(task => {
					const trouble = troubleOf(task, options.failureThreshold, options.stallAfter);
					return trouble.isFailing || trouble.isStalled;
				})
				.map(task => task.taskId),
		);
		const ring = shouldRing(was, alarming, rungAt, options.now());
		was = alarming;
		if (ring) {
			options.ring();
		}
	};

	look();
	return store.subscribe(look);
}

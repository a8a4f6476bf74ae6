import type {ErrorCode, OmstopError} from '../domain/errors.js';
import type {TaskId} from '../domain/units.js';
import type {SeriesStore} from '../series/store.js';

/**
 * Failed statistics polls by error code, for omstop_poll_errors_total. The store keeps only
 * each task's last error; every failed poll records a new one, so each new error seen is one
 * failure. Counts only grow, as a Prometheus counter must.
 */
export class PollErrorTally {
	readonly #counts = new Map<ErrorCode, number>();
	readonly #seen = new Map<TaskId, OmstopError | undefined>();
	readonly #unsubscribe: () => void;

	constructor(store: SeriesStore) {
		this.#unsubscribe = store.subscribe(() => {
			const tasks = store.getSnapshot().tasks;
			for (const {taskId, status} of tasks) {
				const error = status.lastError;
				if (error !== undefined && error !== this.#seen.get(taskId)) {
					this.#counts.set(error.code, (this.#counts.get(error.code) ?? 0) + 1);
				}

				this.#seen.set(taskId, error);
			}

			if (this.#seen.size > tasks.length) {
				const current = new Set(tasks.map(task => task.taskId));
				for (const taskId of this.#seen.keys()) {
					if (!current.has(taskId)) {
						this.#seen.delete(taskId);
					}
				}
			}
		});
	}

	get counts(): ReadonlyMap<ErrorCode, number> {
		return this.#counts;
	}

	stop(): void {
		this.#unsubscribe();
	}
}

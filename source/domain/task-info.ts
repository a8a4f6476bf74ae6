import type {Count, EpochMs, TaskId} from './units.js';

/** The two documented statuses; any other value the server sends is kept as text. */
export type TaskStatusName = 'SYNCHRONIZING' | 'STOPPED';

/** This calendar month's counters, from the show call. */
export type MonthlyCounters = {
	readonly requested: Count;
	readonly succeeded: Count;
	readonly failed: Count;
	readonly skipped: Count;
	readonly bytes: Count;
};

/**
 * What the list and show calls say of a task. Every field but the id may be missing,
 * and every text is already sanitized for the terminal.
 */
export type TaskInfo = {
	readonly id: TaskId;
	readonly status: TaskStatusName | string | undefined;
	readonly description: string | undefined;
	readonly srcCloudType: string | undefined;
	readonly srcRegion: string | undefined;
	readonly srcBucket: string | undefined;
	readonly dstRegion: string | undefined;
	readonly dstBucket: string | undefined;
	readonly createTime: EpochMs | undefined;
	readonly lastStartTime: EpochMs | undefined;
	readonly monthly: MonthlyCounters | undefined;
};

export type TaskPage = {
	readonly tasks: readonly TaskInfo[];
	/** Tasks matching the filter in all; undefined when the server left it out. */
	readonly count: number | undefined;
};

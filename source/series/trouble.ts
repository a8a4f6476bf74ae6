import type {DurationMs} from '../domain/units.js';
import {DEFAULT_STALL_AFTER, isFailing, isStalled} from './figures.js';
import type {TaskSnapshot} from './store.js';

export type Trouble = {readonly isFailing: boolean; readonly isStalled: boolean};

/** --failure-threshold (a ratio) and --stall-after: what the surfaces without glyphs pass to troubleOf. */
export type TroubleRules = {readonly failureThreshold: number; readonly stallAfter: DurationMs};

/**
 * Whether a task is failing, or else stalled, now: the rule the overview's marks and
 * counts, the task bar, the task screen's alarm and the bell share. Only while polls
 * answer (or are paused): a stale or deleted task's figures are old, not a failure now.
 */
export function troubleOf(task: TaskSnapshot, failureThreshold: number, stallAfter: DurationMs = DEFAULT_STALL_AFTER): Trouble {
	const isCurrent = task.status.phase === 'live' || task.status.phase === 'paused';
	const failing = isCurrent && isFailing(task.figures, failureThreshold);
	return {isFailing: failing, isStalled: isCurrent && !failing && isStalled(task.figures, task.info?.status, stallAfter)};
}

import type {ErrorCode} from '../domain/errors.js';
import type {MonthlyCounters} from '../domain/task-info.js';
import {SECOND, type Count, type EpochMs} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';
import {COUNT_TYPES, type CountType} from '../series/figures.js';
import type {PollPhase, StoreSnapshot, TaskSnapshot} from '../series/store.js';
import {troubleOf, type TroubleRules} from '../series/trouble.js';

/**
 * What Prometheus reads from omstop serve: a pure mapping from the store's snapshot (per
 * context) to metric families, taken at scrape time. Every figure comes from the snapshot
 * as the store derived it (Figures); only units change here (per minute → per second,
 * milliseconds → seconds, bigint → float).
 */

/** One context: a project in a region, with its own store and tally of failed polls. */
export type ContextScrape = {
	/** "default", or the region or label of the context. */
	readonly context: string;
	readonly projectId: string;
	readonly snapshot: StoreSnapshot;
	/** Failed statistics polls since start, by error code. */
	readonly pollErrors: ReadonlyMap<ErrorCode, number>;
} & TroubleRules;

export type Scrape = {
	readonly now: EpochMs;
	readonly contexts: readonly ContextScrape[];
};

export type Labels = Readonly<Record<string, string>>;
export type Sample = {readonly labels: Labels; readonly value: number};

export type Family = {
	readonly name: string;
	readonly help: string;
	readonly type: 'gauge' | 'counter';
	readonly labelNames: readonly string[];
	readonly samples: (scrape: Scrape) => Sample[];
};

/** Label values are bounded: a server's long text must not grow every series. */
const MAX_LABEL = 128;
const TYPE_LABEL: Readonly<Record<CountType, string>> = {REQUEST: 'request', SUCCESS: 'success', FAILURE: 'failure', SKIP: 'skip'};
const MONTH_FIELD: Readonly<Record<CountType, keyof MonthlyCounters>> = {
	REQUEST: 'requested',
	SUCCESS: 'succeeded',
	FAILURE: 'failed',
	SKIP: 'skipped',
};
const PHASES: readonly PollPhase[] = ['loading', 'live', 'retrying', 'paused', 'credentials', 'blacklisted', 'deleted'];
const KNOWN_STATUSES = ['SYNCHRONIZING', 'STOPPED'] as const;
/** Every code a poll can fail with (not 'config', which ends omstop before it polls). */
const POLL_ERROR_CODES: readonly ErrorCode[] = ['not-found', 'unauthorized', 'forbidden', 'blacklisted', 'throttled', 'bad-request', 'server', 'network', 'timeout', 'bad-response'];

export function labelValue(text: string): string {
	return sanitize(text, MAX_LABEL);
}

/** A status the API documents keeps its name; anything else is one bounded word. */
function statusLabel(status: string): string {
	return /^[A-Z][A-Z\d_]{0,31}$/.test(status) ? status : 'OTHER';
}

/** Each task's labels, cleaned once per snapshot of the task rather than once per sample. */
const labelsOfTask = new WeakMap<TaskSnapshot, {readonly context: string; readonly projectId: string; readonly labels: Labels}>();

function taskLabels(context: ContextScrape, task: TaskSnapshot): Labels {
	const known = labelsOfTask.get(task);
	if (known?.context === context.context && known.projectId === context.projectId) {
		return known.labels;
	}

	const labels = {context: labelValue(context.context), project_id: labelValue(context.projectId), task_id: labelValue(task.taskId)};
	labelsOfTask.set(task, {context: context.context, projectId: context.projectId, labels});
	return labels;
}

/** One sample per task (and per `more` label set) of every context, where `value` gives one. */
function perTask(scrape: Scrape, value: (task: TaskSnapshot, context: ContextScrape) => Array<[Labels, number]> | number | undefined): Sample[] {
	const samples: Sample[] = [];
	for (const context of scrape.contexts) {
		for (const task of context.snapshot.tasks) {
			const result = value(task, context);
			if (typeof result === 'number') {
				samples.push({labels: taskLabels(context, task), value: result});
			} else if (result !== undefined) {
				const labels = taskLabels(context, task);
				for (const [more, each] of result) {
					samples.push({labels: {...labels, ...more}, value: each});
				}
			}
		}
	}

	return samples;
}

function perContext(scrape: Scrape, value: (context: ContextScrape) => Array<[Labels, number]>): Sample[] {
	return scrape.contexts.flatMap(context =>
		value(context).map(([more, each]) => ({labels: {context: labelValue(context.context), ...more}, value: each})),
	);
}

/** Up: the API answered the newest poll of some task (or, with no task to poll, the newest listing). */
function up(context: ContextScrape): number {
	const {tasks, discovery} = context.snapshot;
	if (tasks.length === 0) {
		return discovery.lastListedAt !== undefined && discovery.error === undefined ? 1 : 0;
	}

	return tasks.some(task => task.status.phase === 'live') ? 1 : 0;
}

const TASK = ['context', 'project_id', 'task_id'] as const;
const STALE_POLL = 'As of the task\'s last successful poll (omstop_task_last_success_age_seconds says how long ago).';
const STALE_SHOW = 'As of the last list or show call, made every 5 minutes.';

export const FAMILIES: readonly Family[] = [
	{
		name: 'omstop_up',
		help: '1 when the API answered the newest poll of at least one task of the context (or, with no task, the newest listing); 0 when every task\'s newest poll failed or none has answered yet. Taken at scrape time.',
		type: 'gauge',
		labelNames: ['context'],
		samples: scrape => perContext(scrape, context => [[{}, up(context)]]),
	},
	{
		name: 'omstop_poll_phase_tasks',
		help: 'Tasks in each polling phase: live (last poll answered), retrying, credentials (refused; every task held), blacklisted (address refused), deleted (404: left out, dropped after 15 minutes), loading (no answer yet). Taken at scrape time.',
		type: 'gauge',
		labelNames: ['context', 'phase'],
		samples: scrape =>
			perContext(scrape, context =>
				PHASES.map(phase => [{phase}, context.snapshot.tasks.filter(task => task.status.phase === phase).length]),
			),
	},
	{
		name: 'omstop_poll_errors_total',
		help: 'Statistics polls that failed since omstop started, by error code (unauthorized, forbidden, throttled, server, network, timeout, bad-response, ...). Counted as they fail.',
		type: 'counter',
		labelNames: ['context', 'code'],
		samples: scrape => perContext(scrape, context => POLL_ERROR_CODES.map(code => [{code}, context.pollErrors.get(code) ?? 0])),
	},
	{
		name: 'omstop_failure_threshold_ratio',
		help: 'The failure rate over the last hour above which omstop marks a task failing (--failure-threshold); the alert rules compare with it.',
		type: 'gauge',
		labelNames: ['context'],
		samples: scrape => perContext(scrape, context => [[{}, context.failureThreshold]]),
	},
	{
		name: 'omstop_task_info',
		help: `Always 1; the task's name (description) and buckets as labels. ${STALE_SHOW}`,
		type: 'gauge',
		labelNames: [...TASK, 'name', 'src_cloud_type', 'src_region', 'src_bucket', 'dst_region', 'dst_bucket'],
		samples: scrape =>
			perTask(scrape, task => {
				const info = task.info;
				if (info === undefined) {
					return undefined;
				}

				const text = (value: string | undefined): string => labelValue(value ?? '');
				return [
					[
						{
							name: text(info.description),
							src_cloud_type: text(info.srcCloudType),
							src_region: text(info.srcRegion),
							src_bucket: text(info.srcBucket),
							dst_region: text(info.dstRegion),
							dst_bucket: text(info.dstBucket),
						},
						1,
					],
				];
			}),
	},
	{
		name: 'omstop_task_status',
		help: `1 for the task's status (SYNCHRONIZING, STOPPED, or OTHER for one the API does not document), 0 for the others. ${STALE_SHOW}`,
		type: 'gauge',
		labelNames: [...TASK, 'status'],
		samples: scrape =>
			perTask(scrape, task => {
				const status = task.info?.status;
				if (status === undefined) {
					return undefined;
				}

				const current = statusLabel(status);
				const names: string[] = [...new Set<string>([...KNOWN_STATUSES, current])];
				return names.map(name => [{status: name}, name === current ? 1 : 0]);
			}),
	},
	{
		name: 'omstop_task_month_objects_total',
		help: `Objects this calendar month (UTC), by type (request, success, failure, skip), from the show call; resets at the start of each month. ${STALE_SHOW} Exact up to 2^53.`,
		type: 'counter',
		labelNames: [...TASK, 'type'],
		samples: scrape =>
			perTask(scrape, task => {
				const monthly = task.month?.counters;
				return monthly === undefined ? undefined : COUNT_TYPES.map(type => [{type: TYPE_LABEL[type]}, Number(monthly[MONTH_FIELD[type]])]);
			}),
	},
	{
		name: 'omstop_task_month_bytes_total',
		help: `Bytes moved this calendar month (UTC), from the show call; resets at the start of each month. ${STALE_SHOW}`,
		type: 'counter',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, task => toNumber(task.month?.counters.bytes)),
	},
	{
		name: 'omstop_task_last_5m_objects',
		help: `Objects in the newest complete 5-minute bucket, by type, at every window. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK, 'type'],
		samples: scrape =>
			perTask(scrape, task => {
				const bucket = task.figures?.lastComplete;
				return bucket === undefined ? undefined : COUNT_TYPES.map(type => [{type: TYPE_LABEL[type]}, Number(bucket.values[type])]);
			}),
	},
	{
		name: 'omstop_task_last_5m_bytes',
		help: `Bytes in the newest complete 5-minute bucket. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape =>
			perTask(scrape, task => {
				const bucket = task.figures?.lastComplete;
				return bucket === undefined ? undefined : toNumber(bucket.values.SIZE);
			}),
	},
	{
		name: 'omstop_task_last_5m_start_timestamp_seconds',
		help: `Start of the newest complete 5-minute bucket, in seconds since the epoch. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, task => {
			const bucket = task.figures?.lastComplete;
			return bucket === undefined ? undefined : bucket.start / SECOND;
		}),
	},
	{
		name: 'omstop_task_now_objects_per_second',
		help: `Objects per second over the newest complete buckets (the monitor's "now"), by type. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK, 'type'],
		samples: scrape =>
			perTask(scrape, task => {
				const perMinute = task.figures?.perMinute;
				return perMinute === undefined ? undefined : COUNT_TYPES.map(type => [{type: TYPE_LABEL[type]}, perMinute[type] / 60]);
			}),
	},
	{
		name: 'omstop_task_now_bytes_per_second',
		help: `Bytes per second over the newest complete buckets (the monitor's "now"). ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, task => task.figures?.bytesPerSecond),
	},
	{
		name: 'omstop_task_last_hour_failure_ratio',
		help: `Failed objects over finished ones (success + failure + skip) in the buckets of the last hour; absent when none finished. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, task => task.figures?.failureRateLastHour ?? undefined),
	},
	{
		name: 'omstop_task_failing',
		help: `1 when omstop marks the task failing, as on its screens: the last hour's failure ratio reached the threshold, or failures are rising; 0 otherwise, and while its polls fail. Absent until a poll answered. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, (task, context) => (task.figures === undefined ? undefined : Number(troubleOf(task, context.failureThreshold, context.stallAfter).isFailing))),
	},
	{
		name: 'omstop_task_stalled',
		help: `1 when omstop marks the task stalled, as on its screens: synchronizing with no request for --stall-after, or requests and nothing finished for 30 minutes, and not failing; 0 otherwise, and while its polls fail. Absent until a poll answered. ${STALE_POLL}`,
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape => perTask(scrape, (task, context) => (task.figures === undefined ? undefined : Number(troubleOf(task, context.failureThreshold, context.stallAfter).isStalled))),
	},
	{
		name: 'omstop_task_last_success_age_seconds',
		help: 'Seconds since the task\'s last successful poll, taken at scrape time; absent until one succeeded.',
		type: 'gauge',
		labelNames: [...TASK],
		samples: scrape =>
			perTask(scrape, task => {
				const at = task.status.lastSuccessAt;
				return at === undefined ? undefined : Math.max(0, scrape.now - at) / SECOND;
			}),
	},
];

function toNumber(count: Count | undefined): number | undefined {
	return count === undefined ? undefined : Number(count);
}

import {ResponseError} from '../domain/errors.js';
import type {MonthlyCounters, TaskInfo, TaskPage} from '../domain/task-info.js';
import type {EpochMs} from '../domain/units.js';
import {sanitize} from '../format/sanitize.js';

const MAX_TEXT = 1024;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? sanitize(value, MAX_TEXT) : undefined;
}

function time(value: unknown): EpochMs | undefined {
	return typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

function count(value: unknown): bigint | undefined {
	return typeof value === 'bigint' && value >= 0n ? value : undefined;
}

function monthly(record: Record<string, unknown>): MonthlyCounters | undefined {
	const requested = count(record['monthly_acceptance_request']);
	const succeeded = count(record['monthly_success_object']);
	const failed = count(record['monthly_failure_object']);
	const skipped = count(record['monthly_skip_object']);
	const bytes = count(record['monthly_size']);
	if ([requested, succeeded, failed, skipped, bytes].every(value => value === undefined)) {
		return undefined;
	}

	return {requested: requested ?? 0n, succeeded: succeeded ?? 0n, failed: failed ?? 0n, skipped: skipped ?? 0n, bytes: bytes ?? 0n};
}

/**
 * One SyncTaskInfo. Every field is optional in the provider's SDKs and enums may grow,
 * so a missing or odd field is left undefined rather than refusing the task; only an
 * entry without a usable id is dropped.
 */
export function readTaskInfo(value: unknown): TaskInfo | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const record = value as Record<string, unknown>;
	const id = record['sync_task_id'];
	// The id goes into URLs and onto the screen as it is: one that sanitizing would change is refused.
	if (typeof id !== 'string' || id === '' || sanitize(id, 255) !== id) {
		return undefined;
	}

	return {
		id,
		status: text(record['status']),
		description: text(record['description']),
		srcCloudType: text(record['src_cloud_type']),
		srcRegion: text(record['src_region']),
		srcBucket: text(record['src_bucket']),
		dstRegion: text(record['dst_region']),
		dstBucket: text(record['dst_bucket']),
		createTime: time(record['create_time']),
		lastStartTime: time(record['last_start_time']),
		monthly: monthly(record),
	};
}

export function readTaskPage(body: unknown): TaskPage {
	const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
	const tasks = record?.['tasks'];
	if (!Array.isArray(tasks)) {
		throw new ResponseError(
			'The task list answer has no tasks array',
			'omstop keeps the tasks it knows. If this persists, check that --endpoint points at the OMS v2 API.',
		);
	}

	const total = record?.['count'];
	return {
		tasks: tasks.map(entry => readTaskInfo(entry)).filter(info => info !== undefined),
		count: typeof total === 'bigint' && total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : undefined,
	};
}

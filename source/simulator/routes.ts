import {isDataType} from '../domain/statistics.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import type {Json} from './json.js';
import {badParameter, jsonReply, statusError, type Reply} from './responses.js';
import {bucketCount, chooseGranularity, MAX_POINTS, monthTotals, series} from './statistics.js';
import {trafficOf, type SimulatedTask, type TaskStatus} from './tasks.js';
import {INT64_MAX} from './traffic.js';

/** The OMS v2 sync-task reads: list, show and statistics. */

export type Route =
	| {readonly name: 'list'; readonly projectId: string; readonly taskId?: undefined}
	| {readonly name: 'show' | 'statistics'; readonly projectId: string; readonly taskId: TaskId};

/** What the handlers read: the catalogue and the time of the request. */
export type World = {
	readonly tasks: readonly SimulatedTask[];
	readonly seed: number;
	readonly hourlyAbove: DurationMs;
	readonly now: EpochMs;
};

const PATH = /^\/v2\/([^/]+)\/sync-tasks(?:\/([^/]+)(\/statistics)?)?$/;

export function matchRoute(method: string, pathname: string): Route | undefined {
	const match = PATH.exec(pathname);
	if (method !== 'GET' || !match) {
		return undefined;
	}

	const [, projectId = '', taskId, statistics] = match;
	if (taskId === undefined) {
		return {name: 'list', projectId};
	}

	try {
		return {name: statistics === undefined ? 'show' : 'statistics', projectId, taskId: decodeURIComponent(taskId)};
	} catch {
		return undefined;
	}
}

/** A query integer in [min, max]; `fallback` when absent, else a 400 reply. */
function integerParameter(query: URLSearchParams, name: string, min: bigint, max: bigint, fallback?: number): number | Reply {
	const text = query.get(name);
	if (text === null || text === '') {
		return fallback ?? badParameter(`${name} is required`);
	}

	if (!/^\d{1,19}$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
		return badParameter(`${name} must be an integer from ${min} to ${max}: ${text}`);
	}

	return Number(text);
}

function taskInfo(task: SimulatedTask): Record<string, Json> {
	return {
		sync_task_id: task.id,
		src_cloud_type: task.srcCloudType,
		src_region: task.srcRegion,
		src_bucket: task.srcBucket,
		create_time: task.createTime,
		last_start_time: task.lastStartTime,
		dst_bucket: task.dstBucket,
		dst_region: task.dstRegion,
		description: task.description,
		status: task.status,
		enable_kms: task.enableKms,
		enable_metadata_migration: task.enableMetadataMigration,
		enable_restore: task.enableRestore,
		object_overwrite_mode: task.objectOverwriteMode,
		dst_storage_policy: task.dstStoragePolicy,
		consistency_check: task.consistencyCheck,
	};
}

function isTaskStatus(value: string): value is TaskStatus {
	return value === 'SYNCHRONIZING' || value === 'STOPPED';
}

function list(query: URLSearchParams, world: World): Reply {
	const limit = integerParameter(query, 'limit', 1n, 100n, 10);
	const offset = integerParameter(query, 'offset', 0n, 10_000n, 0);
	const status = query.get('status');
	if (typeof limit !== 'number') {
		return limit;
	}

	if (typeof offset !== 'number') {
		return offset;
	}

	if (status !== null && !isTaskStatus(status)) {
		return badParameter(`status must be SYNCHRONIZING or STOPPED: ${status}`);
	}

	const matching = world.tasks.filter(task => status === null || task.status === status);
	return jsonReply(200, {tasks: matching.slice(offset, offset + limit).map(task => taskInfo(task)), count: matching.length});
}

function show(taskId: TaskId, query: URLSearchParams, world: World): Reply {
	const queryTime = integerParameter(query, 'query_time', 0n, INT64_MAX);
	if (typeof queryTime !== 'number') {
		return queryTime;
	}

	const task = world.tasks.find(candidate => candidate.id === taskId);
	if (!task) {
		return statusError(404);
	}

	const month = monthTotals(trafficOf(task, world.seed), queryTime, world.now);
	return jsonReply(200, {
		...taskInfo(task),
		monthly_acceptance_request: month.REQUEST,
		monthly_success_object: month.SUCCESS,
		monthly_failure_object: month.FAILURE,
		monthly_skip_object: month.SKIP,
		monthly_size: month.SIZE,
	});
}

function statistics(taskId: TaskId, query: URLSearchParams, world: World): Reply {
	const dataType = query.get('data_type') ?? '';
	const types = dataType.split(',');
	if (!types.every(isDataType)) {
		return badParameter(`data_type must be a comma-separated list of REQUEST, SUCCESS, FAILURE, SKIP, SIZE: ${dataType}`);
	}

	const start = integerParameter(query, 'start_time', 0n, INT64_MAX);
	const end = integerParameter(query, 'end_time', 0n, INT64_MAX);
	if (typeof start !== 'number') {
		return start;
	}

	if (typeof end !== 'number') {
		return end;
	}

	if (end < start) {
		return badParameter(`end_time ${end} is before start_time ${start}`);
	}

	const granularity = chooseGranularity(start, end, world.hourlyAbove);
	// Hourly is the widest bucket, so a range past 1000 hours cannot fit the API's point cap.
	if (bucketCount(start, end, granularity) > MAX_POINTS) {
		return badParameter(`the range from start_time to end_time spans more than ${MAX_POINTS} hours`);
	}

	const task = world.tasks.find(candidate => candidate.id === taskId);
	if (!task) {
		return statusError(404);
	}

	const answer = series(trafficOf(task, world.seed), start, end, granularity, world.now);
	return jsonReply(200, {
		sync_task_id: task.id,
		statistic_time_type: granularity,
		statistic_datas: types.map(type => ({
			data_type: type,
			data: answer[type].map(([time, value]) => ({time_stamp: time, statistic_num: value})),
		})),
	});
}

/** Parameters are checked before the task is looked up, so a bad request is a 400 even for an unknown task. */
export function handle(route: Route, query: URLSearchParams, world: World): Reply {
	switch (route.name) {
		case 'list': {
			return list(query, world);
		}

		case 'show': {
			return show(route.taskId, query, world);
		}

		case 'statistics': {
			return statistics(route.taskId, query, world);
		}
	}
}

import {DAY, HOUR, MINUTE, type EpochMs, type TaskId} from '../domain/units.js';
import {PROFILES, type ProfileName, type TrafficProfile} from './profiles.js';
import {hash, hashText, pick, unit} from './random.js';
import {FIVE_MINUTES, type Span, type TrafficSource} from './traffic.js';

export type TaskStatus = 'SYNCHRONIZING' | 'STOPPED';

/** One sync task of the simulated project: what the list shows, plus what drives its traffic. */
export type SimulatedTask = {
	readonly id: TaskId;
	readonly description: string;
	readonly srcCloudType: string;
	readonly srcRegion: string;
	readonly srcBucket: string;
	readonly dstRegion: string;
	readonly dstBucket: string;
	readonly createTime: EpochMs;
	readonly lastStartTime: EpochMs;
	readonly status: TaskStatus;
	readonly enableKms: boolean;
	readonly enableMetadataMigration: boolean;
	readonly enableRestore: boolean;
	readonly objectOverwriteMode: string;
	readonly dstStoragePolicy: string;
	readonly consistencyCheck: string;
	readonly profile: TrafficProfile;
	/** When the task synchronised: traffic exists only inside these spans. */
	readonly activity: readonly Span[];
};

/** What a test may fix about a task it adds; the rest is generated. */
export type NewTask = {
	readonly id?: TaskId;
	readonly description?: string;
	readonly srcBucket?: string;
	readonly dstBucket?: string;
	readonly profile?: ProfileName;
	readonly status?: TaskStatus;
};

export const SEEDED_TASK_IDS = {
	steady: '4fb05cd2-c94e-44e4-a07f-e65a2f01ebcb',
	bursty: '0d146099-8cf4-437d-b6ef-88e043771c8b',
	quiet: '7c2e9a41-3b5d-4f6e-8a19-2d4c6b8e0f13',
	bulk: 'b83f1d27-6a94-4c05-9e3b-51f7a0c2d468',
	stopped: 'e5a90c3f-12d8-4b7a-a6e4-9f0b3c5d7182',
} as const;

const DEFAULTS = {
	enableKms: false,
	enableMetadataMigration: false,
	enableRestore: false,
	objectOverwriteMode: 'SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE',
	dstStoragePolicy: 'STANDARD',
	consistencyCheck: 'size_last_modified',
} as const;

function running(from: EpochMs): Span[] {
	return [{from, to: Number.POSITIVE_INFINITY}];
}

/** The fixed catalogue. Times are relative to `anchor` (the start of the 5-minute bucket the simulator started in). */
export function seededTasks(anchor: EpochMs): SimulatedTask[] {
	const stoppedCreated = anchor - 30 * DAY;
	const stoppedRestart = anchor - 3 * DAY;
	return [
		{
			...DEFAULTS,
			id: SEEDED_TASK_IDS.steady,
			description: 'media-assets mirror',
			srcCloudType: 'Aliyun', srcRegion: 'cn-hangzhou', srcBucket: 'media-assets-prod',
			dstRegion: 'cn-north-4', dstBucket: 'media-assets-obs',
			createTime: anchor - 40 * DAY, lastStartTime: anchor - 40 * DAY, status: 'SYNCHRONIZING',
			enableMetadataMigration: true,
			profile: PROFILES.steady,
			activity: running(anchor - 40 * DAY),
		},
		{
			...DEFAULTS,
			id: SEEDED_TASK_IDS.bursty,
			description: 'order-logs replica',
			srcCloudType: 'AWS', srcRegion: 'us-east-1', srcBucket: 'order-logs',
			dstRegion: 'cn-east-3', dstBucket: 'order-logs-replica',
			createTime: anchor - 25 * DAY, lastStartTime: anchor - 25 * DAY, status: 'SYNCHRONIZING',
			dstStoragePolicy: 'IA', consistencyCheck: 'crc64',
			profile: PROFILES.bursty,
			activity: running(anchor - 25 * DAY),
		},
		{
			...DEFAULTS,
			id: SEEDED_TASK_IDS.quiet,
			description: 'legal-archive',
			srcCloudType: 'Azure', srcRegion: 'eastasia', srcBucket: 'legal-archive',
			dstRegion: 'cn-north-4', dstBucket: 'legal-archive-cold',
			createTime: anchor - 60 * DAY, lastStartTime: anchor - 60 * DAY, status: 'SYNCHRONIZING',
			enableKms: true, objectOverwriteMode: 'NO_OVERWRITE', dstStoragePolicy: 'ARCHIVE',
			profile: PROFILES.quiet,
			activity: running(anchor - 60 * DAY),
		},
		{
			...DEFAULTS,
			id: SEEDED_TASK_IDS.bulk,
			description: 'genomics raw reads',
			srcCloudType: 'HuaweiCloud', srcRegion: 'cn-north-1', srcBucket: 'genomics-raw',
			dstRegion: 'cn-southwest-2', dstBucket: 'genomics-raw-gy',
			createTime: anchor - 14 * DAY, lastStartTime: anchor - 14 * DAY, status: 'SYNCHRONIZING',
			enableRestore: true, dstStoragePolicy: 'SRC_STORAGE_MAPPING', consistencyCheck: 'crc64',
			// About two days back, inside every 7-day view.
			profile: {...PROFILES.bulk, giantHour: Math.floor(anchor / HOUR) - 49},
			activity: running(anchor - 14 * DAY),
		},
		{
			...DEFAULTS,
			id: SEEDED_TASK_IDS.stopped,
			description: 'website-static backup',
			srcCloudType: 'Qiniu', srcRegion: 'z0', srcBucket: 'www-static',
			dstRegion: 'cn-east-3', dstBucket: 'www-static-backup',
			createTime: stoppedCreated, lastStartTime: stoppedRestart, status: 'STOPPED',
			profile: {...PROFILES.steady, requests: 300},
			// Stopped shortly before the start, so a one-hour view shows the traffic ending.
			activity: [{from: stoppedCreated, to: anchor - 5 * DAY}, {from: stoppedRestart, to: anchor - 45 * MINUTE}],
		},
	];
}

const SOURCES = [
	['Aliyun', 'cn-hangzhou'],
	['AWS', 'us-east-1'],
	['Azure', 'eastasia'],
	['HuaweiCloud', 'cn-north-1'],
	['Qiniu', 'z0'],
	['Baidu', 'bj'],
	['KingsoftCloud', 'cn-beijing-6'],
	['UCloud', 'cn-bj2'],
	['QingCloud', 'pek3'],
] as const satisfies ReadonlyArray<readonly [string, string]>;
const DESTINATIONS = ['cn-north-4', 'cn-east-3', 'cn-southwest-2'] as const;
const SUBJECTS = ['images', 'videos', 'logs', 'backups', 'reports', 'datalake', 'uploads', 'models'] as const;
const PURPOSES = ['mirror', 'replica', 'offsite', 'sync'] as const;
// Weighted towards healthy tasks, as a real project would be.
const PROFILE_MIX = ['steady', 'steady', 'steady', 'steady', 'bursty', 'bursty', 'quiet', 'quiet', 'failing', 'bulk'] as const;

const GENERATED = 1;

function uuid(...parts: readonly number[]): string {
	const hex = [1, 2, 3, 4].map(salt => hash(...parts, salt).toString(16).padStart(8, '0')).join('');
	const variant = pick(['8', '9', 'a', 'b'], unit(...parts, 5));
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function alignDown(time: EpochMs): EpochMs {
	return Math.floor(time / FIVE_MINUTES) * FIVE_MINUTES;
}

/** Task number `index` of the `extraTasks` option: varied profiles and sizes, some failing, some stopped. */
export function generatedTask(seed: number, index: number, anchor: EpochMs): SimulatedTask {
	const draw = (salt: number): number => unit(seed, GENERATED, index, salt);
	const [srcCloudType, srcRegion] = pick(SOURCES, draw(1));
	const subject = pick(SUBJECTS, draw(2));
	const number = String(index + 1).padStart(4, '0');
	const base = PROFILES[pick(PROFILE_MIX, draw(3))];
	const createTime = alignDown(anchor - (3 + draw(4) * 87) * DAY);
	const isStopped = draw(5) < 0.15;
	const stoppedAt = alignDown(anchor - (10 * MINUTE + draw(6) * 2 * DAY));
	return {
		...DEFAULTS,
		id: uuid(seed, GENERATED, index),
		description: `${subject}-${pick(PURPOSES, draw(7))}-${number}`,
		srcCloudType, srcRegion, srcBucket: `${subject}-src-${number}`,
		dstRegion: pick(DESTINATIONS, draw(8)), dstBucket: `${subject}-obs-${number}`,
		createTime, lastStartTime: createTime,
		status: isStopped ? 'STOPPED' : 'SYNCHRONIZING',
		enableKms: draw(9) < 0.3,
		// Sizes spread over two orders of magnitude, so sorting by rate means something.
		profile: {...base, requests: base.requests * 10 ** (draw(10) * 2 - 1)},
		activity: [{from: createTime, to: isStopped ? stoppedAt : Number.POSITIVE_INFINITY}],
	};
}

/** A task created at `now`, as one that appears between two list refreshes. `index` continues the generated sequence. */
export function addedTask(seed: number, index: number, now: EpochMs, spec: NewTask): SimulatedTask {
	const generated = generatedTask(seed, index, now);
	const status = spec.status ?? 'SYNCHRONIZING';
	return {
		...generated,
		id: spec.id ?? generated.id,
		description: spec.description ?? generated.description,
		srcBucket: spec.srcBucket ?? generated.srcBucket,
		dstBucket: spec.dstBucket ?? generated.dstBucket,
		createTime: now,
		lastStartTime: now,
		status,
		profile: spec.profile === undefined ? generated.profile : PROFILES[spec.profile],
		activity: status === 'STOPPED' ? [] : running(now),
	};
}

export function withStatus(task: SimulatedTask, status: TaskStatus, now: EpochMs): SimulatedTask {
	if (task.status === status) {
		return task;
	}

	if (status === 'STOPPED') {
		return {...task, status, activity: task.activity.map(span => ({from: span.from, to: Math.min(span.to, now)}))};
	}

	return {...task, status, lastStartTime: now, activity: [...task.activity, ...running(now)]};
}

export function trafficOf(task: SimulatedTask, seed: number): TrafficSource {
	return {profile: task.profile, activity: task.activity, stream: hash(seed, hashText(task.id))};
}

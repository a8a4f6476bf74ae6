export type ProfileName = 'steady' | 'bursty' | 'quiet' | 'bulk' | 'failing';

/** How one task's traffic behaves. Values are per full 5-minute bucket. */
export type TrafficProfile = {
	readonly name: ProfileName;
	/** Objects requested per bucket at the daily peak, on average. */
	readonly requests: number;
	/** Share of buckets with any traffic at all; the rest are gaps. */
	readonly activeShare: number;
	/** Mean share of requested objects that fail outside bursts. */
	readonly failureRate: number;
	/** Mean share of requested objects that are skipped. */
	readonly skipRate: number;
	/** Mean size of one synchronised object, in bytes. */
	readonly objectBytes: number;
	/** Chance that an hour holds a burst of failures, and the failure rate inside a burst. */
	readonly burst?: {readonly chance: number; readonly failureRate: number};
	/**
	 * Hour (index since the epoch) in which the task moved one single object of
	 * 2^63−1 bytes and nothing else, so that even the hourly sum is exactly the API maximum.
	 */
	readonly giantHour?: number;
};

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const PROFILES: Readonly<Record<ProfileName, TrafficProfile>> = {
	steady: {name: 'steady', requests: 2400, activeShare: 1, failureRate: 0.0004, skipRate: 0.02, objectBytes: 2.5 * MB},
	bursty: {
		name: 'bursty',
		requests: 600,
		activeShare: 1,
		failureRate: 0.001,
		skipRate: 0.01,
		objectBytes: 0.18 * MB,
		burst: {chance: 0.5, failureRate: 0.15},
	},
	quiet: {name: 'quiet', requests: 8, activeShare: 0.3, failureRate: 0.002, skipRate: 0.1, objectBytes: 4 * MB},
	bulk: {name: 'bulk', requests: 120, activeShare: 0.95, failureRate: 0.002, skipRate: 0.005, objectBytes: 12 * GB},
	failing: {name: 'failing', requests: 300, activeShare: 1, failureRate: 0.12, skipRate: 0.01, objectBytes: 1 * MB},
};

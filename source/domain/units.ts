/** Milliseconds since the Unix epoch, as the OMS API counts time. */
export type EpochMs = number;

/** A length of time in milliseconds. */
export type DurationMs = number;

/**
 * A count or a byte total exactly as the API sent it. The API documents these as
 * int64 (up to 2^63−1), beyond what a JavaScript number holds exactly, so they are bigints.
 */
export type Count = bigint;

/** A sync task id, as the API names it (a UUID in every known example). */
export type TaskId = string;

export const SECOND: DurationMs = 1000;
export const MINUTE: DurationMs = 60 * SECOND;
export const HOUR: DurationMs = 60 * MINUTE;
export const DAY: DurationMs = 24 * HOUR;

import {DAY, HOUR, MINUTE, SECOND, type Count, type DurationMs} from '../domain/units.js';

/** 1234567 → "1,234,567"; exact for any bigint. */
export function formatCount(value: Count): string {
	const digits = (value < 0n ? -value : value).toString();
	const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return value < 0n ? `-${grouped}` : grouped;
}

/** Counts in few columns: 950, 12.3k, 4.5M, 7.8G… */
export function formatCompact(value: number): string {
	const units = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
	let scaled = value;
	let unit = 0;
	while (Math.abs(scaled) >= 999.5 && unit < units.length - 1) {
		scaled /= 1000;
		unit++;
	}

	if (unit === 0) {
		return Number.isInteger(scaled) ? String(scaled) : scaled.toFixed(scaled < 10 ? 1 : 0);
	}

	return `${scaled.toFixed(scaled < 9.95 ? 1 : 0)}${units[unit]}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes in binary units, three significant figures: "1.21 GiB". */
export function formatBytes(value: Count | number): string {
	let scaled = Number(value);
	let unit = 0;
	while (scaled >= 1024 && unit < BYTE_UNITS.length - 1) {
		scaled /= 1024;
		unit++;
	}

	if (unit === 0) {
		return `${Math.round(scaled)} B`;
	}

	const digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
	return `${scaled.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatByteRate(bytesPerSecond: number | undefined): string {
	return bytesPerSecond === undefined ? '–' : `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPerMinute(perMinute: number | undefined): string {
	return perMinute === undefined ? '–' : `${formatCompact(perMinute)}/min`;
}

/** A ratio as a percentage with enough digits to tell 0.01% from 0. */
export function formatPercent(ratio: number | null | undefined): string {
	if (ratio === null || ratio === undefined) {
		return '–';
	}

	const percent = ratio * 100;
	if (percent === 0) {
		return '0%';
	}

	if (percent < 0.01) {
		return '<0.01%';
	}

	return `${percent.toFixed(percent < 10 ? 2 : 1)}%`;
}

/** 90s → "1m30s", 26h → "1d2h": the two largest units. */
export function formatDuration(duration: DurationMs): string {
	const units: Array<[number, string]> = [
		[DAY, 'd'],
		[HOUR, 'h'],
		[MINUTE, 'm'],
		[SECOND, 's'],
	];
	let rest = Math.max(0, Math.round(duration / SECOND) * SECOND);
	const parts: string[] = [];
	for (const [size, name] of units) {
		if (rest >= size && parts.length < 2) {
			parts.push(`${Math.floor(rest / size)}${name}`);
			rest %= size;
		} else if (parts.length > 0) {
			break;
		}
	}

	return parts.length === 0 ? '0s' : parts.join('');
}

const WINDOW_PATTERN = /^(\d+)(s|m|h|d)$/;
const UNIT: Record<string, DurationMs> = {s: SECOND, m: MINUTE, h: HOUR, d: DAY};

/** "30m", "6h", "7d" → milliseconds; undefined when it does not read as one. */
export function parseDuration(text: string): DurationMs | undefined {
	const match = WINDOW_PATTERN.exec(text.trim());
	if (match === null) {
		return undefined;
	}

	const amount = Number(match[1]);
	return amount > 0 ? amount * UNIT[match[2]!]! : undefined;
}

/** Local wall-clock time HH:MM. */
/** The local zone at `time` as an offset from UTC ("UTC", "UTC+8", "UTC-3:30"): every time on screen is in it. */
export function formatZone(time: number): string {
	const offset = -new Date(time).getTimezoneOffset();
	if (offset === 0) {
		return 'UTC';
	}

	const minutes = Math.abs(offset) % 60;
	return `UTC${offset > 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

export function formatClockSeconds(time: number): string {
	return `${formatClock(time)}:${String(new Date(time).getSeconds()).padStart(2, '0')}`;
}

export function formatClock(time: number): string {
	const date = new Date(time);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Local date MM-DD. */
export function formatDay(time: number): string {
	const date = new Date(time);
	return `${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Whether two instants fall on the same local day. */
export function isSameDay(a: number, b: number): boolean {
	return formatDay(a) === formatDay(b) && new Date(a).getFullYear() === new Date(b).getFullYear();
}

/** HH:MM, with the date before it when `time` is not on the day of `now`: a time alone would read as today. */
export function formatSince(time: number, now: number): string {
	return isSameDay(time, now) ? formatClock(time) : `${formatDay(time)} ${formatClock(time)}`;
}

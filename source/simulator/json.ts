/** JSON text where bigints are written as plain integers: JSON.stringify cannot write them, and counts go up to 2^63−1. */

export type Json = string | number | bigint | boolean | null | readonly Json[] | {readonly [key: string]: Json};

export function toJson(value: Json): string {
	if (typeof value === 'bigint') {
		return value.toString();
	}

	if (value === null || typeof value !== 'object') {
		return JSON.stringify(value);
	}

	if (isArray(value)) {
		return `[${value.map(item => toJson(item)).join(',')}]`;
	}

	return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
}

// Array.isArray does not narrow readonly arrays.
function isArray(value: object): value is readonly Json[] {
	return Array.isArray(value);
}

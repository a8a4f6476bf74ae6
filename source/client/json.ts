import {isInteger, parse} from 'lossless-json';

/**
 * JSON.parse loses integers above 2^53, and the API's counts and times are int64:
 * integers come back as bigint, other numbers as number.
 */
export function parseJson(text: string): unknown {
	return parse(text, null, value => (isInteger(value) ? BigInt(value) : Number(value)));
}

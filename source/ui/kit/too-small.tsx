import {Text} from 'ink';
import {fit, wrapWords} from './text.js';

export type TooSmallProps = {
	readonly columns: number;
	readonly rows: number;
	readonly needColumns: number;
	readonly needRows: number;
	readonly ellipsis: string;
};

/** What to do about a terminal too small for even the compact view; q still quits. */
export function TooSmall({columns, rows, needColumns, needRows, ellipsis}: TooSmallProps) {
	const full = wrapWords(`Terminal ${columns}x${rows} is too small: omstop needs ${needColumns}x${needRows}. Enlarge it, or press q to quit.`, columns);
	// Never as tall as the terminal; one cut line when nothing else fits.
	const lines = full.length < rows ? full : [fit(`q quits. Need ${needColumns}x${needRows}, have ${columns}x${rows}`, columns, ellipsis)];
	return <Text>{lines.join('\n')}</Text>;
}

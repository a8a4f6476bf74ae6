import {Box, Text} from 'ink';
import {formatPercent} from '../format/numbers.js';
import type {Style} from './style.js';
import {displayWidth, fit, padEnd} from './text.js';

export type HelpProps = {
	readonly failureThreshold: number;
	readonly lines: number;
	readonly columns: number;
	readonly style: Style;
};

function helpLines(failureThreshold: number, style: Style): string[] {
	const {left, right, failing, unseen, range} = style.glyphs;
	const keys: Array<[string, string]> = [
		['Everywhere', ''],
		['p', 'pause / resume polling'],
		['r', 'refresh now, also after refused credentials'],
		['w', 'cycle the window: 1h, 6h, 24h, 7d (backfills)'],
		['?', 'open / close this help'],
		['c', 'with several contexts: show one, several (Space marks) or all'],
		['q  Ctrl-C', 'quit (Esc too, on the overview)'],
		['Overview', ''],
		['j k  ↑ ↓', 'move'],
		['J K  PgUp PgDn', 'page'],
		['Enter', "open the task's screen"],
		['s', 'sort: trouble, name, throughput, failures'],
		['/', 'filter by id, description or bucket; Esc clears'],
		['Task screen', ''],
		[`${left} ${right}  h l  Tab Shift-Tab`, 'previous / next task'],
		[`1${range}9`, 'jump to a task'],
		['o  Esc', 'back to the overview'],
	].map(([key, what]) => [style.isAscii ? key!.replace('↑ ↓', 'Up Down') : key!, what!]);
	const width = Math.max(...keys.filter(([, what]) => what !== '').map(([key]) => key.length)) + 2;
	return [
		'Keys',
		...keys.map(([key, what]) => (what === '' ? ` ${key}` : `  ${padEnd(key, width)}${what}`)),
		'',
		'Marks',
		`  ${failing}  failing: last hour's failures reached ${formatPercent(failureThreshold)}, or rising`,
		`  ${unseen}  failures you have not looked at yet`,
		'  share: part of finished objects (succeeded+failed+skipped)',
	];
}

/** The keys and what the marks mean, in place of the charts and totals. */
export function HelpOverlay({failureThreshold, lines, columns, style}: HelpProps) {
	const all = helpLines(failureThreshold, style);
	const isBoxed = lines >= 4 && columns >= 20;
	const inner = Math.min(isBoxed ? columns - 4 : columns, Math.max(...all.map(line => displayWidth(line))));
	const room = isBoxed ? lines - 2 : lines;
	const text = all.slice(0, Math.max(0, room)).map(line => fit(line, inner, style.glyphs.ellipsis));
	return (
		<Box
			flexDirection="column"
			height={text.length + (isBoxed ? 2 : 0)}
			width={inner + (isBoxed ? 4 : 0)}
			overflow="hidden"
			{...(isBoxed ? {borderStyle: style.isAscii ? 'classic' : 'round', paddingX: 1} : {})}
			{...(isBoxed && style.isColor ? {borderColor: 'cyan'} : {})}
		>
			{text.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key -- fixed text, never reordered
				<Text key={index} bold={line === 'Keys' || line === 'Marks'}>
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import type {DurationMs} from '../../domain/units.js';
import {formatDuration, formatPercent} from '../../format/numbers.js';
import {bindingKeys} from '../keys/keymap.js';
import {KEY_TABLE, type Place} from '../keys/table.js';
import {plainText, type Style} from './style.js';
import {displayWidth, fit, padEnd} from './text.js';

export type HelpProps = {
	/** The screen it was opened on: its keys are the ones listed. */
	readonly screen: 'overview' | 'task';
	/** What `w` steps through. */
	readonly windows: readonly DurationMs[];
	readonly failureThreshold: number;
	readonly lines: number;
	readonly columns: number;
	readonly style: Style;
};

/**
 * The sections of each screen's help. The filter prompt's and the help's own keys are on
 * their hint lines, and the help has no room to spare at 80×24.
 */
const SECTIONS: Readonly<Record<'overview' | 'task', ReadonlyArray<{title: string; places: readonly Place[]}>>> = {
	overview: [
		{title: 'Keys on the overview', places: ['overview']},
		{title: 'Keys everywhere', places: ['screens', 'always']},
	],
	task: [
		{title: 'Keys on the task screen', places: ['task']},
		{title: 'Keys everywhere', places: ['screens', 'always']},
	],
};

/** The keys of a screen, from the table of keys, by section. */
export function helpKeyLines(screen: 'overview' | 'task', windows: readonly DurationMs[], isAscii: boolean): Array<[string, string]> {
	return SECTIONS[screen].flatMap(section => [
		[section.title, ''] as [string, string],
		...KEY_TABLE.filter(binding => section.places.includes(binding.place)).map(
			(binding): [string, string] => [bindingKeys(binding, isAscii), binding.keys.includes('w') ? `${binding.what}: ${windows.map(formatDuration).join(', ')}` : binding.what],
		),
	]);
}

function helpLines(props: HelpProps): string[] {
	const {failing, unseen} = props.style.glyphs;
	const keys = helpKeyLines(props.screen, props.windows, props.style.isAscii);
	const width = Math.max(...keys.filter(([, what]) => what !== '').map(([key]) => displayWidth(key))) + 2;
	return [
		...keys.map(([key, what]) => (what === '' ? key : `  ${padEnd(key, width)}${what}`)),
		'',
		'Marks',
		`  ${failing}  failing: last hour's failures reached ${formatPercent(props.failureThreshold)}, or rising`,
		`  ${unseen}  failures you have not looked at yet`,
		'  share: part of finished objects (succeeded+failed+skipped)',
	].map(line => plainText(props.style, line));
}

const TITLES = new Set(['Keys on the overview', 'Keys on the task screen', 'Keys everywhere', 'Marks']);

/** The keys of the screen it was opened on and what the marks mean, over that screen's body. */
export function HelpOverlay(props: HelpProps) {
	const {lines, columns, style} = props;
	const all = helpLines(props);
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
			{...(isBoxed ? {borderStyle: style.glyphs.border, paddingX: 1} : {})}
			{...(isBoxed && style.isColor ? {borderColor: 'cyan'} : {})}
		>
			{text.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key -- fixed text, never reordered
				<Text key={index} bold={TITLES.has(line)}>
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import type {StoreSnapshot} from '../series/store.js';
import {hintText} from './kit/hint.js';
import type {RowContext} from './overview/rows.js';
import {paint, plainText, type Style, type Tone} from './kit/style.js';
import {fit, padEnd} from './kit/text.js';

/**
 * The list of contexts (`c`), as k9s's context list: every watched context with how it
 * fares, to show one, several (marked with Space) or all of them in the overview.
 */

/** Where the list's cursor is, and which contexts are marked to be shown together. Row 0 is "all". */
export type Picker = {readonly cursor: number; readonly marked: readonly string[]};

export type PickerEntry = {readonly context: RowContext; readonly snapshot: StoreSnapshot};

export function openPicker(): Picker {
	return {cursor: 0, marked: []};
}

export function movePicker(picker: Picker, by: number, entries: number): Picker {
	return {...picker, cursor: Math.min(entries, Math.max(0, picker.cursor + by))};
}

/** Space: marks or unmarks the context under the cursor. */
export function toggleMark(picker: Picker, names: readonly string[]): Picker {
	const name = names[picker.cursor - 1];
	if (name === undefined) {
		return picker;
	}

	return {...picker, marked: picker.marked.includes(name) ? picker.marked.filter(each => each !== name) : [...picker.marked, name]};
}

/** Enter: the contexts to show: every one on "all", the marked ones, or else the one under the cursor. */
export function pickedContexts(picker: Picker, names: readonly string[]): readonly string[] {
	if (picker.cursor === 0) {
		return names;
	}

	return picker.marked.length > 0 ? picker.marked : [names[picker.cursor - 1]!];
}

/** How a context fares, in words: its tasks, what is wrong first. */
export function contextSummary(snapshot: StoreSnapshot): {text: string; tone: Tone | undefined} {
	const {tasks, discovery} = snapshot;
	const count = (phase: string): number => tasks.filter(task => task.status.phase === phase).length;
	const parts = [`${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}`];
	let tone: Tone | undefined;
	if (count('credentials') > 0) {
		parts.push('credentials refused');
		tone = 'bad';
	} else if (discovery.error !== undefined) {
		parts.push(`list failed: ${discovery.error.message}`);
		tone = 'bad';
	} else if (tasks.length > 0 && count('live') === 0) {
		parts.push(count('loading') === tasks.length ? 'loading' : 'no answer');
		tone = count('loading') === tasks.length ? 'muted' : 'warn';
	} else {
		parts.push(`${count('live')} live`);
		if (count('retrying') > 0) {
			parts.push(`${count('retrying')} retrying`);
			tone = 'warn';
		}
	}

	return {text: parts.join(' · '), tone};
}

export type ContextListProps = {
	readonly entries: readonly PickerEntry[];
	readonly picker: Picker;
	/** The names shown in the overview now. */
	readonly shown: readonly string[];
	readonly style: Style;
	readonly columns: number;
	readonly lines: number;
};

export function ContextList({entries, picker, shown, style, columns, lines}: ContextListProps) {
	const width = Math.max(7, ...entries.map(entry => entry.context.label.length));
	const mark = (on: boolean): string => (on ? '[x]' : '[ ]');
	const rows = [
		{key: '*', prefix: `${mark(shown.length === entries.length)} `, label: padEnd('all', width), color: undefined, summary: {text: `${entries.length} contexts together`, tone: undefined as Tone | undefined}},
		...entries.map(({context, snapshot}) => ({
			key: context.name,
			prefix: `${mark(picker.marked.includes(context.name) || (picker.marked.length === 0 && shown.includes(context.name)))} `,
			label: padEnd(fit(plainText(style, context.label), width, style.glyphs.ellipsis), width),
			color: style.isColor ? context.color : undefined,
			summary: contextSummary(snapshot),
		})),
	];
	const room = Math.max(1, lines - 2);
	const first = Math.max(0, Math.min(picker.cursor - room + 1, rows.length - room));
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold wrap="truncate-end">
				{fit('Contexts', columns, '')}
			</Text>
			{rows.slice(first, first + room).map((row, index) => {
				const rest = columns - 2 - row.prefix.length - row.label.length - 2;
				return (
					<Text key={row.key} inverse={first + index === picker.cursor} wrap="truncate-end">
						{`  ${row.prefix}`}
						<Text bold {...(row.color === undefined ? {} : {color: row.color})}>
							{row.label}
						</Text>
						{'  '}
						<Text {...paint(style, row.summary.tone)}>{fit(plainText(style, row.summary.text), Math.max(0, rest), style.glyphs.ellipsis)}</Text>
					</Text>
				);
			})}
			<Text dimColor wrap="truncate-end">
				{hintText({screen: 'overview', isHelpOpen: false, isFiltering: false, isPickingContext: true}, false, columns, style)}
			</Text>
		</Box>
	);
}

import {Box, Text} from 'ink';
import {Fragment} from 'react';
import type {TaskId} from '../../domain/units.js';
import {sanitize} from '../../format/sanitize.js';
import {paint, plainText, type Style} from '../kit/style.js';
import {displayWidth, fit, fitMiddle, withoutCommonPrefix} from '../kit/text.js';

export type TaskTab = {
	readonly taskId: TaskId;
	readonly name: string | undefined;
	readonly isFailing: boolean;
	readonly hasUnseenFailures: boolean;
};

export type TaskBarProps = {
	readonly tabs: readonly TaskTab[];
	readonly selected: number;
	readonly columns: number;
	readonly style: Style;
};

/** Keys 1–9 reach the first nine tasks; the others are reached with next/previous. */
const NUMBERED = 9;
/** A UUID's first group. */
const ID_PREFIX = 8;

function marks(tab: TaskTab, style: Style): string {
	return `${tab.isFailing ? style.glyphs.failing : ''}${tab.hasUnseenFailures ? style.glyphs.unseen : ''}`;
}

/**
 * One line of tasks: the selected one in brackets (and reversed), marks for failing now
 * and for failures not yet seen, so that nothing depends on colour.
 */
export function TaskBar({tabs, selected, columns, style}: TaskBarProps) {
	const shown = tabs.map((tab, index) => ({tab, index})).filter(({index}) => index < NUMBERED || index === selected);
	const hidden = tabs.length - shown.length;
	const more = hidden > 0 ? ` +${hidden}` : '';
	// Each tab: "[n labelmarks]" or " n labelmarks "; the label shrinks to what the width allows.
	const perTab = Math.floor((columns - more.length) / Math.max(1, shown.length));
	const markRoom = Math.max(0, ...tabs.map(tab => marks(tab, style).length));
	const labelRoom = Math.min(16, perTab - 4 - (markRoom > 0 ? markRoom + 1 : 0));
	// The part of the names that tells the tabs apart, cut in the middle where it is long.
	const named = shown.flatMap(({tab}) => (tab.name === undefined ? [] : [tab.taskId]));
	const short = new Map(
		withoutCommonPrefix(shown.flatMap(({tab}) => (tab.name === undefined ? [] : [plainText(style, sanitize(tab.name, 80))]))).map((name, index) => [named[index]!, name]),
	);
	return (
		<Box>
			<Text wrap="truncate-end">
				{shown.map(({tab, index}) => {
					const isSelected = index === selected;
					const number = index < NUMBERED ? String(index + 1) : '#';
					// A task id is cut without an ellipsis, at most to its first group: the first
					// characters are how people tell ids apart.
					const name =
						tab.name === undefined
							? fit(plainText(style, sanitize(tab.taskId, 80)), Math.min(ID_PREFIX, labelRoom), '')
							: fitMiddle(short.get(tab.taskId) ?? '', labelRoom, style.glyphs.ellipsis);
					const label = labelRoom >= 3 ? ` ${name}` : '';
					const mark = marks(tab, style);
					const body = `${number}${label}${mark === '' ? '' : ` ${mark}`}`;
					const text = isSelected ? `[${body}]` : ` ${body} `;
					return (
						<Fragment key={tab.taskId}>
							<Text inverse={isSelected} bold={isSelected} {...paint(style, tab.isFailing ? 'bad' : isSelected ? 'accent' : undefined)}>
								{text}
							</Text>
							{displayWidth(text) < perTab ? ' ' : ''}
						</Fragment>
					);
				})}
				{more}
			</Text>
		</Box>
	);
}

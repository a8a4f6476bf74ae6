import {Text} from 'ink';
import type {Style} from './style.js';
import {joinFitting} from './text.js';

export type HintProps = {
	readonly isPaused: boolean;
	readonly isHelpOpen: boolean;
	readonly columns: number;
	readonly style: Style;
};

/** One line of keys; when it is narrow, the least needed go first. */
export function HintLine({isPaused, isHelpOpen, columns, style}: HintProps) {
	const {left, right} = style.glyphs;
	const text = joinFitting(
		[
			{text: `${left}/${right} h/l task`, rank: 2},
			{text: '1-9 jump', rank: 5},
			{text: isPaused ? 'p resume' : 'p pause', rank: 3},
			{text: 'r refresh', rank: 4},
			{text: 'w window', rank: 6},
			{text: isHelpOpen ? '? close help' : '? help', rank: 1},
			{text: 'q quit', rank: 0},
		],
		'  ',
		columns,
	);
	return (
		<Text dimColor wrap="truncate-end">
			{text}
		</Text>
	);
}

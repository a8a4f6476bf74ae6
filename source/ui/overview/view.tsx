import {Box, Text} from 'ink';
import {memo} from 'react';
import type {DurationMs} from '../../domain/units.js';
import {HelpOverlay} from '../kit/help.js';
import {paint, type Style} from '../kit/style.js';
import type {OverviewModel} from './model.js';

export type OverviewProps = {
	readonly model: OverviewModel;
	readonly style: Style;
	/** For the help: what `w` steps through, and the failure threshold. */
	readonly windows: readonly DurationMs[];
	readonly failureThreshold: number;
};

/** Draws the overview's model: every line is already made and fitted. */
export const Overview = memo(function Overview({model, style, windows, failureThreshold}: OverviewProps) {
	const {columns} = model;
	const color = (value: string | undefined): {color?: string} => (value === undefined ? {} : {color: value});
	return (
		<Box flexDirection="column" width={columns}>
			<Box>
				{model.isDemo ? (
					<Text inverse bold {...paint(style, 'warn')}>
						[DEMO]
					</Text>
				) : undefined}
				<Text bold wrap="truncate-end">
					{model.isDemo ? ' ' : ''}
					{model.title}
				</Text>
			</Box>
			<Text wrap="truncate-end" {...paint(style, model.news.tone)}>
				{model.news.text}
			</Text>
			{model.helpLines === undefined ? (
				<>
					<Text bold wrap="truncate-end">
						{model.heading}
					</Text>
					{model.rows.map(row => (
						<Text key={row.key} inverse={row.isCursor} wrap="truncate-end" {...paint(style, row.tone)}>
							{row.start}
							{row.context === undefined ? undefined : <Text {...color(row.context.color)}>{row.context.text}</Text>}
							{row.text}
						</Text>
					))}
					{model.blank > 0 ? <Text>{'\n'.repeat(model.blank - 1)}</Text> : undefined}
				</>
			) : (
				// Over the heading and the rows, as tall as they are.
				<Box height={model.helpLines} flexDirection="column">
					<HelpOverlay screen="overview" windows={windows} failureThreshold={failureThreshold} lines={model.helpLines} columns={columns} style={style} />
				</Box>
			)}
			<Text wrap="truncate-end" {...paint(style, model.focus.tone)}>
				{model.focus.text}
			</Text>
			{model.footers.map(footer =>
				footer.label === undefined ? (
					<Text key={footer.key} wrap="truncate-end">
						{footer.text}
					</Text>
				) : (
					<Text key={footer.key} wrap="truncate-end">
						<Text bold {...color(footer.label.color)}>
							{footer.label.text}
						</Text>
						<Text {...paint(style, footer.tone)}>{footer.text}</Text>
					</Text>
				),
			)}
			<Text dimColor wrap="truncate-end">
				{model.hint}
			</Text>
		</Box>
	);
});

import {Box, Text} from 'ink';
import {Fragment} from 'react';
import type {DurationMs, EpochMs} from '../../domain/units.js';
import type {Timers} from '../hooks.js';
import {HelpOverlay} from '../kit/help.js';
import {paint, type Style} from '../kit/style.js';
import {ChartPanel} from './charts.js';
import {Header} from './header.js';
import type {TaskScreenModel} from './model.js';
import {TotalsTable} from './totals-table.js';

export type TaskScreenProps = {
	readonly model: TaskScreenModel;
	readonly style: Style;
	/** The status line's clock: it ticks on its own, every second. */
	readonly now: () => EpochMs;
	readonly timers: Timers;
	/** For the help: what `w` steps through, and the failure threshold. */
	readonly windows: readonly DurationMs[];
	readonly failureThreshold: number;
};

/** Draws the task screen's model: header, task bar, details, charts, totals, hint — as the layout chose. */
export function TaskScreen({model, style, now, timers, windows, failureThreshold}: TaskScreenProps) {
	const {layout, columns, figures} = model;
	return (
		<Box flexDirection="column" width={columns}>
			<Header model={model} style={style} now={now} timers={timers} />
			{model.tabs === undefined ? undefined : (
				<Box>
					<Text wrap="truncate-end">
						{model.tabs.tabs.map(tab => (
							<Fragment key={tab.key}>
								<Text inverse={tab.isSelected} bold={tab.isSelected} {...paint(style, tab.tone)}>
									{tab.text}
								</Text>
								{tab.isSpaced ? ' ' : ''}
							</Fragment>
						))}
						{model.tabs.more}
					</Text>
				</Box>
			)}
			{model.details === undefined ? undefined : (
				<Text wrap="truncate-end" dimColor>
					{model.details}
				</Text>
			)}
			{model.helpLines === undefined ? (
				<>
					{layout.charts.kind === 'none' ? undefined : <ChartPanel model={figures} charts={layout.charts} window={model.window} columns={columns} style={style} />}
					<TotalsTable model={figures} window={model.window} isBoxed={layout.table === 'boxed'} columns={columns} style={style} />
				</>
			) : (
				<HelpOverlay screen="task" windows={windows} failureThreshold={failureThreshold} lines={model.helpLines} columns={columns} style={style} />
			)}
			{model.hint === undefined ? undefined : (
				<Text dimColor wrap="truncate-end">
					{model.hint}
				</Text>
			)}
		</Box>
	);
}

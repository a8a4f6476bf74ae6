import {Box, Text} from 'ink';
import type {DurationMs, TaskId} from '../../domain/units.js';
import type {TaskStatus} from '../../series/store.js';
import {ChartPanel} from './charts.js';
import {Header} from './header.js';
import {HelpOverlay} from '../kit/help.js';
import {HintLine} from '../kit/hint.js';
import {DETAILS_LINES, HEADER_LINES, HINT_LINES, TASK_BAR_LINES, type Layout} from './layout.js';
import type {TimedScreenFrame} from '../kit/screen-frame.js';
import {plainText} from '../kit/style.js';
import {TaskBar, type TaskTab} from './task-bar.js';
import {joinFitting} from '../kit/text.js';
import {TotalsTable} from '../totals-table.js';
import type {TaskModel} from './model.js';

/**
 * Props hold no bigint (React's development build cannot compare them): the task comes
 * as text and its model.
 */
export type TaskScreenProps = TimedScreenFrame & {
	readonly taskId: TaskId | undefined;
	readonly status: TaskStatus | undefined;
	readonly name: string | undefined;
	readonly details: ReadonlyArray<{readonly text: string; readonly rank: number}>;
	readonly model: TaskModel;
	readonly layout: Extract<Layout, {kind: 'monitor'}>;
	readonly tabs: readonly TaskTab[];
	readonly selected: number;
	readonly isHelpOpen: boolean;
	readonly isPaused: boolean;
	readonly failureThreshold: number;
	/** What `w` steps through, for the help. */
	readonly windows: readonly DurationMs[];
};

/** One task: header, task bar, details, charts, totals, hint — as many as the layout allows. */
export function TaskScreen(props: TaskScreenProps) {
	const {model, layout, columns, style} = props;
	const bodyLines =
		layout.lines -
		HEADER_LINES -
		(layout.isTaskBar ? TASK_BAR_LINES : 0) -
		(layout.isHint ? HINT_LINES : 0) -
		(layout.isDetails ? DETAILS_LINES : 0);
	return (
		<Box flexDirection="column" width={columns}>
			<Header
				taskId={props.taskId}
				status={props.status}
				granularity={model.granularity}
				name={props.name}
				label={props.label}
				credentials={props.credentials}
				isDemo={props.isDemo}
				window={props.window}
				columns={columns}
				style={style}
				now={props.now}
				skew={props.skew}
			/>
			{layout.isTaskBar ? <TaskBar tabs={props.tabs} selected={props.selected} columns={columns} style={style} /> : undefined}
			{layout.isDetails ? (
				<Text wrap="truncate-end" dimColor>
					{plainText(style, joinFitting(props.details, style.glyphs.separator, columns))}
				</Text>
			) : undefined}
			{props.isHelpOpen ? (
				<HelpOverlay screen="task" windows={props.windows} failureThreshold={props.failureThreshold} lines={bodyLines} columns={columns} style={style} />
			) : (
				<>
					{layout.charts.kind === 'none' ? undefined : (
						<ChartPanel model={model} charts={layout.charts} window={props.window} columns={columns} style={style} />
					)}
					<TotalsTable model={model} window={props.window} isBoxed={layout.table === 'boxed'} columns={columns} style={style} />
				</>
			)}
			{layout.isHint ? <HintLine isPaused={props.isPaused} isHelpOpen={props.isHelpOpen} columns={columns} style={style} /> : undefined}
		</Box>
	);
}

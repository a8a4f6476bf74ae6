import {Box, Text} from 'ink';
import type {EpochMs} from '../../domain/units.js';
import {useNow, type Timers} from '../hooks.js';
import {paint, type Style} from '../kit/style.js';
import {DEMO_MARK, statusLine, type TaskScreenModel} from './model.js';

export type HeaderProps = {
	readonly model: TaskScreenModel;
	readonly style: Style;
	readonly now: () => EpochMs;
	readonly timers: Timers;
};

/** Two lines: what is shown (task, where, buckets, window), then how fresh it is. */
export function Header({model, style, now, timers}: HeaderProps) {
	return (
		<Box flexDirection="column">
			<Box>
				{model.isDemo ? (
					<Text inverse bold {...paint(style, 'warn')}>
						{DEMO_MARK}
					</Text>
				) : undefined}
				{model.isDemo ? <Text> </Text> : undefined}
				<Text bold wrap="truncate-end">
					{model.title}
				</Text>
			</Box>
			<StatusText status={model.status} columns={model.columns} style={style} now={now} timers={timers} />
		</Box>
	);
}

/** The only line that changes every second, so that a tick rewrites one line. */
function StatusText({status, columns, style, now, timers}: {status: TaskScreenModel['status']; columns: number; style: Style; now: () => EpochMs; timers: Timers}) {
	const time = useNow(now, timers, status.status);
	const line = statusLine(status, time, columns, style);
	if (line === undefined) {
		return <Text>No tasks to watch</Text>;
	}

	return (
		<Box>
			<Text bold {...paint(style, line.tone)}>
				{line.state}
			</Text>
			{line.details === '' ? undefined : (
				<Text wrap="truncate-end">
					{style.glyphs.separator}
					{line.details}
				</Text>
			)}
		</Box>
	);
}

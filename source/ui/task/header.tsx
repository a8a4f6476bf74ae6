import {Box, Text} from 'ink';
import type {Granularity} from '../../domain/statistics.js';
import type {TaskId} from '../../domain/units.js';
import {formatClockSeconds, formatDuration, formatZone} from '../../format/numbers.js';
import {sanitize} from '../../format/sanitize.js';
import type {TaskStatus} from '../../series/store.js';
import {useNow} from '../hooks.js';
import {describeStatus} from '../kit/status.js';
import type {TimedScreenFrame} from '../kit/screen-frame.js';
import {paint, plainText} from '../kit/style.js';
import {displayWidth, fit, joinFitting} from '../kit/text.js';

/** Brackets as well as reverse video: the mark stays a mark where styles are off. */
const DEMO_MARK = '[DEMO]';

export type HeaderProps = TimedScreenFrame & {
	/** Undefined when no task is watched. */
	readonly taskId: TaskId | undefined;
	readonly status: TaskStatus | undefined;
	readonly granularity: Granularity | undefined;
	/** The task's name, when the API has told it. */
	readonly name: string | undefined;
};

/** Two lines: what is shown (task, where, buckets, window), then how fresh it is. */
export function Header(props: HeaderProps) {
	return (
		<Box flexDirection="column">
			<TitleLine {...props} />
			<StatusText {...props} />
		</Box>
	);
}

function TitleLine({taskId, name, label, credentials, isDemo, window, granularity, columns, style}: HeaderProps) {
	const {glyphs} = style;
	const room = columns - (isDemo ? displayWidth(DEMO_MARK) + 1 : 0);
	const id = taskId === undefined ? 'no task' : sanitize(taskId, 80);
	const taskText = name === undefined ? id : `${sanitize(name, 60)} (${id})`;
	const parts = [
		{text: plainText(style, fit(taskText, room, glyphs.ellipsis)), rank: 0},
		{text: `window ${formatDuration(window)}`, rank: 1},
		...(granularity === undefined ? [] : [{text: granularity === 'FIVE_MINUTES' ? '5-min buckets' : 'hourly buckets', rank: 3}]),
		...(isDemo ? [{text: 'simulated data', rank: 4}] : [{text: plainText(style, sanitize(label, 60)), rank: 2}]),
		...(credentials === undefined ? [] : [{text: plainText(style, sanitize(`credentials from ${credentials}`, 120)), rank: 5}]),
	];
	const text = joinFitting(parts, glyphs.separator, room);
	return (
		<Box>
			{isDemo ? (
				<Text inverse bold {...paint(style, 'warn')}>
					{DEMO_MARK}
				</Text>
			) : undefined}
			{isDemo ? <Text> </Text> : undefined}
			<Text bold wrap="truncate-end">
				{text}
			</Text>
		</Box>
	);
}

/** The only line that changes every second, so that a tick rewrites one line. */
function StatusText({status: taskStatus, columns, style, now, skew}: HeaderProps) {
	const time = useNow(now, taskStatus);
	if (taskStatus === undefined) {
		return <Text>No tasks to watch</Text>;
	}

	const status = describeStatus(taskStatus, time);
	// The clock with its zone: every time on screen is in it.
	const parts = [...status.details, `${formatClockSeconds(time)} ${formatZone(time)}`, ...(skew === undefined ? [] : [skew])];
	const room = columns - displayWidth(status.state) - displayWidth(style.glyphs.separator);
	const details = fit(plainText(style, parts.join(style.glyphs.separator)), Math.max(0, room), style.glyphs.ellipsis);
	return (
		<Box>
			<Text bold {...paint(style, status.tone)}>
				{fit(status.state, columns, style.glyphs.ellipsis)}
			</Text>
			{details === '' ? undefined : (
				<Text wrap="truncate-end">
					{style.glyphs.separator}
					{details}
				</Text>
			)}
		</Box>
	);
}

import {Box, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import {ChartPanel} from './charts.js';
import {Header} from './header.js';
import {HelpOverlay} from './help.js';
import {HintLine} from './hint.js';
import {useKeymap, useStoreSnapshot, useTerminalSize, type StoreSource} from './hooks.js';
import type {KeyAction} from './keymap.js';
import {chooseLayout, HEADER_LINES, HINT_LINES, TASK_BAR_LINES} from './layout.js';
import {hasUnseenFailures, INITIAL_UI_STATE, isFailing, nextWindow, reduceUi, selectedIndex, shouldRing} from './state.js';
import {makeStyle} from './style.js';
import {TaskBar, type TaskTab} from './task-bar.js';
import {TooSmall} from './too-small.js';
import {TotalsTable} from './totals-table.js';
import {taskModel} from './view-model.js';

/** What the keys may ask of polling; the Poller has all of it. */
export type PollControls = {
	readonly paused: boolean;
	pause(): void;
	resume(): void;
	refresh(): void;
	setWindow(window: DurationMs): void;
};

export type AppProps = {
	readonly store: StoreSource;
	readonly controls: PollControls;
	/** Region or endpoint host; 'DEMO' in demo mode. */
	readonly label: string;
	readonly isDemo: boolean;
	/** A ratio: 0.01 is 1%. */
	readonly failureThreshold: number;
	readonly isColor: boolean;
	readonly isAscii: boolean;
	readonly now: () => EpochMs;
	/** A fixed size instead of the terminal's (tests, or a terminal that reports none). */
	readonly columns?: number;
	readonly rows?: number;
	/** Called once each time a task starts failing (the bell). */
	readonly onFailureStart?: () => void;
};

/** The monitor: what the store holds, for one task at a time, fitted to the terminal. */
export function App(props: AppProps) {
	const {store, controls, failureThreshold, now, onFailureStart} = props;
	const {exit} = useApp();
	const snapshot = useStoreSnapshot(store);
	const size = useTerminalSize({...(props.columns === undefined ? {} : {columns: props.columns}), ...(props.rows === undefined ? {} : {rows: props.rows})});
	const style = useMemo(() => makeStyle({isColor: props.isColor, isAscii: props.isAscii}), [props.isColor, props.isAscii]);
	const [ui, dispatch] = useReducer(reduceUi, INITIAL_UI_STATE);
	const {tasks} = snapshot;
	const taskIds = useMemo(() => tasks.map(task => task.taskId), [tasks]);
	const index = selectedIndex(ui, taskIds);
	const task = tasks[index];
	const model = useMemo(() => taskModel(task, failureThreshold), [task, failureThreshold]);

	const viewed = task?.taskId;
	useEffect(() => {
		dispatch({type: 'observe', tasks, viewed, now: now()});
	}, [tasks, viewed, now]);

	const failing = useMemo(() => new Set(tasks.filter(each => isFailing(each.figures, failureThreshold)).map(each => each.taskId)), [tasks, failureThreshold]);
	const wasFailing = useRef<ReadonlySet<TaskId>>(new Set());
	const rungAt = useRef(new Map<TaskId, EpochMs>());
	useEffect(() => {
		// The edge, not the level: once when a task starts failing.
		const ring = shouldRing(wasFailing.current, failing, rungAt.current, now());
		wasFailing.current = failing;
		if (ring) {
			onFailureStart?.();
		}
	}, [failing, onFailureStart, now]);

	const onKey = useCallback(
		(action: KeyAction): void => {
			switch (action.type) {
				case 'quit': {
					exit();
					break;
				}

				case 'pause': {
					if (controls.paused) {
						controls.resume();
					} else {
						controls.pause();
					}

					break;
				}

				case 'refresh': {
					controls.refresh();
					break;
				}

				case 'window': {
					controls.setWindow(nextWindow(store.getSnapshot().window));
					break;
				}

				case 'previous':
				case 'next': {
					dispatch({type: action.type, taskIds});
					break;
				}

				case 'jump': {
					dispatch({type: 'jump', index: action.index, taskIds});
					break;
				}

				case 'toggle-help':
				case 'close-help': {
					dispatch({type: action.type});
					break;
				}
			}
		},
		[exit, controls, store, taskIds],
	);
	useKeymap(onKey, ui.isHelpOpen);

	const layout = useMemo(() => chooseLayout(size.columns, size.rows, tasks.length), [size.columns, size.rows, tasks.length]);
	if (layout.kind === 'too-small') {
		return <TooSmall columns={size.columns} rows={size.rows} needColumns={layout.needColumns} needRows={layout.needRows} ellipsis={style.glyphs.ellipsis} />;
	}

	const {columns} = size;
	const tabs: TaskTab[] = tasks.map(each => ({
		taskId: each.taskId,
		name: each.info?.description,
		isFailing: failing.has(each.taskId),
		hasUnseenFailures: each.taskId !== task?.taskId && hasUnseenFailures(ui, each.taskId, each.view),
	}));
	const bodyLines = layout.lines - HEADER_LINES - (layout.isTaskBar ? TASK_BAR_LINES : 0) - (layout.isHint ? HINT_LINES : 0);
	return (
		<Box flexDirection="column" width={columns}>
			<Header
				taskId={task?.taskId}
				status={task?.status}
				granularity={model.granularity}
				name={task?.info?.description}
				label={props.label}
				isDemo={props.isDemo}
				window={snapshot.window}
				columns={columns}
				style={style}
				now={now}
			/>
			{layout.isTaskBar ? <TaskBar tabs={tabs} selected={index} columns={columns} style={style} /> : undefined}
			{ui.isHelpOpen ? (
				<HelpOverlay failureThreshold={failureThreshold} lines={bodyLines} columns={columns} style={style} />
			) : (
				<>
					{layout.charts.kind === 'none' ? undefined : (
						<ChartPanel
							model={model}
							charts={layout.charts}
							window={snapshot.window}
							columns={columns}
							style={style}
						/>
					)}
					<TotalsTable
						model={model}
						window={snapshot.window}
						isBoxed={layout.table === 'boxed'}
						columns={columns}
						style={style}
					/>
				</>
			)}
			{layout.isHint ? <HintLine isPaused={controls.paused} isHelpOpen={ui.isHelpOpen} columns={columns} style={style} /> : undefined}
		</Box>
	);
}

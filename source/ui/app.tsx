import {useApp, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {describeSkew, SHOWN_SKEW} from '../client/server-clock.js';
import {formatZone} from '../format/numbers.js';
import type {ContextsView} from '../contexts/contexts-view.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import type {StoreSnapshot, TaskSnapshot} from '../series/store.js';
import {useStoreSnapshot, useTerminalSize, type StoreSource} from './hooks.js';
import type {KeyAction} from './keys/table.js';
import type {KeyTimer} from './keys/tokenize.js';
import {useKeys} from './keys/use-keys.js';
import {chooseLayout, MIN_COLUMNS} from './task/layout.js';
import {ContextList, movePicker, openPicker, pickedContexts, toggleMark, type Picker} from './context-list.js';
import {Overview, OVERVIEW_CHROME_LINES, type ContextFooter} from './overview/view.js';
import {arrangeRows, inContext, overviewCounts, overviewRow, pageStart, type OverviewRow, type RowContext, type SortKey} from './overview/rows.js';
import {isFailing} from '../series/figures.js';
import {windowCycle} from '../config/config.js';
import {hasUnseenFailures, INITIAL_UI_STATE, nextWindow, reduceUi, selectedIndex, shouldRing, showsOnTaskScreen} from './ui-state.js';
import {makeStyle, type Charset} from './kit/style.js';
import {type TaskTab} from './task/task-bar.js';
import {TaskScreen} from './task/view.js';
import {TooSmall} from './kit/too-small.js';
import {taskDetails, taskModel} from './task/model.js';

/** Rows of tasks the overview needs at the least. */
const MIN_OVERVIEW_ROWS = 3;
/** What the keys may ask of polling; the Poller has all of it. */
export type PollControls = {
	readonly paused: boolean;
	pause(): void;
	resume(): void;
	refresh(): void;
	setWindow(window: DurationMs): void;
	/** The tasks on screen, polled at the interval; the others less often. */
	setVisible?(taskIds: readonly TaskId[]): void;
};

export type AppProps = {
	readonly store: StoreSource;
	readonly controls: PollControls;
	/** Region or endpoint host; 'DEMO' in demo mode. */
	readonly label: string;
	/** Where the credentials came from (not in demo mode). */
	readonly credentials?: string;
	readonly isDemo: boolean;
	/** A ratio: 0.01 is 1%. */
	readonly failureThreshold: number;
	/** What the overview says when the project's listing is empty. */
	readonly emptyText?: string;
	/** A synchronizing task with no request for this long is stalled (default 30 minutes). */
	readonly stallAfter?: DurationMs;
	readonly isColor: boolean;
	readonly isAscii: boolean;
	/** What glyphs the terminal's font has, when it is not ASCII only (the Linux console's). */
	readonly charset?: Charset;
	readonly now: () => EpochMs;
	/** A fixed size instead of the terminal's (tests, or a terminal that reports none). */
	readonly columns?: number;
	readonly rows?: number;
	/** The screen it opens on: the overview of every task, or (the default) one task's screen. */
	readonly initialScreen?: 'overview' | 'task';
	/** A task's screen was opened from the overview (its details are worth fetching). */
	readonly onOpenTask?: (taskId: TaskId) => void;
	/** Called once each time a task starts failing (the bell). */
	readonly onFailureStart?: () => void;
	/** Store changes are drawn at most once in this time (default: each at once). */
	readonly updateEvery?: DurationMs;
	/** How long a lone ESC waits for the rest of a cut escape sequence (tests fire it themselves). */
	readonly keyTimer?: KeyTimer;
	/** Ctrl-Z: gives the terminal back and stops the process; resolves when it runs again (fg). */
	readonly suspend?: () => Promise<void>;
	/** The contexts watched (the store and controls are the same object): `c` lists them. */
	readonly contexts?: ContextsView;
	/** The view remembered from the last run. */
	readonly initialView?: {readonly sort?: SortKey; readonly filter?: string; readonly selected?: TaskId};
	/** Told when the window, sort, filter or selected task changes (to remember it). */
	readonly onViewChange?: (view: {window: DurationMs; sort: SortKey; filter: string; selected: TaskId | undefined}) => void;
};

function rowContext(context: {name: string; label: string; color: string | undefined}): RowContext {
	return {name: context.name, label: context.label, color: context.color};
}

/** Clears the screen and puts the cursor home: Ctrl-L then draws the whole frame from the top. */
const CLEAR_SCREEN = '\u001B[2J\u001B[H';

/** The monitor: what the store holds, every task at a glance or one at a time, fitted to the terminal. */
export function App(props: AppProps) {
	const {store, controls, failureThreshold, now, onFailureStart, onOpenTask} = props;
	const {exit} = useApp();
	const [ui, dispatch] = useReducer(reduceUi, props.initialScreen ?? 'task', screen => ({...INITIAL_UI_STATE, ...props.initialView, screen}));
	const {contexts, onViewChange} = props;
	const [picker, setPickerState] = useState<Picker | undefined>(undefined);
	// Keys that land together act before the next render: each must see the last one's list.
	const pickerNow = useRef<Picker | undefined>(undefined);
	const setPicker = useCallback((next: Picker | undefined) => {
		pickerNow.current = next;
		setPickerState(next);
	}, []);
	const isTaskScreen = ui.screen === 'task' && !ui.isHelpOpen;
	const matters = useCallback(
		(shown: StoreSnapshot, next: StoreSnapshot) => {
			const viewed = next.tasks[selectedIndex(ui, next.tasks.map(each => each.taskId))]?.taskId;
			return !isTaskScreen || showsOnTaskScreen(shown, next, viewed, failureThreshold);
		},
		[isTaskScreen, ui, failureThreshold],
	);
	const snapshot = useStoreSnapshot(store, {matters, showing: `${ui.screen} ${ui.isHelpOpen} ${ui.selected}`, every: props.updateEvery ?? 0});
	const size = useTerminalSize({...(props.columns === undefined ? {} : {columns: props.columns}), ...(props.rows === undefined ? {} : {rows: props.rows})});
	const charset = props.isAscii ? 'ascii' : (props.charset ?? 'unicode');
	const style = useMemo(() => makeStyle({isColor: props.isColor, charset}), [props.isColor, charset]);
	// The window given at start stays in the cycle of `w`, whatever it is.
	const [windows] = useState(() => windowCycle(store.getSnapshot().window));
	const {write} = useStdout();
	const {tasks} = snapshot;
	const taskIds = useMemo(() => tasks.map(task => task.taskId), [tasks]);
	// Rows are made again only for the tasks whose snapshot changed.
	const rowCache = useRef(new WeakMap<TaskSnapshot, OverviewRow>());
	const rows = useMemo(
		() =>
			tasks.map(each => {
				let row = rowCache.current.get(each);
				if (row === undefined) {
					row = overviewRow(each, failureThreshold, now(), props.stallAfter);
					rowCache.current.set(each, row);
				}

				return row;
			}),
		[tasks, failureThreshold, now, props.stallAfter],
	);
	// With several contexts shown, each row names its context (and `/` finds it by it).
	const isCombined = (contexts?.shown.length ?? 0) > 1;
	const contextRows = useMemo(
		() =>
			isCombined && contexts !== undefined
				? rows.map(row => {
						const owner = contexts.contextOf(row.taskId);
						return owner === undefined ? row : inContext(row, rowContext(owner));
					})
				: rows,
		[rows, isCombined, contexts],
	);
	const footers = useMemo((): ContextFooter[] | undefined => {
		if (!isCombined || contexts === undefined) {
			return undefined;
		}

		return contexts.parts().map(({context, snapshot: part}) => {
			const own = tasks.filter(each => contexts.contextOf(each.taskId) === context);
			const ownIds = new Set(own.map(each => each.taskId));
			return {context: rowContext(context), counts: overviewCounts(own, contextRows.filter(row => ownIds.has(row.taskId))), discovery: part.discovery};
		});
	}, [isCombined, contexts, tasks, contextRows]);
	const arranged = useMemo(() => arrangeRows(contextRows, ui.sort, ui.filter), [contextRows, ui.sort, ui.filter]);
	const arrangedIds = useMemo(() => arranged.map(row => row.taskId), [arranged]);
	const counts = useMemo(() => overviewCounts(tasks, contextRows), [tasks, contextRows]);
	const cursor = Math.max(0, ui.selected === undefined ? 0 : arrangedIds.indexOf(ui.selected));
	const index = selectedIndex(ui, taskIds);
	const task = tasks[index];
	const model = useMemo(() => taskModel(task, failureThreshold), [task, failureThreshold]);
	const details = useMemo(() => taskDetails(task?.info, task?.month, task?.detailsError), [task?.info, task?.month, task?.detailsError]);
	// The task screen steps through the tasks in the overview's order and filter.
	const stepIds = task !== undefined && arrangedIds.includes(task.taskId) ? arrangedIds : taskIds;

	const viewed = task?.taskId;
	const {selected} = ui;
	useEffect(() => {
		dispatch({type: 'observe', tasks, viewed, now: now()});
	}, [tasks, viewed, now]);

	const failing = useMemo(() => new Set(tasks.filter(each => isFailing(each.figures, failureThreshold)).map(each => each.taskId)), [tasks, failureThreshold]);
	// The bell rings for a task that starts failing, and for one that stalls.
	const alarming = useMemo(() => new Set(rows.filter(row => row.isFailing || row.isStalled).map(row => row.taskId)), [rows]);
	const wasFailing = useRef<ReadonlySet<TaskId>>(new Set());
	const rungAt = useRef(new Map<TaskId, EpochMs>());
	useEffect(() => {
		// The edge, not the level: once when a task starts failing or stalls.
		const ring = shouldRing(wasFailing.current, alarming, rungAt.current, now());
		wasFailing.current = alarming;
		if (ring) {
			onFailureStart?.();
		}
	}, [alarming, onFailureStart, now]);

	useEffect(() => {
		onViewChange?.({window: snapshot.window, sort: ui.sort, filter: ui.filter, selected: ui.selected});
	}, [onViewChange, snapshot.window, ui.sort, ui.filter, ui.selected]);

	// A footer for each context shown past the first.
	const chromeLines = OVERVIEW_CHROME_LINES + Math.max(0, (footers?.length ?? 1) - 1);
	const pageHeight = size.rows - 1 - chromeLines;
	const contextNames = useMemo(() => contexts?.contexts.map(context => context.name) ?? [], [contexts]);
	// The labels of the contexts shown, which `c` changes.
	const label = contexts === undefined ? props.label : contexts.contexts.filter(context => contexts.shown.includes(context.name)).map(context => context.label).join(', ');
	/** A task's screen was asked for: its details are fetched once it shows. */
	const opening = useRef(false);
	const onKey = useCallback(
		(action: KeyAction): void => {
			const picker = pickerNow.current;
			if (picker !== undefined) {
				switch (action.type) {
					case 'move': {
						setPicker(movePicker(picker, action.by, contextNames.length));
						return;
					}

					case 'context-mark': {
						setPicker(toggleMark(picker, contextNames));
						return;
					}

					case 'context-show': {
						contexts?.show(pickedContexts(picker, contextNames));
						setPicker(undefined);
						return;
					}

					case 'contexts': {
						setPicker(undefined);
						return;
					}

					default:
				}
			}

			switch (action.type) {
				case 'contexts': {
					if (contextNames.length > 1) {
						setPicker(openPicker());
					}

					break;
				}

				case 'context-mark':
				case 'context-show': {
					break;
				}

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
					controls.setWindow(nextWindow(store.getSnapshot().window, windows));
					break;
				}

				case 'previous':
				case 'next': {
					// Step from the task shown, which is the store's first while none is selected.
					if (selected === undefined && viewed !== undefined) {
						dispatch({type: 'jump', index: stepIds.indexOf(viewed), taskIds: stepIds});
					}

					dispatch({type: action.type, taskIds: stepIds});
					break;
				}

				case 'jump': {
					dispatch({type: 'jump', index: action.index, taskIds: stepIds});
					break;
				}

				case 'first':
				case 'last': {
					dispatch({type: 'move', by: (action.type === 'first' ? -1 : 1) * arrangedIds.length, taskIds: arrangedIds});
					break;
				}

				case 'redraw': {
					write(CLEAR_SCREEN);
					break;
				}

				case 'suspend': {
					void props.suspend?.().then(() => {
						write(CLEAR_SCREEN);
					});
					break;
				}

				case 'move': {
					dispatch({type: 'move', by: action.by, taskIds: arrangedIds});
					break;
				}

				case 'page': {
					dispatch({type: 'move', by: action.by * Math.max(1, pageHeight), taskIds: arrangedIds});
					break;
				}

				case 'open': {
					// The row under the cursor as the reducer has it: a move in the same burst counts.
					dispatch({type: 'open', taskIds: arrangedIds});
					opening.current = true;
					break;
				}

				case 'filter-type': {
					dispatch({type: 'filter-type', text: action.text});
					break;
				}

				case 'toggle-help':
				case 'close-help':
				case 'overview':
				case 'cycle-sort':
				case 'filter-start':
				case 'filter-erase':
				case 'filter-done':
				case 'filter-clear': {
					dispatch({type: action.type});
					break;
				}
			}
		},
		[exit, controls, store, windows, selected, viewed, stepIds, arrangedIds, pageHeight, write, props.suspend, setPicker, contexts, contextNames],
	);
	useKeys(
		onKey,
		{screen: ui.screen, isHelpOpen: ui.isHelpOpen, isFiltering: ui.isFiltering, hasContexts: contextNames.length > 1, isPickingContext: picker !== undefined},
		props.keyTimer,
	);
	useEffect(() => {
		if (opening.current && ui.screen === 'task' && viewed !== undefined) {
			opening.current = false;
			onOpenTask?.(viewed);
		}
	}, [ui.screen, viewed, onOpenTask]);

	const layout = useMemo(() => chooseLayout(size.columns, size.rows, tasks.length), [size.columns, size.rows, tasks.length]);
	const rowHeight = pageHeight;
	const first = pageStart(cursor, rowHeight);
	// As one string, so that the poller hears only of a change of what is on screen.
	const shown = (ui.screen === 'overview' ? arrangedIds.slice(first, first + Math.max(0, rowHeight)) : [viewed ?? '']).join('\n');
	useEffect(() => {
		controls.setVisible?.(shown === '' ? [] : shown.split('\n'));
	}, [controls, shown]);
	if (layout.kind === 'too-small' || (ui.screen === 'overview' && rowHeight < MIN_OVERVIEW_ROWS)) {
		const needRows = Math.max(layout.kind === 'too-small' ? layout.needRows : 0, chromeLines + MIN_OVERVIEW_ROWS + 1);
		return <TooSmall columns={size.columns} rows={size.rows} needColumns={MIN_COLUMNS} needRows={needRows} ellipsis={style.glyphs.ellipsis} />;
	}

	const {columns} = size;
	const skew = Math.abs(snapshot.serverOffset) >= SHOWN_SKEW ? describeSkew(snapshot.serverOffset) : undefined;
	if (picker !== undefined && contexts !== undefined) {
		return (
			<ContextList
				entries={contexts.contexts.map(context => ({context: rowContext(context), snapshot: context.store.getSnapshot()}))}
				picker={picker}
				shown={contexts.shown}
				style={style}
				columns={columns}
				lines={size.rows - 1}
			/>
		);
	}

	if (ui.screen === 'overview') {
		const page = arranged.slice(first, first + rowHeight);
		return (
			<Overview
				rows={page}
				cursor={cursor - first}
				height={rowHeight}
				matching={arranged.length}
				first={first}
				counts={counts}
				discovery={snapshot.discovery}
				sort={ui.sort}
				filter={ui.filter}
				isFiltering={ui.isFiltering}
				isHelpOpen={ui.isHelpOpen}
				isPaused={controls.paused}
				emptyText={props.emptyText}
				zone={formatZone(now())}
				windows={windows}
				failureThreshold={failureThreshold}
				label={label}
				credentials={props.credentials}
				isDemo={props.isDemo}
				window={snapshot.window}
				columns={columns}
				style={style}
				skew={skew}
				{...(footers === undefined ? {} : {footers})}
			/>
		);
	}

	// Numbered as the task screen steps: in the overview's order.
	const byId = new Map(tasks.map(each => [each.taskId, each]));
	const tabs: TaskTab[] = stepIds.map(taskId => {
		const each = byId.get(taskId);
		return {
			taskId,
			name: each?.info?.description,
			isFailing: failing.has(taskId),
			hasUnseenFailures: taskId !== task?.taskId && hasUnseenFailures(ui, taskId, each?.view),
		};
	});
	return (
		<TaskScreen
			taskId={task?.taskId}
			status={task?.status}
			name={task?.info?.description}
			details={details}
			model={model}
			layout={layout}
			tabs={tabs}
			selected={Math.max(0, stepIds.indexOf(task?.taskId ?? ''))}
			isHelpOpen={ui.isHelpOpen}
			windows={windows}
			isPaused={controls.paused}
			failureThreshold={failureThreshold}
			label={label}
			credentials={props.credentials}
			isDemo={props.isDemo}
			window={snapshot.window}
			columns={columns}
			style={style}
			now={now}
			skew={skew}
		/>
	);
}

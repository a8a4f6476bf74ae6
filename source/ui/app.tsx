import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {windowCycle} from '../config/config.js';
import type {ContextsView} from '../contexts/contexts-view.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';
import {DEFAULT_STALL_AFTER} from '../series/figures.js';
import type {StoreSnapshot, TaskSnapshot} from '../series/store.js';
import {systemClock} from '../polling/clock.js';
import {ContextList, type Picker} from './context-list.js';
import {useStoreSnapshot, useTerminalSize, type StoreSource, type Timers} from './hooks.js';
import {makeStyle, type Charset} from './kit/style.js';
import {TooSmall} from './kit/too-small.js';
import {useCommands, type PollControls} from './commands.js';
import {routeKey} from './keys/route.js';
import type {KeyAction} from './keys/table.js';
import {useKeys} from './keys/use-keys.js';
import {Overview} from './overview/view.js';
import {overviewRow, type OverviewRow, type SortKey} from './overview/rows.js';
import {screenModel, type ContextsInput} from './screen.js';
import {TaskScreen} from './task/view.js';
import {INITIAL_UI_STATE, reduceUi, selectedIndex, showsOnTaskScreen} from './ui-state.js';

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
	/** The wall clock, for the times on screen. */
	readonly now: () => EpochMs;
	/** The UI's timers: the status line's tick, the wait for a cut escape sequence, the pace of redraws. */
	readonly timers?: Timers;
	/** A fixed size instead of the terminal's (tests, or a terminal that reports none). */
	readonly columns?: number;
	readonly rows?: number;
	/** The screen it opens on: the overview of every task, or (the default) one task's screen. */
	readonly initialScreen?: 'overview' | 'task';
	/** A task's screen was opened from the overview (its details are worth fetching). */
	readonly onOpenTask?: (taskId: TaskId) => void;
	/** Store changes are drawn at most once in this time (default: each at once). */
	readonly updateEvery?: DurationMs;
	/** Ctrl-Z: gives the terminal back and stops the process; resolves when it runs again (fg). */
	readonly suspend?: () => Promise<void>;
	/** The contexts watched (the store and controls are the same object): `c` lists them. */
	readonly contexts?: ContextsView;
	/** The view remembered from the last run. */
	readonly initialView?: {readonly sort?: SortKey; readonly filter?: string; readonly selected?: TaskId};
	/** Told when the window, sort, filter or selected task changes (to remember it). */
	readonly onViewChange?: (view: {window: DurationMs; sort: SortKey; filter: string; selected: TaskId | undefined}) => void;
};

function contextsInput(contexts: ContextsView | undefined): ContextsInput | undefined {
	const rowContext = (context: {name: string; label: string; color: string | undefined}) => ({name: context.name, label: context.label, color: context.color});
	return contexts === undefined
		? undefined
		: {
				all: contexts.contexts.map(context => ({context: rowContext(context), snapshot: context.store.getSnapshot()})),
				shown: contexts.shown,
				ownerOf(taskId) {
					const owner = contexts.contextOf(taskId);
					return owner === undefined ? undefined : rowContext(owner);
				},
			};
}

/** The monitor: follows the store, turns keys into commands, and draws the screen its model picks. */
export function App(props: AppProps) {
	const {store, controls, failureThreshold, now, contexts, onViewChange, onOpenTask} = props;
	const timers = props.timers ?? systemClock;
	const [ui, dispatch] = useReducer(reduceUi, props.initialScreen ?? 'task', screen => ({...INITIAL_UI_STATE, ...props.initialView, screen}));
	// Keys that land together act before the next render: each must see the last one's list.
	const [picker, setPicker] = useState<Picker | undefined>(undefined);
	const pickerNow = useRef(picker);
	// The task screen takes only the changes it shows: each change costs Ink a whole frame.
	const isTaskScreen = ui.screen === 'task' && !ui.isHelpOpen;
	const matters = useCallback(
		(shown: StoreSnapshot, next: StoreSnapshot) => !isTaskScreen || showsOnTaskScreen(shown, next, next.tasks[selectedIndex(ui, next.tasks.map(each => each.taskId))]?.taskId, failureThreshold),
		[isTaskScreen, ui, failureThreshold],
	);
	const snapshot = useStoreSnapshot(store, {matters, showing: `${ui.screen} ${ui.isHelpOpen} ${ui.selected}`, every: props.updateEvery ?? 0, timers});
	const size = useTerminalSize({...(props.columns === undefined ? {} : {columns: props.columns}), ...(props.rows === undefined ? {} : {rows: props.rows})});
	const charset = props.isAscii ? 'ascii' : (props.charset ?? 'unicode');
	const style = useMemo(() => makeStyle({isColor: props.isColor, charset}), [props.isColor, charset]);
	// The window given at start stays in the cycle of `w`, whatever it is.
	const [windows] = useState(() => windowCycle(store.getSnapshot().window));
	// Rows are made again only for the tasks whose snapshot changed.
	const stallAfter = props.stallAfter ?? DEFAULT_STALL_AFTER;
	const rowOf = useMemo(() => {
		const rows = new WeakMap<TaskSnapshot, OverviewRow>();
		return (task: TaskSnapshot): OverviewRow => {
			const row = rows.get(task) ?? overviewRow(task, failureThreshold, now(), stallAfter);
			rows.set(task, row);
			return row;
		};
	}, [failureThreshold, now, stallAfter]);
	const options = useMemo(
		() => ({failureThreshold, label: props.label, credentials: props.credentials, isDemo: props.isDemo, emptyText: props.emptyText, style}),
		[failureThreshold, props.label, props.credentials, props.isDemo, props.emptyText, style],
	);
	const {nav, screen} = useMemo(
		() => screenModel({snapshot, ui, picker, isPaused: controls.paused, columns: size.columns, rows: size.rows, now: now(), options, contexts: contextsInput(contexts), rowOf}),
		// `contexts.shown` changes inside the same object; the snapshot changes with it.
		[snapshot, ui, picker, controls.paused, size, now, options, contexts, rowOf],
	);

	useEffect(() => {
		dispatch({type: 'observe', tasks: snapshot.tasks, viewed: nav.viewed, now: now()});
	}, [snapshot.tasks, nav.viewed, now]);
	useEffect(() => {
		onViewChange?.({window: snapshot.window, sort: ui.sort, filter: ui.filter, selected: ui.selected});
	}, [onViewChange, snapshot.window, ui.sort, ui.filter, ui.selected]);
	// As one string, so that the poller hears only of a change of what is on screen.
	const visible = nav.visible.join('\n');
	useEffect(() => {
		controls.setVisible?.(visible === '' ? [] : visible.split('\n'));
	}, [controls, visible]);
	/** A task's screen was asked for: its details are fetched once it shows. */
	const opening = useRef(false);
	useEffect(() => {
		if (opening.current && ui.screen === 'task' && nav.viewed !== undefined) {
			opening.current = false;
			onOpenTask?.(nav.viewed);
		}
	}, [ui.screen, nav.viewed, onOpenTask]);

	const pick = useCallback((next: Picker | undefined) => {
		pickerNow.current = next;
		setPicker(next);
	}, []);
	const onOpening = useCallback(() => {
		opening.current = true;
	}, []);
	const run = useCommands({dispatch, setPicker: pick, contexts, controls, suspend: props.suspend, onOpening});
	const onKey = useCallback(
		(action: KeyAction): void => {
			const context = {...nav, picker: pickerNow.current, selected: ui.selected, window: store.getSnapshot().window, windows};
			for (const command of routeKey(action, context)) {
				run(command);
			}
		},
		[nav, ui.selected, store, windows, run],
	);
	const mode = {screen: ui.screen, isHelpOpen: ui.isHelpOpen, isFiltering: ui.isFiltering, hasContexts: nav.contextNames.length > 1, isPickingContext: picker !== undefined};
	useKeys(onKey, mode, timers);

	switch (screen.kind) {
		case 'too-small': {
			return <TooSmall {...screen} ellipsis={style.glyphs.ellipsis} />;
		}

		case 'contexts': {
			return <ContextList {...screen} style={style} />;
		}

		case 'overview': {
			return <Overview model={screen} style={style} windows={windows} failureThreshold={failureThreshold} />;
		}

		case 'task': {
			return <TaskScreen model={screen} style={style} now={now} timers={timers} windows={windows} failureThreshold={failureThreshold} />;
		}
	}
}

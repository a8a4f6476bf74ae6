import {useCallback, useMemo, useState} from 'react';
import {windowCycle} from '../config/config.js';
import type {ContextsView} from '../contexts/contexts-view.js';
import type {DurationMs, EpochMs} from '../domain/units.js';
import {DEFAULT_STALL_AFTER} from '../series/figures.js';
import type {StoreSnapshot, TaskSnapshot} from '../series/store.js';
import type {PollControls} from './commands.js';
import type {Picker} from './context-list.js';
import {useStoreSnapshot, useTerminalSize, type StoreSource, type Timers} from './hooks.js';
import {makeStyle, type Charset} from './kit/style.js';
import {overviewRow, type OverviewRow} from './overview/rows.js';
import {screenModel, type ContextsInput} from './screen.js';
import {selectedIndex, showsOnTaskScreen, type UiState} from './ui-state.js';

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

/** What the screens are drawn from: the store, polling's state, the terminal and the options. */
export type ScreenProps = {
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
	/** A fixed size instead of the terminal's (tests, or a terminal that reports none). */
	readonly columns?: number;
	readonly rows?: number;
	/** Store changes are drawn at most once in this time (default: each at once). */
	readonly updateEvery?: DurationMs;
	/** The contexts watched (the store and controls are the same object): `c` lists them. */
	readonly contexts?: ContextsView;
};

/**
 * The store's snapshot as the screen shown takes it, and the model of that screen, made
 * again only when the snapshot, the UI state or the terminal's size changes.
 */
export function useScreenModel(props: ScreenProps, ui: UiState, picker: Picker | undefined, timers: Timers) {
	const {store, controls, failureThreshold, now, contexts} = props;
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

	return {snapshot, nav, screen, style, windows};
}

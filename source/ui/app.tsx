import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {DurationMs, TaskId} from '../domain/units.js';
import {systemClock} from '../polling/clock.js';
import {useCommands} from './commands.js';
import {ContextList, type Picker} from './context-list.js';
import type {Timers} from './hooks.js';
import {TooSmall} from './kit/too-small.js';
import {routeKey} from './keys/route.js';
import type {KeyAction} from './keys/table.js';
import {useKeys} from './keys/use-keys.js';
import type {SortKey} from './overview/rows.js';
import {Overview} from './overview/view.js';
import {TaskScreen} from './task/view.js';
import {INITIAL_UI_STATE, reduceUi} from './ui-state.js';
import {useScreenModel, type ScreenProps} from './use-screen-model.js';

export type AppProps = ScreenProps & {
	/** The UI's timers: the status line's tick, the wait for a cut escape sequence, the pace of redraws. */
	readonly timers?: Timers;
	/** The screen it opens on: the overview of every task, or (the default) one task's screen. */
	readonly initialScreen?: 'overview' | 'task';
	/** A task's screen was opened from the overview (its details are worth fetching). */
	readonly onOpenTask?: (taskId: TaskId) => void;
	/** Ctrl-Z: gives the terminal back and stops the process; resolves when it runs again (fg). */
	readonly suspend?: () => Promise<void>;
	/** The view remembered from the last run. */
	readonly initialView?: {readonly sort?: SortKey; readonly filter?: string; readonly selected?: TaskId};
	/** Told when the window, sort, filter or selected task changes (to remember it). */
	readonly onViewChange?: (view: {window: DurationMs; sort: SortKey; filter: string; selected: TaskId | undefined}) => void;
};

/** The monitor: follows the store, turns keys into commands, and draws the screen its model picks. */
export function App(props: AppProps) {
	const {store, controls, failureThreshold, now, contexts, onViewChange, onOpenTask} = props;
	const timers = props.timers ?? systemClock;
	const [ui, dispatch] = useReducer(reduceUi, props.initialScreen ?? 'task', screen => ({...INITIAL_UI_STATE, ...props.initialView, screen}));
	// Keys that land together act before the next render: each must see the last one's list.
	const [picker, setPicker] = useState<Picker | undefined>(undefined);
	const pickerNow = useRef(picker);
	const {snapshot, nav, screen, style, windows} = useScreenModel(props, ui, picker, timers);

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

import {useApp, useStdout} from 'ink';
import {useCallback, type Dispatch} from 'react';
import type {ContextsView} from '../contexts/contexts-view.js';
import type {DurationMs, TaskId} from '../domain/units.js';
import type {Picker} from './context-list.js';
import type {Command} from './keys/route.js';
import type {UiAction} from './ui-state.js';

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

/** Clears the screen and puts the cursor home: Ctrl-L then draws the whole frame from the top. */
const CLEAR_SCREEN = '\u001B[2J\u001B[H';

export type CommandTargets = {
	readonly dispatch: Dispatch<UiAction>;
	readonly setPicker: (picker: Picker | undefined) => void;
	readonly contexts: ContextsView | undefined;
	readonly controls: PollControls;
	/** Ctrl-Z: gives the terminal back and stops the process; resolves when it runs again (fg). */
	readonly suspend: (() => Promise<void>) | undefined;
	/** A task's screen was asked for. */
	readonly onOpening: () => void;
};

/** Carries out what routeKey decided: on the UI state, on polling, or on the terminal. */
export function useCommands({dispatch, setPicker, contexts, controls, suspend, onOpening}: CommandTargets): (command: Command) => void {
	const {exit} = useApp();
	const {write} = useStdout();
	return useCallback(
		(command: Command): void => {
			switch (command.type) {
				case 'ui': {
					dispatch(command.action);
					break;
				}

				case 'picker': {
					setPicker(command.picker);
					break;
				}

				case 'show-contexts': {
					contexts?.show(command.names);
					break;
				}

				case 'set-window': {
					controls.setWindow(command.window);
					break;
				}

				case 'toggle-pause': {
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

				case 'quit': {
					exit();
					break;
				}

				case 'redraw': {
					write(CLEAR_SCREEN);
					break;
				}

				case 'suspend': {
					void suspend?.().then(() => {
						write(CLEAR_SCREEN);
					});
					break;
				}

				case 'opening': {
					onOpening();
					break;
				}
			}
		},
		[dispatch, setPicker, contexts, controls, exit, write, suspend, onOpening],
	);
}

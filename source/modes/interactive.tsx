import {render, type RenderOptions} from 'ink';
import type {ReactElement} from 'react';
import type {Config} from '../config/config.js';
import {SECOND, type DurationMs, type EpochMs, type TaskId} from '../domain/units.js';
import type {ContextsView} from '../contexts/contexts-view.js';
import {App, type AppProps} from '../ui/app.js';
import type {PollControls} from '../ui/commands.js';
import type {StoreSource} from '../ui/hooks.js';
import {frameStream} from '../terminal/frame-stream.js';
import {ringOnTrouble} from './bell.js';
import type {StopSignal, StopSource} from './stop-signals.js';
import {SHOW_CURSOR, suspend} from '../terminal/suspend.js';

/** What the monitor's App is made from. */
export type MonitorOptions = {
	readonly store: StoreSource;
	/** Started by the caller before, stopped by the caller after. */
	readonly poller: PollControls;
	/** Several contexts: the same object as store and poller. */
	readonly contexts?: ContextsView;
	readonly initialView?: AppProps['initialView'];
	readonly onViewChange?: AppProps['onViewChange'];
	readonly config: Pick<Config, 'failureThreshold' | 'stallAfter' | 'color' | 'ascii' | 'bell' | 'terminal'>;
	/** Region or endpoint host, or 'DEMO'. */
	readonly label: string;
	/** What the overview says when the listing is empty. */
	readonly emptyText?: string;
	/** Where the credentials came from, for the header. */
	readonly credentials?: string;
	readonly demo: boolean;
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
	readonly stderr: NodeJS.WriteStream;
	readonly now: () => EpochMs;
	/** The screen to open on; one task's screen when not given. */
	readonly initialScreen?: 'overview' | 'task';
	/** A task's screen was opened (its details are worth fetching). */
	readonly onOpenTask?: (taskId: TaskId) => void;
};

export type InteractiveOptions = MonitorOptions & {
	/** What ends the monitor from outside (the process's signals in omstop). */
	readonly onStop: StopSource;
};

const BELL = '\u0007';
/** Frames per second at most: a poll every few seconds and a clock every second need no more. */
export const MAX_FPS = 10;
/**
 * Polls that land within a second are drawn as one frame: polls are spread over the
 * interval, and on the overview each would otherwise cost a frame (about 6 ms of Ink's
 * time at 120×40). Keys are drawn at once.
 */
const UPDATE_EVERY: DurationMs = SECOND;

/** What the monitor draws with: the element and Ink's options, as omstop renders them. */
export type MonitorRender = {readonly element: ReactElement; readonly options: RenderOptions};

/** The bench's own pace instead of omstop's: every frame drawn (a higher maxFps, no update batching), and Ink's timing of each. */
export type RenderTuning = {
	readonly maxFps?: number;
	readonly updateEvery?: DurationMs;
	readonly onRender?: RenderOptions['onRender'];
};

/** The one place where the monitor's App and Ink's options are put together: omstop and the bench render this. */
export function monitorRender(options: MonitorOptions, tuning: RenderTuning = {}): MonitorRender {
	const {config, stdout, stdin, stderr, poller} = options;
	const element = (
		<App
			store={options.store}
			controls={poller}
			label={options.label}
			{...(options.credentials === undefined ? {} : {credentials: options.credentials})}
			isDemo={options.demo}
			failureThreshold={config.failureThreshold}
			stallAfter={config.stallAfter}
			{...(options.emptyText === undefined ? {} : {emptyText: options.emptyText})}
			isColor={config.color}
			isAscii={config.ascii}
			charset={config.terminal.charset}
			suspend={async () => suspend(stdout, stdin)}
			now={options.now}
			updateEvery={tuning.updateEvery ?? UPDATE_EVERY}
			{...(options.initialScreen === undefined ? {} : {initialScreen: options.initialScreen})}
			{...(options.onOpenTask === undefined ? {} : {onOpenTask: options.onOpenTask})}
			{...(options.contexts === undefined ? {} : {contexts: options.contexts})}
			{...(options.initialView === undefined ? {} : {initialView: options.initialView})}
			{...(options.onViewChange === undefined ? {} : {onViewChange: options.onViewChange})}
		/>
	);
	return {
		element,
		options: {
			stdout: frameStream(stdout),
			stdin,
			stderr,
			exitOnCtrlC: false,
			patchConsole: false,
			incrementalRendering: true,
			maxFps: tuning.maxFps ?? MAX_FPS,
			...(tuning.onRender === undefined ? {} : {onRender: tuning.onRender}),
		},
	};
}

/**
 * The monitor on a terminal. Resolves when the operator quits (q, Ctrl-C) or a
 * signal asks it to stop, with the terminal as it was: cursor shown, raw mode off.
 * Resolves with the signal, if one ended it.
 */
export async function runInteractive(options: InteractiveOptions): Promise<StopSignal | undefined> {
	const {stdout, stdin} = options;
	const {config, now} = options;
	const {element, options: renderOptions} = monitorRender(options);
	// The bell hears every change of the store, whatever the screen shows.
	const stopBell = config.bell
		? ringOnTrouble(options.store, {failureThreshold: config.failureThreshold, stallAfter: config.stallAfter, now, ring: () => stdout.write(BELL)})
		: undefined;
	const instance = render(element, renderOptions);
	let stoppedBy: StopSignal | undefined;
	const stop = (signal: StopSignal): void => {
		stoppedBy ??= signal;
		instance.unmount();
	};

	const forgetSignals = options.onStop(stop);
	// A terminal's input ends only when it hangs up (in raw mode Ctrl-D is a key); under
	// `trap '' HUP` or nohup that is the only sign the session dropped.
	const hungUp = (): void => {
		stop('SIGHUP');
	};

	stdin.once('end', hungUp);
	try {
		await instance.waitUntilExit();
		return stoppedBy;
	} finally {
		forgetSignals();
		stopBell?.();
		stdin.off('end', hungUp);
		instance.cleanup();
		restoreTerminal(stdout, stdin);
	}
}

/** Ink does this on unmount; again here in case it could not (a hung-up terminal throws on write). */
function restoreTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): void {
	try {
		if (stdin.isTTY && stdin.isRaw) {
			stdin.setRawMode(false);
		}

		if (stdout.isTTY) {
			stdout.write(SHOW_CURSOR);
		}
	} catch {
		// The terminal is gone: there is nothing left to restore.
	}
}

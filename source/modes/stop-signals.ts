import {constants} from 'node:os';

/** The signals that end the monitor: Ctrl-C from outside raw mode, kill, and SIGHUP when the SSH session drops. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's convention for a process ended by a signal, kept when omstop ends cleanly on one: 128 + its number. */
export function exitCodeFor(signal: StopSignal): number {
	return 128 + constants.signals[signal];
}

/**
 * Where the stop comes from: calls `stop` once, on the first stop; returns a function that
 * stops listening. The process's signals in omstop; a test's own trigger in a test.
 */
export type StopSource = (stop: (signal: StopSignal) => void) => () => void;

/** Resolves with the first stop of `source`. */
export async function untilStop(source: StopSource): Promise<StopSignal> {
	return new Promise(resolve => {
		source(resolve);
	});
}

/** The process's stop signals as a stop source. */
export const onStopSignal: StopSource = stop => {
	const listeners = STOP_SIGNALS.map(signal => {
		const listener = (): void => {
			forget();
			stop(signal);
		};

		process.on(signal, listener);
		return [signal, listener] as const;
	});
	const forget = (): void => {
		for (const [signal, listener] of listeners) {
			process.off(signal, listener);
		}
	};

	return forget;
};

import {constants} from 'node:os';

/** The signals that end the monitor: Ctrl-C from outside raw mode, kill, and SIGHUP when the SSH session drops. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's convention for a process ended by a signal, kept when omstop ends cleanly on one: 128 + its number. */
export function exitCodeFor(signal: StopSignal): number {
	return 128 + constants.signals[signal];
}

/** Calls `stop` on the first stop signal; returns a function that forgets the listeners. */
export function onStopSignal(stop: (signal: StopSignal) => void): () => void {
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
}

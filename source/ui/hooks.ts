import {useStdout} from 'ink';
import {useCallback, useEffect, useRef, useState, useSyncExternalStore} from 'react';
import type {DurationMs, EpochMs} from '../domain/units.js';
import type {Clock, TimerHandle} from '../polling/clock.js';
import type {StoreSnapshot} from '../series/store.js';

/** The UI's timers: on a monotonic clock, injected so that tests step them. */
export type Timers = Pick<Clock, 'monotonic' | 'setTimer' | 'clearTimer'>;

/** What the UI needs of the series store: a subscription and an immutable snapshot. */
export type StoreSource = {
	readonly subscribe: (listener: () => void) => () => void;
	readonly getSnapshot: () => StoreSnapshot;
};

/**
 * Mirrors the store into React, passing on only the changes that `matters` says show on
 * the screen, and at most one per `every` milliseconds (the last one, once that time is
 * up): each change React takes costs Ink a whole frame, drawn or not, and polls that land
 * a moment apart need not be drawn apart. When `showing` (what the screen shows) changes,
 * the newest snapshot is taken whatever `matters` says.
 */
export function useStoreSnapshot(
	store: StoreSource,
	options: {matters?: (shown: StoreSnapshot, next: StoreSnapshot) => boolean; showing?: unknown; every?: DurationMs; timers: Timers},
): StoreSnapshot {
	const {showing, every = 0, timers} = options;
	const shown = useRef(store.getSnapshot());
	const lastShowing = useRef(showing);
	const matters = useRef(options.matters);
	matters.current = options.matters;
	if (lastShowing.current !== showing) {
		lastShowing.current = showing;
		shown.current = store.getSnapshot();
	}

	const subscribe = useCallback(
		(listener: () => void) => {
			let timer: TimerHandle | undefined;
			let deliveredAt = Number.NEGATIVE_INFINITY;
			const deliver = (): void => {
				timer = undefined;
				const next = store.getSnapshot();
				if (next !== shown.current && (matters.current?.(shown.current, next) ?? true)) {
					shown.current = next;
					deliveredAt = timers.monotonic();
					listener();
				}
			};

			const unsubscribe = store.subscribe(() => {
				const wait = deliveredAt + every - timers.monotonic();
				if (wait <= 0) {
					deliver();
				} else {
					timer ??= timers.setTimer(deliver, wait);
				}
			});
			return () => {
				if (timer !== undefined) {
					timers.clearTimer(timer);
				}

				unsubscribe();
			};
		},
		[store, every, timers],
	);
	const read = useCallback(() => shown.current, []);
	return useSyncExternalStore(subscribe, read, read);
}

/**
 * The time, once a second: the one timer of the UI, for the age and countdown labels.
 * Read again when `changed` changes (new data), so that a label is never older than what
 * it labels. A clock that has not moved (a test's) gives the same value, and React draws
 * nothing.
 */
export function useNow(now: () => EpochMs, timers: Timers, changed?: unknown, period: DurationMs = 1000): EpochMs {
	const [time, setTime] = useState(now);
	useEffect(() => {
		setTime(now());
	}, [now, changed]);
	useEffect(() => {
		let timer: TimerHandle;
		const tick = (): void => {
			setTime(now());
			timer = timers.setTimer(tick, period);
		};

		timer = timers.setTimer(tick, period);
		return () => {
			timers.clearTimer(timer);
		};
	}, [now, timers, period]);
	return time;
}

export type TerminalSize = {readonly columns: number; readonly rows: number};

/** The terminal's size, following resizes; fixed sizes (tests) win over the stream's. */
export function useTerminalSize(fixed: Partial<TerminalSize> = {}): TerminalSize {
	const {stdout} = useStdout();
	const read = useCallback(
		(): TerminalSize => ({columns: fixed.columns ?? (stdout.columns || 80), rows: fixed.rows ?? (stdout.rows || 24)}),
		[stdout, fixed.columns, fixed.rows],
	);
	const [size, setSize] = useState(read);
	useEffect(() => {
		const update = (): void => {
			setSize(previous => {
				const next = read();
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};

		update();
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout, read]);
	return size;
}

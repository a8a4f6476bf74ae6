import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {systemClock} from '../../polling/clock.js';
import {keyAction, modeAfter, type KeyMode} from './keymap.js';
import {keyName} from './names.js';
import type {KeyAction} from './table.js';
import {keyReader, type KeyTimer} from './tokenize.js';

/**
 * The only reader of keys. It listens to what Ink read from stdin rather than to
 * `useInput`, which hands a burst of keys over as one string (and `kk` is no key) and takes
 * an ESC as Esc at once, before the rest of a cut sequence can arrive. Keys are read only
 * when stdin is a terminal: Ink cannot put anything else in raw mode.
 */
export function useKeys(onAction: (action: KeyAction) => void, mode: KeyMode, timer: KeyTimer = systemClock): void {
	const {isRawModeSupported, setRawMode, internal_eventEmitter: events} = useStdin();
	// Read at each read, not when the reader was made; within a burst, each key is taken in
	// the mode the one before left (`/` and then a paste: the paste is the filter's text).
	const latest = useRef({onAction, mode});
	latest.current = {onAction, mode};
	useEffect(() => {
		if (!isRawModeSupported) {
			return undefined;
		}

		setRawMode(true);
		const reader = keyReader(tokens => {
			let {mode} = latest.current;
			for (const token of tokens) {
				const key = keyName(token);
				const action = key === undefined ? undefined : keyAction(key, mode);
				if (action !== undefined) {
					mode = modeAfter(mode, action);
					latest.current.onAction(action);
				}
			}
		}, timer);
		const onInput = (text: string): void => {
			reader.push(text);
		};

		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
			reader.close();
			setRawMode(false);
		};
	}, [isRawModeSupported, setRawMode, events, timer]);
}

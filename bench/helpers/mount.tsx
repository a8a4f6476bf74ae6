import {render, type Instance} from 'ink';
import {readConfig} from '../../source/config/config.js';
import type {EpochMs} from '../../source/domain/units.js';
import {monitorRender} from '../../source/modes/interactive.js';
import type {StoreSource} from '../../source/ui/hooks.js';
import type {PollControls} from '../../source/ui/commands.js';
import {FakeStdin} from '../../test/helpers/ui-terminal.js';
import {CountingStdout} from './fake-tty.js';

export {MAX_FPS} from '../../source/modes/interactive.js';

const NO_CONTROLS: PollControls = {paused: false, pause() {}, resume() {}, refresh() {}, setWindow() {}};
/** omstop's defaults, on a UTF-8 xterm with colour. */
const CONFIG = readConfig([], {TERM: 'xterm-256color', LANG: 'C.UTF-8'});

export type Screen = 'task' | 'overview';

/** The App in-process on a 120×40 terminal that counts what it is sent, drawn as omstop draws it (monitorRender: incremental, through frameStream). */
export function mount(
	store: StoreSource,
	screen: Screen,
	options: {maxFps: number; now: () => EpochMs; controls?: PollControls; updateEvery?: number},
	onRender: (inkTime: number) => void = () => {},
): {stdout: CountingStdout; instance: Instance} {
	const stdout = new CountingStdout(120, 40);
	const {element, options: renderOptions} = monitorRender(
		{
			store,
			poller: options.controls ?? NO_CONTROLS,
			config: CONFIG,
			label: 'bench',
			demo: false,
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: new FakeStdin(true) as unknown as NodeJS.ReadStream,
			stderr: stdout as unknown as NodeJS.WriteStream,
			now: options.now,
			initialScreen: screen,
		},
		{
			maxFps: options.maxFps,
			// Every store change drawn (not omstop's one a second), as the bench has always measured.
			updateEvery: options.updateEvery ?? 0,
			onRender({renderTime}) {
				onRender(renderTime);
			},
		},
	);
	return {stdout, instance: render(element, renderOptions)};
}

export async function unmount(instance: Instance): Promise<void> {
	const exited = instance.waitUntilExit();
	instance.unmount();
	await exited;
}

import {render, type Instance} from 'ink';
import type {EpochMs} from '../../source/domain/units.js';
import type {StoreSource} from '../../source/ui/hooks.js';
import {App} from '../../source/ui/app.js';
import type {PollControls} from '../../source/ui/commands.js';
import {frameStream} from '../../source/ui/frame-stream.js';
import {FakeStdin} from '../../test/helpers/ui-terminal.js';
import {CountingStdout} from './fake-tty.js';

/** As omstop's interactive mode. */
export const MAX_FPS = 10;

const NO_CONTROLS: PollControls = {paused: false, pause() {}, resume() {}, refresh() {}, setWindow() {}};

export type Screen = 'task' | 'overview';

/** The App in-process on a 120×40 terminal that counts what it is sent, drawn as omstop draws it (incremental, through frameStream). */
export function mount(
	store: StoreSource,
	screen: Screen,
	options: {maxFps: number; now: () => EpochMs; controls?: PollControls; updateEvery?: number},
	onRender: (inkTime: number) => void = () => {},
): {stdout: CountingStdout; instance: Instance} {
	const stdout = new CountingStdout(120, 40);
	const instance = render(
		<App store={store} controls={options.controls ?? NO_CONTROLS} label="bench" isDemo={false} failureThreshold={0.01} isColor isAscii={false} now={options.now} initialScreen={screen} updateEvery={options.updateEvery ?? 0} />,
		{
			stdout: frameStream(stdout as unknown as NodeJS.WriteStream),
			stdin: new FakeStdin(true) as unknown as NodeJS.ReadStream,
			stderr: stdout as unknown as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
			incrementalRendering: true,
			maxFps: options.maxFps,
			onRender({renderTime}) {
				onRender(renderTime);
			},
		},
	);
	return {stdout, instance};
}

export async function unmount(instance: Instance): Promise<void> {
	const exited = instance.waitUntilExit();
	instance.unmount();
	await exited;
}

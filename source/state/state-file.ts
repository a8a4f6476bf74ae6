import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {Environment} from '../config/config.js';
import type {DurationMs, EpochMs, TaskId} from '../domain/units.js';

/**
 * What the monitor remembers of a view between runs, per context (or per set of contexts
 * watched together): the window, the sort, the filter and the selected task. Kept in
 * $XDG_STATE_HOME/omstop/state.json; a file that cannot be read is set aside, never fatal.
 */
export type ViewState = {
	readonly window?: DurationMs;
	readonly sort?: string;
	readonly filter?: string;
	readonly selected?: TaskId;
};

const VERSION = 1;
/** Changes within this time are written as one: `j` held down is not a write per row. */
export const SAVE_DELAY: DurationMs = 1000;

/** $XDG_STATE_HOME/omstop/state.json, else ~/.local/state/omstop/state.json. */
export function defaultStatePath(env: Environment, homeDirectory: string): string {
	const base = env['XDG_STATE_HOME']?.trim() || join(homeDirectory, '.local', 'state');
	return join(base, 'omstop', 'state.json');
}

/** The key of a view: the context's name, or the names of the contexts shown together. */
export function viewKey(contexts: readonly string[]): string {
	return [...contexts].sort().join('+');
}

function errorCode(error: unknown): string {
	return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
}

/** One view's fields that have the right type; anything else in the file is left out. */
function viewOf(raw: unknown): ViewState {
	if (typeof raw !== 'object' || raw === null) {
		return {};
	}

	const {window, sort, filter, selected} = raw as Record<string, unknown>;
	return {
		...(typeof window === 'number' && Number.isSafeInteger(window) && window > 0 ? {window} : {}),
		...(typeof sort === 'string' ? {sort: sort.slice(0, 40)} : {}),
		...(typeof filter === 'string' ? {filter: filter.slice(0, 60)} : {}),
		...(typeof selected === 'string' ? {selected: selected.slice(0, 128)} : {}),
	};
}

/** 2026-11-30T18:17:00.000Z → 20261130T181700Z: a name part with no colon. */
function stamp(time: EpochMs): string {
	return new Date(time).toISOString().replaceAll(/[-:]/g, '').replace(/\.\d+/, '');
}

export type StateOptions = {
	readonly path: string;
	readonly now: () => EpochMs;
	/** Told one line when the file is set aside or cannot be written. */
	readonly warn: (line: string) => void;
	readonly delay?: DurationMs;
};

/**
 * The state file: read once at start, written (debounced) when a view changes, atomically
 * (a temporary file renamed over it), so that a crash or a second omstop never leaves half
 * a file. Failures are warned about once and otherwise ignored: the monitor runs without.
 */
export class StateFile {
	readonly #options: StateOptions;
	#views = new Map<string, ViewState>();
	#timer: NodeJS.Timeout | undefined;
	#writing: Promise<void> = Promise.resolve();
	#warnedOfWrite = false;

	private constructor(options: StateOptions) {
		this.#options = options;
	}

	static async open(options: StateOptions): Promise<StateFile> {
		const state = new StateFile(options);
		await state.#load();
		return state;
	}

	view(key: string): ViewState {
		return this.#views.get(key) ?? {};
	}

	/** Remembers a view; written after SAVE_DELAY, with whatever else changed by then. */
	update(key: string, view: ViewState): void {
		const before = this.#views.get(key);
		if (before !== undefined && JSON.stringify(viewOf(before)) === JSON.stringify(viewOf(view))) {
			return;
		}

		this.#views.set(key, viewOf(view));
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#save();
		}, this.#options.delay ?? SAVE_DELAY);
		this.#timer.unref();
	}

	/** Writes what is waiting now (at exit), and resolves when every write is done. */
	async flush(): Promise<void> {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
			await this.#save();
		}

		await this.#writing;
	}

	async #load(): Promise<void> {
		const {path} = this.#options;
		let text: string;
		try {
			text = await readFile(path, 'utf8');
		} catch (error) {
			// No file there (or no directory): nothing to set aside; a write will say if the place is unusable.
			if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') {
				await this.#setAside(`cannot be read (${errorCode(error)})`);
			}

			return;
		}

		let document: unknown;
		try {
			document = JSON.parse(text);
		} catch {
			document = undefined;
		}

		const views = (document as {contexts?: unknown} | undefined)?.contexts;
		if (typeof views !== 'object' || views === null || Array.isArray(views)) {
			await this.#setAside('is not a state file omstop wrote');
			return;
		}

		this.#views = new Map(Object.entries(views).map(([key, view]) => [key, viewOf(view)]));
	}

	async #setAside(why: string): Promise<void> {
		const {path} = this.#options;
		const aside = `${path}.corrupt-${stamp(this.#options.now())}`;
		try {
			await rename(path, aside);
			this.#options.warn(`the state file ${path} ${why}; set aside as ${aside}, starting afresh`);
		} catch (error) {
			this.#options.warn(`the state file ${path} ${why}, and could not be set aside (${errorCode(error)}); starting afresh without it`);
		}
	}

	async #save(): Promise<void> {
		const document = {version: VERSION, contexts: Object.fromEntries(this.#views)};
		const {path} = this.#options;
		// One write after another: a later one must not be overtaken by an earlier one.
		this.#writing = this.#writing.then(async () => {
			const temporary = `${path}.${process.pid}.tmp`;
			try {
				await mkdir(dirname(path), {recursive: true, mode: 0o700});
				await writeFile(temporary, `${JSON.stringify(document, undefined, '\t')}\n`, {mode: 0o600});
				await rename(temporary, path);
			} catch (error) {
				if (!this.#warnedOfWrite) {
					this.#warnedOfWrite = true;
					this.#options.warn(`the state file ${path} cannot be written (${errorCode(error)}); the view will not be remembered (--no-state turns this off)`);
				}
			}
		});
		await this.#writing;
	}
}

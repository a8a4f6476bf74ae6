import type {ContextColor} from '../config/config-file.js';
import type {DurationMs, TaskId} from '../domain/units.js';
import type {SeriesStore, StoreSnapshot, TaskSnapshot} from '../series/store.js';

/** What the keys may ask of one context's polling; the Poller has all of it. */
export type ContextControls = {
	readonly paused: boolean;
	pause(): void;
	resume(): void;
	refresh(): void;
	setWindow(window: DurationMs): void;
};

/** One watched context: its store and the poller that fills it. */
export type WatchedContext = {
	readonly name: string;
	readonly label: string;
	readonly color: ContextColor | undefined;
	readonly store: SeriesStore;
	readonly controls: ContextControls;
};

/** One context's part of what is shown, for its footer. */
export type ContextPart = {readonly context: WatchedContext; readonly snapshot: StoreSnapshot};

/**
 * The contexts shown together, as one store for the monitor (the overview and task screens
 * read one snapshot) and one set of poll controls. Every context keeps polling when it is not
 * shown, so that switching shows its figures at once. A task id already shown from an
 * earlier context is not shown again from a later one (ids are unique in the provider's
 * cloud; two contexts over one project would show each task twice).
 */
export class ContextsView {
	readonly contexts: readonly WatchedContext[];
	#shown: readonly WatchedContext[];
	#generation = 0;
	#versions = 0;
	readonly #listeners = new Set<() => void>();
	#cache: {key: string; snapshot: StoreSnapshot; owners: ReadonlyMap<TaskId, WatchedContext>} | undefined;

	constructor(contexts: readonly WatchedContext[], shown?: readonly string[]) {
		if (contexts.length === 0) {
			throw new Error('ContextsView needs a context');
		}

		this.contexts = contexts;
		this.#shown = contexts;
		if (shown !== undefined) {
			this.show(shown);
		}
	}

	/** The names shown, in the contexts' order. */
	get shown(): readonly string[] {
		return this.#shown.map(context => context.name);
	}

	/** Shows these contexts (names not watched are ignored; none at all shows every one). */
	show(names: readonly string[]): void {
		const next = this.contexts.filter(context => names.includes(context.name));
		const shown = next.length === 0 ? this.contexts : next;
		if (shown.length === this.#shown.length && shown.every((context, index) => context === this.#shown[index])) {
			return;
		}

		this.#shown = shown;
		this.#generation++;
		for (const listener of this.#listeners) {
			listener();
		}
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		const unsubscribes = this.contexts.map(context => context.store.subscribe(listener));
		return () => {
			this.#listeners.delete(listener);
			for (const unsubscribe of unsubscribes) {
				unsubscribe();
			}
		};
	};

	getSnapshot = (): StoreSnapshot => this.#merged().snapshot;

	/** The context a shown task comes from. */
	contextOf(taskId: TaskId): WatchedContext | undefined {
		return this.#merged().owners.get(taskId);
	}

	/** Each shown context with its own snapshot, for the per-context footers. */
	parts(): ContextPart[] {
		return this.#shown.map(context => ({context, snapshot: context.store.getSnapshot()}));
	}

	get paused(): boolean {
		return this.contexts.every(context => context.controls.paused);
	}

	pause(): void {
		for (const context of this.contexts) {
			context.controls.pause();
		}
	}

	resume(): void {
		for (const context of this.contexts) {
			context.controls.resume();
		}
	}

	refresh(): void {
		for (const context of this.#shown) {
			context.controls.refresh();
		}
	}

	/** Every context, shown or not: a switch then keeps the window. */
	setWindow(window: DurationMs): void {
		for (const context of this.contexts) {
			context.controls.setWindow(window);
		}
	}

	#merged(): {snapshot: StoreSnapshot; owners: ReadonlyMap<TaskId, WatchedContext>} {
		const snapshots = this.#shown.map(context => context.store.getSnapshot());
		const key = `${this.#generation}:${snapshots.map(snapshot => snapshot.version).join(',')}`;
		if (this.#cache?.key === key) {
			return this.#cache;
		}

		if (snapshots.length === 1) {
			const [snapshot] = snapshots as [StoreSnapshot];
			const owners = new Map(snapshot.tasks.map(task => [task.taskId, this.#shown[0]!]));
			this.#cache = {key, snapshot: {...snapshot, version: this.#version()}, owners};
			return this.#cache;
		}

		const owners = new Map<TaskId, WatchedContext>();
		const tasks: TaskSnapshot[] = [];
		for (const [index, snapshot] of snapshots.entries()) {
			for (const task of snapshot.tasks) {
				if (!owners.has(task.taskId)) {
					owners.set(task.taskId, this.#shown[index]!);
					tasks.push(task);
				}
			}
		}

		const listed = snapshots.map(snapshot => snapshot.discovery.lastListedAt);
		const snapshot: StoreSnapshot = {
			version: this.#version(),
			window: snapshots[0]!.window,
			discovery: {
				// Listed once every shown context has been.
				lastListedAt: listed.includes(undefined) ? undefined : Math.min(...(listed as number[])),
				error: snapshots.find(each => each.discovery.error !== undefined)?.discovery.error,
				changes: snapshots.flatMap(each => each.discovery.changes).sort((a, b) => a.at - b.at).slice(-20),
			},
			tasks,
			// The worst skew is the one worth saying.
			serverOffset: snapshots.map(each => each.serverOffset).reduce((worst, each) => (Math.abs(each) > Math.abs(worst) ? each : worst), 0),
		};
		this.#cache = {key, snapshot, owners};
		return this.#cache;
	}

	/** Grows with every change of a shown store and every switch, as a store's version does. */
	#version(): number {
		return ++this.#versions;
	}
}

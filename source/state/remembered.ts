import {DAY, MINUTE, type DurationMs} from '../domain/units.js';
import type {AppProps} from '../ui/app.js';
import {SORTS, type SortKey} from '../ui/overview/rows.js';
import type {ViewState} from './state-file.js';

/**
 * What of a remembered view omstop takes back: the file may be older than this omstop (a
 * sort it no longer has) or edited by hand, so anything it does not know is left out.
 */
export function rememberedWindow(view: ViewState): DurationMs | undefined {
	return view.window !== undefined && view.window >= 5 * MINUTE && view.window <= 7 * DAY ? view.window : undefined;
}

export function rememberedUi(view: ViewState): NonNullable<AppProps['initialView']> {
	const sort = (SORTS as readonly string[]).includes(view.sort ?? '') ? (view.sort as SortKey) : undefined;
	return {
		...(sort === undefined ? {} : {sort}),
		...(view.filter === undefined ? {} : {filter: view.filter}),
		...(view.selected === undefined ? {} : {selected: view.selected}),
	};
}

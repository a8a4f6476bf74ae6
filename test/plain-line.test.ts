import assert from 'node:assert/strict';
import {test} from 'node:test';
import {HOUR} from '../source/domain/units.js';
import {plainLine} from '../source/modes/lines.js';
import {buckets, NOW, storeWith, T0} from './helpers/stores.js';

/** The plain line's state words, by the rule the screens mark with glyphs (series/trouble.ts). */

const OPTIONS = {context: undefined, failureThreshold: 0.01};

function line(store: ReturnType<typeof storeWith>, taskId: string): string {
	const task = store.getSnapshot().tasks.find(each => each.taskId === taskId)!;
	return plainLine(task, NOW, HOUR, OPTIONS);
}

test('a plain line says failing, or stalled, as the overview marks the task; neither once its polls fail and its figures are old', () => {
	const store = storeWith({
		failing: {REQUEST: buckets(T0, NOW, 10n), SUCCESS: buckets(T0, NOW, 7n), FAILURE: buckets(T0, NOW, 3n)},
		// Synchronizing with no request for the last two hours.
		stalled: {REQUEST: [], SUCCESS: []},
		fine: {REQUEST: buckets(T0, NOW, 10n), SUCCESS: buckets(T0, NOW, 10n)},
	});
	assert.match(line(store, 'failing'), / live failing window=1h requested=/);
	assert.match(line(store, 'stalled'), / live stalled window=1h requested=0 /);
	assert.match(line(store, 'fine'), / live window=1h requested=/);

	store.setStatus('failing', {phase: 'retrying'});
	store.setStatus('stalled', {phase: 'retrying'});
	assert.match(line(store, 'failing'), / retrying window=1h requested=/);
	assert.match(line(store, 'stalled'), / retrying window=1h requested=0 /);
});

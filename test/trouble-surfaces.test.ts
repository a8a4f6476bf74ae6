import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'lossless-json';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {plainLine} from '../source/modes/lines.js';
import {renderJson, renderText, type OnceReport} from '../source/output/once-report.js';
import {DEFAULT_STALL_AFTER} from '../source/series/figures.js';
import {FAMILIES} from '../source/serve/metrics.js';
import {buckets, NOW, storeWith, T0} from './helpers/stores.js';

/** Failing and stalled in words, on the surfaces without glyphs, by the screens' rule (series/trouble.ts). */

const OPTIONS = {context: undefined, failureThreshold: 0.01, stallAfter: DEFAULT_STALL_AFTER};

function fixture() {
	return storeWith({
		failing: {REQUEST: buckets(T0, NOW, 10n), SUCCESS: buckets(T0, NOW, 7n), FAILURE: buckets(T0, NOW, 3n)},
		// Synchronizing with no request for the last two hours.
		stalled: {REQUEST: [], SUCCESS: []},
		fine: {REQUEST: buckets(T0, NOW, 10n), SUCCESS: buckets(T0, NOW, 10n)},
	});
}

function line(store: ReturnType<typeof storeWith>, taskId: string): string {
	const task = store.getSnapshot().tasks.find(each => each.taskId === taskId)!;
	return plainLine(task, NOW, HOUR, OPTIONS);
}

test('a plain line says failing, or stalled, as the overview marks the task; neither once its polls fail and its figures are old', () => {
	const store = fixture();
	assert.match(line(store, 'failing'), / live failing window=1h requested=/);
	assert.match(line(store, 'stalled'), / live stalled window=1h requested=0 /);
	assert.match(line(store, 'fine'), / live window=1h requested=/);

	store.setStatus('failing', {phase: 'retrying'});
	store.setStatus('stalled', {phase: 'retrying'});
	assert.match(line(store, 'failing'), / retrying window=1h requested=/);
	assert.match(line(store, 'stalled'), / retrying window=1h requested=0 /);
});

test('--once: JSON says failing and stalled as booleans, the text a State row; a task whose fetch failed has neither', () => {
	const store = fixture();
	const report: OnceReport = {
		generatedAt: NOW,
		start: NOW - HOUR,
		end: NOW,
		failureThreshold: 0.01,
		stallAfter: DEFAULT_STALL_AFTER,
		results: [...store.getSnapshot().tasks.map(task => ({taskId: task.taskId, snapshot: task, error: undefined})), {taskId: 'gone', snapshot: undefined, error: undefined}],
	};
	const json = parse(renderJson(report)) as {tasks: Array<{sync_task_id: string; failing: boolean | null; stalled: boolean | null}>};
	assert.deepEqual(
		json.tasks.map(({sync_task_id, failing, stalled}) => [sync_task_id, failing, stalled]),
		[['failing', true, false], ['stalled', false, true], ['fine', false, false], ['gone', null, null]],
	);
	const states = renderText(report).split('\n').filter(each => each.startsWith('Task ') || each.startsWith('  State '));
	assert.deepEqual(states.map(each => each.replaceAll(/ +/g, ' ')), ['Task failing (5-minute buckets)', ' State failing', 'Task stalled (5-minute buckets)', ' State stalled', 'Task fine (5-minute buckets)', 'Task gone']);
});

test('--stall-after moves the plain line\'s stalled as it moves the overview\'s: quiet for 20 minutes is stalled at 10m, not at 30m', () => {
	const store = storeWith({quiet: {REQUEST: buckets(T0, NOW - 22 * MINUTE, 10n), SUCCESS: buckets(T0, NOW - 22 * MINUTE, 10n)}});
	const task = store.getSnapshot().tasks[0]!;
	assert.match(plainLine(task, NOW, HOUR, {...OPTIONS, stallAfter: 10 * MINUTE}), / live stalled /);
	assert.doesNotMatch(plainLine(task, NOW, HOUR, {...OPTIONS, stallAfter: 30 * MINUTE}), /stalled/);
});

test('metrics: omstop_task_failing and omstop_task_stalled are the screens\' marks, 0 while a task\'s polls fail', () => {
	const store = fixture();
	const marks = () => {
		const scrape = {now: NOW, contexts: [{...OPTIONS, context: 'c', projectId: 'p', snapshot: store.getSnapshot(), pollErrors: new Map()}]};
		const values = (name: string) =>
			Object.fromEntries(FAMILIES.find(family => family.name === name)!.samples(scrape).map(sample => [sample.labels['task_id'], sample.value]));
		return {failing: values('omstop_task_failing'), stalled: values('omstop_task_stalled')};
	};

	assert.deepEqual(marks(), {failing: {failing: 1, stalled: 0, fine: 0}, stalled: {failing: 0, stalled: 1, fine: 0}});
	store.setStatus('failing', {phase: 'retrying'});
	store.setStatus('stalled', {phase: 'retrying'});
	assert.deepEqual(marks(), {failing: {failing: 0, stalled: 0, fine: 0}, stalled: {failing: 0, stalled: 0, fine: 0}});
});

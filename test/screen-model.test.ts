import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DATA_TYPES} from '../source/domain/statistics.js';
import type {TaskId} from '../source/domain/units.js';
import {formatBytes, formatCompact, formatCount} from '../source/format/numbers.js';
import type {SeriesStore} from '../source/series/store.js';
import {openPicker} from '../source/ui/context-list.js';
import {makeStyle} from '../source/ui/kit/style.js';
import {displayWidth} from '../source/ui/kit/text.js';
import {overviewRow} from '../source/ui/overview/rows.js';
import {screenModel, type ContextsInput, type ScreenInput} from '../source/ui/screen.js';
import {INITIAL_UI_STATE, type UiState} from '../source/ui/ui-state.js';
import {buckets, NOW, storeWith, T0} from './helpers/stores.js';

/**
 * The screens as data: which one shows, every line it draws and what the keys act on,
 * from a store filled by hand — no Ink, no network, no clock.
 */

const THRESHOLD = 0.01;
const STYLE = makeStyle({isColor: false, charset: 'unicode'});

/** `count` tasks; every fifth fails, each moves a different amount. */
function fleet(count: number): SeriesStore {
	return storeWith(
		Object.fromEntries(
			Array.from({length: count}, (_, index) => {
				const requests = BigInt(10 + index);
				const failures = index % 5 === 0 ? 3n : 0n;
				return [
					`task-${String(index).padStart(2, '0')}`,
					{REQUEST: buckets(T0, NOW, requests), SUCCESS: buckets(T0, NOW, requests - failures), FAILURE: buckets(T0, NOW, failures), SIZE: buckets(T0, NOW, 1000n * requests)},
				];
			}),
		),
	);
}

function input(store: SeriesStore, ui: Partial<UiState> = {}, more: Partial<ScreenInput> = {}): ScreenInput {
	return {
		snapshot: store.getSnapshot(),
		ui: {...INITIAL_UI_STATE, ...ui},
		picker: undefined,
		isPaused: false,
		columns: 80,
		rows: 24,
		now: NOW,
		options: {failureThreshold: THRESHOLD, label: 'cn-north-4', credentials: undefined, isDemo: false, emptyText: undefined, style: STYLE},
		contexts: undefined,
		rowOf: task => overviewRow(task, THRESHOLD, NOW),
		...more,
	};
}

/** Every line a model draws, as the terminal shows it. */
function overviewLines(model: ReturnType<typeof screenModel>['screen']): string[] {
	assert.equal(model.kind, 'overview');
	if (model.kind !== 'overview') {
		return [];
	}

	return [
		model.title,
		model.news.text,
		model.heading,
		...model.rows.map(row => `${row.start}${row.context?.text ?? ''}${row.text}`),
		...Array.from({length: model.blank}, () => ''),
		model.focus.text,
		...model.footers.map(footer => `${footer.label?.text ?? ''}${footer.text}`),
		model.hint,
	];
}

test('the overview at 80×24: fewer lines than rows, none wider than the screen, failing tasks first, a page of 17 and where it is', () => {
	const store = fleet(40);
	const {nav, screen} = screenModel(input(store));
	const lines = overviewLines(screen);
	assert.equal(lines.length, 23, 'one line less than the terminal: Ink redraws all of a frame as tall as it');
	for (const line of lines) {
		assert.ok(displayWidth(line) <= 80, `${displayWidth(line)} columns: ${line}`);
	}

	assert.equal(nav.pageHeight, 17);
	assert.deepEqual(nav.visible, nav.arrangedIds.slice(0, 17), 'the page on screen is what is polled at the interval');
	assert.deepEqual(
		nav.arrangedIds.slice(0, 8),
		['task-00', 'task-05', 'task-10', 'task-15', 'task-20', 'task-25', 'task-30', 'task-35'].sort((a, b) => {
			// Worst first: the failing share of each, largest first.
			const share = (id: string): number => 3 / (10 + Number(id.slice(5)));
			return share(b) - share(a);
		}),
	);
	assert.ok(screen.kind === 'overview' && screen.hint.endsWith(' 1-17/40'), 'the hint says which rows of how many');
	assert.ok(screen.kind === 'overview' && screen.rows[0]!.isCursor && screen.rows[0]!.tone === 'bad');
});

test('the cursor on row 21 shows the second page; a filter narrows the rows and the hint counts them', () => {
	const store = fleet(40);
	const first = screenModel(input(store)).nav;
	const {nav, screen} = screenModel(input(store, {selected: first.arrangedIds[20]}));
	assert.deepEqual(nav.visible, first.arrangedIds.slice(17, 34));
	assert.ok(screen.kind === 'overview');
	assert.equal(screen.rows.findIndex(row => row.isCursor), 3);
	assert.ok(screen.hint.endsWith(' 18-34/40'));

	const filtered = screenModel(input(store, {filter: 'task-3', isFiltering: true}));
	assert.deepEqual([...filtered.nav.arrangedIds].sort(), ['task-30', 'task-31', 'task-32', 'task-33', 'task-34', 'task-35', 'task-36', 'task-37', 'task-38', 'task-39']);
	assert.ok(filtered.screen.kind === 'overview' && filtered.screen.hint.startsWith('/task-3_  10 of 40'));
});

test('the overview footer is the sum of the tasks’ own totals, and each row’s figures are the task screen’s', () => {
	const store = fleet(12);
	const {screen} = screenModel(input(store, {}, {columns: 160, rows: 40}));
	const tasks = store.getSnapshot().tasks;
	const sum = (type: 'REQUEST' | 'FAILURE' | 'SIZE'): bigint => tasks.reduce((total, task) => total + (task.figures?.totals[type] ?? 0n), 0n);
	assert.ok(screen.kind === 'overview');
	assert.ok(
		screen.footers[0]!.text.includes(`1h: ${formatCompact(Number(sum('REQUEST')))} req · ${formatCompact(Number(sum('FAILURE')))} failed · ${formatBytes(sum('SIZE'))}`),
		screen.footers[0]!.text,
	);
	assert.ok(screen.footers[0]!.text.startsWith('12 watched'));

	for (const task of tasks) {
		const {screen: own} = screenModel(input(store, {screen: 'task', selected: task.taskId}, {columns: 160, rows: 40}));
		assert.ok(own.kind === 'task');
		for (const type of DATA_TYPES) {
			if (type !== 'SIZE') {
				assert.equal(own.figures.figures?.[type].total, formatCount(task.figures!.totals[type]));
			}
		}

		const row = screen.rows.find(each => each.key === task.taskId)!;
		assert.ok(row.text.includes(formatCompact(Number(task.figures!.totals.REQUEST))), row.text);
	}
});

test('a task’s screen: its title, its tab in brackets in the overview’s order, the help instead of the charts', () => {
	const store = fleet(12);
	const {nav: overview} = screenModel(input(store));
	const viewed = overview.arrangedIds[2]!;
	const {nav, screen} = screenModel(input(store, {screen: 'task', selected: viewed}));
	assert.equal(nav.viewed, viewed);
	assert.deepEqual(nav.visible, [viewed], 'only the task shown is polled at the interval');
	assert.deepEqual(nav.stepIds, overview.arrangedIds, 'the task screen steps in the overview’s order');
	assert.ok(screen.kind === 'task');
	assert.ok(screen.title.startsWith(viewed) && screen.title.includes('window 1h'), screen.title);
	assert.ok(screen.tabs !== undefined);
	const selected = screen.tabs.tabs.filter(tab => tab.isSelected);
	assert.equal(selected.length, 1);
	assert.ok(selected[0]!.text.startsWith('[3 '), selected[0]!.text);
	assert.equal(screen.tabs.more, ' +3', 'tabs 1–9, and how many more');
	assert.equal(screen.helpLines, undefined);

	const help = screenModel(input(store, {screen: 'task', selected: viewed, isHelpOpen: true})).screen;
	assert.ok(help.kind === 'task' && help.helpLines !== undefined && help.helpLines > 10);
});

test('a terminal too small says what it needs; the overview needs three rows of tasks', () => {
	const store = fleet(3);
	assert.deepEqual(screenModel(input(store, {}, {columns: 40, rows: 10})).screen, {kind: 'too-small', columns: 40, rows: 10, needColumns: 50, needRows: 10});
	assert.equal(screenModel(input(store, {}, {columns: 80, rows: 10})).screen.kind, 'overview', 'three rows of tasks');
	assert.equal(screenModel(input(store, {}, {columns: 80, rows: 9})).screen.kind, 'too-small', 'two rows of tasks');
	assert.equal(screenModel(input(store, {screen: 'task'}, {columns: 80, rows: 9})).screen.kind, 'task', 'the compact task screen fits');
});

test('two contexts shown: a context column and a footer each; `c` opens the list', () => {
	const store = fleet(6);
	const owners = new Map<TaskId, string>(store.getSnapshot().tasks.map((task, index) => [task.taskId, index < 4 ? 'prod' : 'test']));
	const context = (name: string) => ({name, label: name === 'prod' ? 'cn-north-4' : 'ap-southeast-1', color: undefined});
	const contexts: ContextsInput = {
		all: ['prod', 'test'].map(name => ({context: context(name), snapshot: store.getSnapshot()})),
		shown: ['prod', 'test'],
		ownerOf: taskId => context(owners.get(taskId)!),
	};
	const {screen} = screenModel(input(store, {}, {contexts, columns: 120}));
	assert.ok(screen.kind === 'overview');
	assert.deepEqual(
		screen.footers.map(footer => [footer.label?.text, footer.text.split(' · ')[0]]),
		[
			['cn-north-4: ', '4 watched'],
			['ap-southeast-1: ', '2 watched'],
		],
	);
	assert.ok(screen.rows.every(row => row.context !== undefined));
	assert.ok(screen.title.includes('cn-north-4, ap-southeast-1'), screen.title);
	const list = screenModel(input(store, {}, {contexts, picker: openPicker()})).screen;
	assert.equal(list.kind, 'contexts');
});

test('paused: the overview title says so and how to resume', () => {
	const {screen} = screenModel(input(fleet(3), {}, {isPaused: true}));
	assert.ok(screen.kind === 'overview' && screen.title.includes('PAUSED (p resumes)'), screen.kind);
});

test('a task whose polls fail is not marked failing anywhere: its overview row, its tab and its own screen agree, as before it went stale they all did', () => {
	const store = fleet(12);
	const failing = 'task-00' as TaskId;
	const other = 'task-01' as TaskId;
	const marks = () => {
		const overview = screenModel(input(store)).screen;
		const tabs = screenModel(input(store, {screen: 'task', selected: other})).screen;
		const own = screenModel(input(store, {screen: 'task', selected: failing})).screen;
		assert.ok(overview.kind === 'overview' && tabs.kind === 'task' && own.kind === 'task');
		const row = overview.rows.find(each => each.key === failing)!;
		const tab = tabs.tabs!.tabs.find(each => each.key === failing)!;
		return {row: row.start.startsWith(STYLE.glyphs.failing), tab: tab.text.includes(STYLE.glyphs.failing), screen: own.figures.isFailing};
	};

	assert.deepEqual(marks(), {row: true, tab: true, screen: true}, 'a live task with 3 of 13 failed is failing on every surface');
	store.setStatus(failing, {phase: 'retrying'});
	assert.deepEqual(marks(), {row: false, tab: false, screen: false}, 'its figures are old: not a failure now, on any surface');
});

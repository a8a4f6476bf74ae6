import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {ApiError} from '../source/domain/errors.js';
import {DAY, HOUR, MINUTE, SECOND} from '../source/domain/units.js';
import {formatClock} from '../source/format/numbers.js';
import type {SeriesView} from '../source/series/task-series.js';
import {CHART_LABEL_WIDTH, lineChart, resample, sparkline} from '../source/ui/kit/chart-data.js';
import {correctFrame} from '../source/terminal/frame-stream.js';
import {chooseLayout, MIN_COLUMNS, MIN_ROWS} from '../source/ui/task/layout.js';
import {describeStatus} from '../source/ui/kit/status.js';
import {hasUnseenFailures, INITIAL_UI_STATE, nextWindow, reduceUi, type UiState} from '../source/ui/ui-state.js';
import {BELL_QUIET, shouldRing} from '../source/modes/bell.js';
import {windowCycle} from '../source/config/config.js';
import {makeStyle, plainText} from '../source/ui/kit/style.js';
import {fit, joinFitting, wrapWords} from '../source/ui/kit/text.js';

test('w steps 1h → 6h → 1d → 7d → 1h; a window from --window stays in the cycle', () => {
	assert.equal(nextWindow(HOUR), 6 * HOUR);
	assert.equal(nextWindow(6 * HOUR), DAY);
	assert.equal(nextWindow(DAY), 7 * DAY);
	assert.equal(nextWindow(7 * DAY), HOUR);
	assert.equal(nextWindow(2 * HOUR), 6 * HOUR);
	assert.equal(nextWindow(30 * DAY), HOUR);
	const cycle = windowCycle(30 * MINUTE);
	assert.deepEqual(cycle, [30 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY]);
	assert.equal(nextWindow(7 * DAY, cycle), 30 * MINUTE, '30m is reached again after 7d');
	assert.deepEqual(windowCycle(6 * HOUR), [HOUR, 6 * HOUR, DAY, 7 * DAY], 'a preset is not added twice');
	assert.deepEqual(windowCycle(2 * DAY), [HOUR, 6 * HOUR, DAY, 2 * DAY, 7 * DAY]);
});

test('task selection wraps around and ignores numbers past the last task', () => {
	const taskIds = ['a', 'b', 'c'];
	let state: UiState = INITIAL_UI_STATE;
	state = reduceUi(state, {type: 'previous', taskIds});
	assert.equal(state.selected, 'c');
	state = reduceUi(state, {type: 'next', taskIds});
	assert.equal(state.selected, 'a');
	state = reduceUi(state, {type: 'jump', index: 1, taskIds});
	assert.equal(state.selected, 'b');
	assert.equal(reduceUi(state, {type: 'jump', index: 5, taskIds}), state);
	state = reduceUi(state, {type: 'toggle-help'});
	assert.equal(state.isHelpOpen, true);
	state = reduceUi(state, {type: 'close-help'});
	assert.equal(state.isHelpOpen, false);
	assert.equal(reduceUi(state, {type: 'close-help'}), state);
});

function viewWith(failures: bigint[], start: number): SeriesView {
	const times = failures.map((_, index) => start + index * 5 * MINUTE);
	const zero = failures.map(() => 0n);
	return {
		granularity: 'FIVE_MINUTES',
		bucketLength: 5 * MINUTE,
		times,
		values: {REQUEST: zero, SUCCESS: zero, FAILURE: failures, SKIP: zero, SIZE: zero},
		known: times.map(() => true),
		complete: times.map(() => true),
		asOf: times.at(-1),
	};
}

test('failures are new only when they arrived after the task was last viewed', () => {
	const hour = 10 * HOUR;
	const before = viewWith([3n, 0n, 2n], hour);
	let state = reduceUi(INITIAL_UI_STATE, {type: 'observe', tasks: [{taskId: 'a', view: before}, {taskId: 'b', view: before}], viewed: 'a', now: hour + 11 * MINUTE});
	assert.equal(hasUnseenFailures(state, 'b', before), false, 'failures there when the monitor started are not new');
	const after = viewWith([3n, 0n, 2n, 1n], hour);
	assert.equal(hasUnseenFailures(state, 'b', after), true);
	state = reduceUi(state, {type: 'observe', tasks: [{taskId: 'a', view: after}, {taskId: 'b', view: after}], viewed: 'b', now: hour + 16 * MINUTE});
	assert.equal(hasUnseenFailures(state, 'b', after), false, 'viewed');
	// An hourly view of the same hour holds the same failures: no false alarm when the window widens.
	const hourly: SeriesView = {...after, granularity: 'ONE_HOUR', bucketLength: HOUR, times: [hour - HOUR, hour], values: {...after.values, FAILURE: [9n, 6n]}, known: [true, true]};
	assert.equal(hasUnseenFailures(state, 'b', hourly), false);
});

test('the bell rings on the edge, once per task, and not again within the quiet time', () => {
	const rungAt = new Map<string, number>();
	assert.equal(shouldRing(new Set(), new Set(['a']), rungAt, 0), true);
	assert.equal(shouldRing(new Set(['a']), new Set(['a']), rungAt, SECOND), false, 'still failing');
	assert.equal(shouldRing(new Set(['a']), new Set(), rungAt, 2 * SECOND), false);
	assert.equal(shouldRing(new Set(), new Set(['a']), rungAt, 3 * SECOND), false, 'flapping within the quiet time');
	assert.equal(shouldRing(new Set(), new Set(['a', 'b']), rungAt, 4 * SECOND), true, 'another task');
	assert.equal(shouldRing(new Set(['b']), new Set(['a', 'b']), rungAt, BELL_QUIET + 1), true, 'after the quiet time');
});

test('the layout fits every size: frames shorter than the terminal, charts as tall as there is room for', () => {
	fc.assert(
		fc.property(fc.integer({min: 1, max: 400}), fc.integer({min: 1, max: 200}), fc.integer({min: 0, max: 30}), (columns, rows, tasks) => {
			const layout = chooseLayout(columns, rows, tasks);
			if (layout.kind === 'monitor') {
				assert.ok(layout.lines < rows);
				assert.ok(columns >= MIN_COLUMNS);
				assert.equal(layout.isTaskBar, layout.isTaskBar && tasks > 1, 'no task bar for one task');
			} else {
				assert.ok(columns < MIN_COLUMNS || rows < MIN_ROWS);
			}
		}),
		{numRuns: 2000},
	);
	assert.deepEqual(chooseLayout(80, 24, 5), {kind: 'monitor', isTaskBar: true, isHint: true, isDetails: true, charts: {kind: 'spark', rows: 2}, table: 'plain', lines: 22});
	assert.deepEqual(chooseLayout(120, 40, 5), {kind: 'monitor', isTaskBar: true, isHint: true, isDetails: true, charts: {kind: 'line', rows: 5}, table: 'plain', lines: 37});
	assert.deepEqual(chooseLayout(80, 12, 5), {kind: 'monitor', isTaskBar: true, isHint: true, isDetails: true, charts: {kind: 'none'}, table: 'plain', lines: 11});
	assert.equal(chooseLayout(49, 40, 1).kind, 'too-small');
	assert.equal(chooseLayout(80, 8, 1).kind, 'too-small');
	assert.equal(chooseLayout(50, 9, 1).kind, 'monitor');
});

const UNICODE = makeStyle({isColor: false, charset: 'unicode'});
const ASCII = makeStyle({isColor: false, charset: 'ascii'});
const series = fc.array(fc.oneof(fc.constant(0), fc.double({min: 0, max: 9.3e18, noNaN: true}), fc.integer({min: 0, max: 5})), {minLength: 1, maxLength: 400});

test('resampling fits any series to any width', () => {
	fc.assert(
		fc.property(series, fc.integer({min: 1, max: 300}), (values, columns) => {
			const known = values.map((_, index) => index % 7 !== 3);
			const out = resample(values, known, columns);
			assert.equal(out.values.length, columns);
			assert.ok(out.values.every(value => Number.isFinite(value) && value >= 0));
			assert.ok(Math.max(...out.values) <= Math.max(...values));
		}),
	);
	// Several buckets to a cell: their peak, so that the peak label is a bucket's value.
	assert.deepEqual(resample([1, 3, 5, 7], [true, true, true, true], 2).values, [3, 7]);
	assert.deepEqual(resample([1, 3], [true, false], 4), {values: [1, 1, 0, 0], known: [true, true, false, false]});
});

test('sparklines: one cell per column, as many rows as asked, ASCII with --ascii', () => {
	fc.assert(
		fc.property(series, fc.integer({min: 1, max: 3}), fc.boolean(), (values, rows, isAscii) => {
			const style = isAscii ? ASCII : UNICODE;
			const lines = sparkline({values, known: values.map(() => true)}, rows, style.glyphs);
			assert.equal(lines.length, rows);
			assert.ok(lines.every(line => [...line].length === values.length));
			if (isAscii) {
				assert.ok(lines.every(line => /^[\u0020-\u007E]*$/.test(line)));
			}
		}),
	);
	assert.deepEqual(sparkline({values: [0, 4, 8], known: [true, true, false]}, 1, UNICODE.glyphs), [' ▄·']);
	assert.deepEqual(sparkline({values: [0, 8, 16], known: [true, true, true]}, 2, UNICODE.glyphs), ['  █', ' ██']);
});

test('asciichart gets clean numbers and an explicit height: always height + 1 lines, never wider than asked', () => {
	fc.assert(
		fc.property(series, fc.integer({min: 1, max: 12}), fc.boolean(), (values, height, isAscii) => {
			const style = isAscii ? ASCII : UNICODE;
			const lines = lineChart(values, {height, type: values.length % 2 === 0 ? 'SIZE' : 'REQUEST', symbols: style.glyphs.chart});
			assert.equal(lines.length, height + 1);
			assert.ok(lines.every(line => [...line].length <= CHART_LABEL_WIDTH + values.length), lines.join('\n'));
			if (isAscii) {
				assert.ok(lines.every(line => /^[\u0020-\u007E]*$/.test(line)));
			}
		}),
	);
	assert.doesNotThrow(() => lineChart([Number.NaN, Number.POSITIVE_INFINITY, -1], {height: 3, type: 'FAILURE', symbols: UNICODE.glyphs.chart}));
});

test('frame corrections: the same-or-taller update moves one row more; a clearing frame ends its line', () => {
	assert.equal(correctFrame('\u001B[20A\u001B[E\u001B[1Gx\n', 24), '\u001B[21A\u001B[E\u001B[1Gx\n');
	assert.equal(correctFrame('\u001B[0Ax\n', 24), '\u001B[2Ax\n');
	const shrink = '\u001B[2K\u001B[1A\u001B[2K\u001B[G\u001B[3Ax\n';
	assert.equal(correctFrame(shrink, 24), shrink, 'the shrink path counts right already');
	assert.equal(correctFrame('\u001B[2J\u001B[3J\u001B[Ha\nb', 24), '\u001B[2J\u001B[3J\u001B[Ha\nb\n');
	assert.equal(correctFrame('\u001B[2J\u001B[3J\u001B[Ha\nb', 2), '\u001B[2J\u001B[3J\u001B[Ha\nb', 'a frame as tall as the terminal stays so');
	assert.equal(correctFrame('\u001B[?2026h', 24), '\u001B[?2026h');
	assert.equal(correctFrame('plain', 24), 'plain');
});

test('frame corrections: a run of next-line steps over unchanged lines becomes one, which the terminal reads alike', () => {
	const update = `\u001B[3A${'\u001B[E'.repeat(2)}\u001B[1Gchanged\u001B[K${'\u001B[E'.repeat(12)}\u001B[1Gagain\u001B[K\u001B[E`;
	assert.equal(correctFrame(update, 24), '\u001B[4A\u001B[2E\u001B[1Gchanged\u001B[K\u001B[12E\u001B[1Gagain\u001B[K\u001B[E');
});

test('the status line says what polling does, with a cleaned reason', () => {
	const now = Date.UTC(2026, 10, 23, 8, 0, 0);
	const base = {lastSuccessAt: now - 12 * SECOND, lastError: undefined, nextPollAt: now + 18 * SECOND, failures: 0};
	const error = new ApiError('server', 'OMS answered 503: \u001B[31mbusy\u001B[0m', 'wait', {status: 503, errorCode: undefined, errorMsg: undefined, requestId: undefined});
	const line = (status: Parameters<typeof describeStatus>[0]) => {
		const described = describeStatus(status, now);
		return `${described.state} · ${described.details.join(' · ')}`;
	};

	assert.equal(line({...base, phase: 'live'}), 'LIVE · updated 12s ago · next poll in 18s');
	assert.equal(line({...base, phase: 'paused'}), 'PAUSED · p resumes · updated 12s ago');
	assert.equal(line({...base, phase: 'loading', lastSuccessAt: undefined}), 'LOADING · waiting for the first answer');
	assert.equal(line({...base, phase: 'retrying', lastError: error, failures: 2}), `RETRYING in 18s · stale since ${formatClock(now - 12 * SECOND)}: OMS answered 503: busy · updated 12s ago`);
	assert.match(line({...base, phase: 'credentials', lastError: error}), /^CREDENTIALS NEED ATTENTION · OMS answered 503: busy · r retries now/);
	assert.match(line({...base, phase: 'blacklisted'}), /^BLACKLISTED · /);
	assert.match(line({...base, phase: 'deleted'}), /^DELETED · /);
});

test('text fitting', () => {
	assert.equal(fit('abcdef', 4, '…'), 'abc…');
	assert.equal(fit('abc', 3, '…'), 'abc');
	assert.equal(fit('名前です', 5, '~'), '名前~');
	assert.equal(joinFitting([{text: 'aaaa', rank: 1}, {text: 'bb', rank: 0}, {text: 'cc', rank: 2}], ' ', 7), 'aaaa bb');
	assert.deepEqual(wrapWords('one two three', 7), ['one two', 'three']);
});

test('overview cursor: j from the start goes to the second row shown; moves stop at the ends', () => {
	const shown = ['c', 'a', 'b'];
	let state: UiState = {...INITIAL_UI_STATE, screen: 'overview'};
	state = reduceUi(state, {type: 'move', by: 1, taskIds: shown});
	assert.equal(state.selected, 'a');
	state = reduceUi(state, {type: 'move', by: 10, taskIds: shown});
	assert.equal(state.selected, 'b');
	state = reduceUi(state, {type: 'move', by: -10, taskIds: shown});
	assert.equal(state.selected, 'c');
});

test('--ascii: routes, separators, dashes and cut text in ASCII; other characters from the server as ?', () => {
	assert.equal(plainText(ASCII, 'src → dst · SYNCHRONIZING · –'), 'src -> dst | SYNCHRONIZING | -');
	assert.equal(plainText(ASCII, '← 6h →'), '<- 6h ->');
	assert.equal(plainText(ASCII, 'name…  日本'), 'name~  ??');
	assert.equal(plainText(UNICODE, 'src → dst'), 'src → dst');
});

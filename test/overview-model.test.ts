import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ApiError, NetworkError} from '../source/domain/errors.js';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {ringOnTrouble} from '../source/modes/bell.js';
import {buckets, NOW, storeWith, T0} from './helpers/stores.js';
import {bannerOf, overviewCounts, overviewRow} from '../source/ui/overview/rows.js';

const healthy = {REQUEST: buckets(T0, NOW, 10n), SUCCESS: buckets(T0, NOW, 10n), SIZE: buckets(T0, NOW, 3000n)};

test('a synchronizing task with no request for 30 minutes is stalled: its own mark, sorted with the trouble, counted', () => {
	const store = storeWith({moving: healthy, stuck: {REQUEST: buckets(T0, T0 + HOUR, 10n), SUCCESS: buckets(T0, T0 + HOUR, 10n)}});
	const rows = store.getSnapshot().tasks.map(task => overviewRow(task, 0.01, NOW));
	const stuck = rows.find(row => row.taskId === 'stuck')!;
	assert.equal(stuck.isStalled, true);
	assert.equal(stuck.trouble, 0);
	assert.equal(stuck.freshness.text, 'stalled');
	assert.match(stuck.focus.text, /no request for 1h/);
	assert.equal(rows.find(row => row.taskId === 'moving')!.isStalled, false);
	assert.equal(overviewCounts(store.getSnapshot().tasks, rows).stalled, 1);
});

test('the bell rings for a task that stalls, once; a task whose polls fail is stale, not a new start', () => {
	const store = storeWith({moving: healthy, stuck: {REQUEST: buckets(T0, T0 + HOUR, 10n), SUCCESS: buckets(T0, T0 + HOUR, 10n)}});
	let rings = 0;
	const stop = ringOnTrouble(store, {failureThreshold: 0.01, stallAfter: 30 * MINUTE, now: () => NOW, ring: () => rings++});
	assert.equal(rings, 1, 'stuck stalled');
	store.setStatus('moving', {phase: 'retrying', lastError: new NetworkError('refused', 'refused', 'Check the endpoint.')});
	store.setStatus('stuck', {phase: 'live'});
	assert.equal(rings, 1);
	stop();
});

test('the API unreachable: one banner with how many tasks, stale rows show no "now" and are not failing, the footer counts only live throughput', () => {
	const failing = {...healthy, FAILURE: buckets(T0, NOW, 5n)};
	const store = storeWith({a: failing, b: healthy, c: healthy, d: healthy});
	const refused = new NetworkError('refused', 'oms.example.com refused the connection', 'Check the endpoint.');
	for (const taskId of ['a', 'b', 'c']) {
		store.setStatus(taskId, {phase: 'retrying', lastError: refused});
	}

	const tasks = store.getSnapshot().tasks;
	const rows = tasks.map(task => overviewRow(task, 0.01, NOW));
	const a = rows.find(row => row.taskId === 'a')!;
	assert.equal(a.isStale, true);
	assert.equal(a.isFailing, false, 'old figures are not a failure now');
	assert.equal(a.throughput, '–');
	const counts = overviewCounts(tasks, rows);
	assert.equal(counts.stale, 3);
	assert.equal(counts.failing, 0);
	assert.equal(counts.throughput, '10 B/s', 'only the live task: 3000 B per 5 minutes');
	assert.match(counts.banner?.text ?? '', /^API unreachable since \d\d:\d\d: 3 of 4 tasks stale, figures as of their last answer: .*refused/);
});

test('refused credentials and throttling are named once, with the tasks they hold', () => {
	const store = storeWith({a: healthy, b: healthy});
	const detail = {status: 401, errorCode: 'APIGW.0301', errorMsg: 'Incorrect IAM authentication information', requestId: undefined};
	store.setStatus('a', {phase: 'credentials', lastError: new ApiError('unauthorized', 'HTTP 401', 'Renew the token.', detail)});
	store.setStatus('b', {phase: 'credentials'});
	assert.match(bannerOf(store.getSnapshot().tasks)?.text ?? '', /^Credentials refused, 2 of 2 tasks held: /);

	const throttled = storeWith({a: healthy, b: healthy});
	throttled.setStatus('a', {phase: 'retrying', lastError: new ApiError('throttled', 'HTTP 429', 'Wait.', {...detail, status: 429})});
	assert.equal(bannerOf(throttled.getSnapshot().tasks)?.text, 'Throttled by the API: 1 of 2 tasks wait before asking again');
	assert.equal(bannerOf(storeWith({a: healthy}).getSnapshot().tasks), undefined, 'nothing to say when all is well');
});

test('the bucket still filling ends the trend with its own glyph, not as a drop', () => {
	const row = overviewRow(storeWith({a: healthy}).getSnapshot().tasks[0]!, 0.01, NOW);
	assert.equal(row.isFilling, true, 'the newest bucket (10:00, asked at 10:02) is partial');
	assert.ok(row.trend.length > 0 && row.trend.every(value => value === 10), 'the trend holds complete buckets only');
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {terminalProfile} from '../source/config/terminal.js';
import {HOUR, MINUTE} from '../source/domain/units.js';
import {formatClock, formatDay} from '../source/format/numbers.js';
import type {TaskStatus} from '../source/series/store.js';
import {arrangeRows, type OverviewRow} from '../source/ui/overview/rows.js';
import {describeStatus} from '../source/ui/kit/status.js';
import {fitMiddle, withoutCommonPrefix} from '../source/ui/kit/text.js';

test('names are cut in the middle, keeping the end that tells them apart', () => {
	assert.equal(fitMiddle('nightly archive of logs replica-0002', 28, '…'), 'nightly archiv… replica-0002');
	assert.notEqual(fitMiddle('nightly archive of logs replica-0001', 20, '…'), fitMiddle('nightly archive of logs replica-0002', 20, '…'));
	assert.equal(fitMiddle('short', 20, '…'), 'short');
	assert.equal(fitMiddle('abcdef', 2, '…'), 'a…');
	for (let width = 0; width < 40; width++) {
		assert.ok([...fitMiddle('nightly archive of logs replica-0002', width, '…')].length <= width);
	}
});

test('the tab bar shows what tells tasks apart: the words all names start with are dropped', () => {
	assert.deepEqual(withoutCommonPrefix(['nightly archive replica-0001', 'nightly archive replica-0002']), ['replica-0001', 'replica-0002']);
	assert.deepEqual(withoutCommonPrefix(['logs/eu reports', 'logs/us reports']), ['eu reports', 'us reports']);
	assert.deepEqual(withoutCommonPrefix(['backup-a', 'backup-b']), ['backup-a', 'backup-b'], 'words end at spaces and slashes');
	assert.deepEqual(withoutCommonPrefix(['reports', 'reports-eu']), ['reports', 'reports-eu'], 'no name is left empty');
	assert.deepEqual(withoutCommonPrefix(['alpha', 'beta']), ['alpha', 'beta']);
	assert.deepEqual(withoutCommonPrefix(['only one']), ['only one']);
	assert.deepEqual(withoutCommonPrefix(['media mirror', 'mediatheque']), ['media mirror', 'mediatheque'], 'cut only at the end of a word');
});

test('the terminal’s limits come from its environment: locale, TERM=dumb, the Linux console', () => {
	assert.deepEqual(terminalProfile({LANG: 'C'}), {isDumb: false, charset: 'ascii'});
	assert.equal(terminalProfile({LANG: 'en_US.UTF-8', LC_ALL: 'POSIX'}).charset, 'ascii', 'LC_ALL wins');
	assert.equal(terminalProfile({LANG: 'C', LC_CTYPE: 'de_DE.utf8'}).charset, 'unicode', 'LC_CTYPE before LANG');
	assert.equal(terminalProfile({LANG: 'de_DE.ISO-8859-1'}).charset, 'ascii');
	assert.equal(terminalProfile({}).charset, 'unicode', 'no locale said: not taken as ASCII');
	assert.deepEqual(terminalProfile({TERM: 'linux', LANG: 'C.UTF-8'}), {isDumb: false, charset: 'linux'});
	assert.equal(terminalProfile({TERM: 'linux', LANG: 'C'}).charset, 'ascii');
	assert.equal(terminalProfile({TERM: 'dumb'}).isDumb, true);
	assert.equal(terminalProfile({TERM: 'xterm-256color', LANG: 'en_GB.UTF-8'}).charset, 'unicode');
});

test('failing tasks are sorted worst first within the trouble sort', () => {
	const row = (taskId: string, trouble: number, failureRatio: number): OverviewRow => ({taskId, name: taskId, trouble, failureRatio, search: taskId}) as unknown as OverviewRow;
	const rows = [row('a', 0, 0.02), row('b', 3, 0.5), row('c', 0, 0.3), row('d', 1, 0.9), row('e', 0, 0.3)];
	assert.deepEqual(
		arrangeRows(rows, 'trouble', '').map(each => each.taskId),
		['c', 'e', 'a', 'd', 'b'],
	);
});

test('stale since says the date when it was not today', () => {
	const now = new Date(2026, 10, 23, 9, 30).getTime();
	const status = (lastSuccessAt: number): TaskStatus => ({phase: 'retrying', lastSuccessAt, lastError: undefined, nextPollAt: now + MINUTE, failures: 3});
	const today = now - HOUR;
	assert.match(describeStatus(status(today), now).details[0]!, new RegExp(`^stale since ${formatClock(today)}$`));
	const yesterday = now - 12 * HOUR;
	assert.match(describeStatus(status(yesterday), now).details[0]!, new RegExp(`^stale since ${formatDay(yesterday)} ${formatClock(yesterday)}$`));
	assert.equal(formatDay(yesterday), '11-22');
});

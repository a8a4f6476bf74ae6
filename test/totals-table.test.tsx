// Colour must be possible for the failing row's tone to show: chalk reads FORCE_COLOR when it loads.
process.env['FORCE_COLOR'] = '1';

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DATA_TYPES} from '../source/domain/statistics.js';
import {HOUR} from '../source/domain/units.js';
import {BOXED_TABLE_LINES, PLAIN_TABLE_LINES} from '../source/ui/task/layout.js';
import {makeStyle, type Charset} from '../source/ui/kit/style.js';
import type {TaskModel} from '../source/ui/task/model.js';

const {render, cleanup} = await import('ink-testing-library');
const {TotalsTable} = await import('../source/ui/task/totals-table.js');

const ANSI = /\u001B\[[\d;]*m/g;

function model(isFailing: boolean): TaskModel {
	const figures = Object.fromEntries(
		DATA_TYPES.map((type, index) => [type, {total: `1,234,56${index}`, totalCompact: `1.2M`, rateNow: `${index}/min`, share: type === 'REQUEST' || type === 'SIZE' ? undefined : `${index}0%`}]),
	) as TaskModel['figures'];
	return {granularity: undefined, firstBucket: undefined, lastBucket: undefined, fillingBucket: undefined, series: undefined, figures, failureRateLastHour: '', isFailing};
}

function draw(options: {isBoxed: boolean; isColor?: boolean; charset?: Charset; isFailing?: boolean; columns?: number}): string[] {
	const style = makeStyle({isColor: options.isColor ?? false, charset: options.charset ?? 'unicode'});
	const view = render(<TotalsTable model={model(options.isFailing ?? false)} window={6 * HOUR} isBoxed={options.isBoxed} columns={options.columns ?? 120} style={style} />);
	const frame = view.lastFrame() ?? '';
	cleanup();
	return frame.split('\n');
}

test('the boxed table: a box, one rule under the heading and none between rows, in the lines layout.ts counts', () => {
	const lines = draw({isBoxed: true}).map(line => line.replaceAll(ANSI, ''));
	assert.equal(lines.length, BOXED_TABLE_LINES);
	assert.match(lines[0]!, /^┌─+┬─+┬─+┬─+┐$/);
	assert.match(lines[1]!, /^│ +│ +total 6h │ now \(15 min\) │ +share 6h │$/);
	assert.match(lines[2]!, /^├─+┼─+┼─+┼─+┤$/);
	assert.match(lines[3]!, /^│ requested +│ 1,234,560 │ +0\/min │ +│$/);
	assert.match(lines.at(-1)!, /^└─+┴─+┴─+┴─+┘$/);
	assert.ok(lines.every(line => line.length === lines[0]!.length), 'every line as wide as the box');
});

test('the plain table: the heading and a row per data type, no rules; ASCII rules with --ascii', () => {
	const plain = draw({isBoxed: false}).map(line => line.replaceAll(ANSI, ''));
	assert.equal(plain.length, PLAIN_TABLE_LINES);
	assert.ok(plain.every(line => !/[─│┌├└+|]/.test(line)), plain.join('\n'));
	const ascii = draw({isBoxed: true, charset: 'ascii'}).map(line => line.replaceAll(ANSI, ''));
	assert.match(ascii[0]!, /^\+-+\+-+\+-+\+-+\+$/);
	assert.match(ascii[1]!, /^\| +\| +total 6h \|/);
	assert.ok(ascii.every(line => /^[\u0020-\u007E]*$/.test(line)), ascii.join('\n'));
});

test('the failing row: bold in the bad tone with colour, bold alone without; the rules stay muted', () => {
	const failed = (lines: string[]): string => lines.find(line => line.includes('failing'))!;
	const coloured = failed(draw({isBoxed: true, isColor: true, isFailing: true}));
	assert.match(coloured, /\u001B\[1m\u001B\[31m failed ▲ failing/);
	assert.match(coloured, /\u001B\[90m│/, 'the rule between cells is muted, not red');
	const plain = failed(draw({isBoxed: true, isColor: false, isFailing: true}));
	assert.match(plain, /\u001B\[1m failed ▲ failing/);
	assert.doesNotMatch(plain, /\u001B\[(3\d|9\d)m/, 'no colour code without colour');
});

test('a screen too narrow for exact totals gets the compact ones', () => {
	const wide = draw({isBoxed: false, columns: 120}).join('\n');
	const narrow = draw({isBoxed: false, columns: 40}).join('\n');
	assert.match(wide, /1,234,561/);
	assert.doesNotMatch(narrow, /1,234,561/);
	assert.match(narrow, /1\.2M/);
});

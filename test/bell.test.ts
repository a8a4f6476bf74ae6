import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {MINUTE} from '../source/domain/units.js';
import {ringOnTrouble} from '../source/modes/bell.js';
import {isFailing} from '../source/series/figures.js';
import {startRig, type Rig} from './helpers/rig.js';

const THRESHOLD = 0.01;
let rig: Rig | undefined;

afterEach(async () => {
	await rig?.close();
	rig = undefined;
});

test('the bell rings once when a task starts failing, not at every poll', async () => {
	const failingId = 'f0f0f0f0-0000-4000-8000-000000000003';
	rig = await startRig({added: [{id: failingId, profile: 'failing'}], tasks: () => [failingId]});
	let rings = 0;
	const stop = ringOnTrouble(rig.store, {failureThreshold: THRESHOLD, stallAfter: 30 * MINUTE, now: rig.clock.now, ring: () => rings++});
	assert.ok(isFailing(rig.store.task(failingId)?.figures, THRESHOLD), 'the first polls have landed: it fails from the start');
	assert.equal(rings, 1);
	await rig.run(15 * MINUTE);
	assert.ok(isFailing(rig.store.task(failingId)?.figures, THRESHOLD));
	assert.equal(rings, 1, 'still failing is not a new start');
	stop();
});

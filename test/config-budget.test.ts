import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_REQUESTS_PER_SECOND, readConfig} from '../source/config/config.js';
import {ConfigError} from '../source/domain/errors.js';

const ENV = {OMS_REGION: 'cn-north-4'};

test('--max-requests-per-second: the default, fractions, and a clear message for what is no rate', () => {
	assert.equal(readConfig([], ENV).maxRequestsPerSecond, DEFAULT_REQUESTS_PER_SECOND);
	assert.equal(readConfig(['--max-requests-per-second', '2.5'], ENV).maxRequestsPerSecond, 2.5);
	assert.equal(readConfig(['--max-requests-per-second=0.5'], ENV).maxRequestsPerSecond, 0.5);
	for (const bad of ['0', '0.05', '5000', 'fast', '-1', '1e3', '']) {
		assert.throws(
			() => readConfig([`--max-requests-per-second=${bad}`], ENV),
			(error: unknown) => error instanceof ConfigError && /is not a rate between 0\.1 and 1000/.test(error.message) && /requests per second/.test(error.hint),
			`"${bad}"`,
		);
	}
});

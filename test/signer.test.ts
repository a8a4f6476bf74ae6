import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {describe, test} from 'node:test';
import {AKSKSigner} from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type {IHttpRequest} from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';
import {BasicCredentials} from '@huaweicloud/huaweicloud-sdk-core';
import {
	authorizationHeader,
	canonicalQueryString,
	canonicalRequest,
	canonicalSearch,
	canonicalUri,
	encodeSegment,
	formatSdkDate,
	parseAuthorization,
	signature,
	signRequest,
	stringToSign,
	verifySignature,
	type AccessKeyPair,
	type SignableRequest,
} from '../source/auth/signer.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('published vectors (oms-api.md §5.2)', () => {
	test('worked example A from the official signing guide', () => {
		const request: SignableRequest = {
			method: 'GET',
			url: new URL('https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'),
			headers: {'Content-Type': 'application/json', Host: 'service.region.example.com', 'X-Sdk-Date': '20191115T033655Z'},
		};
		const canonical = canonicalRequest(request, ['content-type', 'host', 'x-sdk-date']);
		assert.equal(canonical, [
			'GET',
			'/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
			'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
			'content-type:application/json',
			'host:service.region.example.com',
			'x-sdk-date:20191115T033655Z',
			'',
			'content-type;host;x-sdk-date',
			EMPTY_SHA256,
		].join('\n'));
		assert.equal(sha256(canonical), 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
		const signatureHex = signature(stringToSign(canonical, '20191115T033655Z'), 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc');
		assert.equal(signatureHex, '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
		assert.equal(
			authorizationHeader('QTWAOYTTINDUT2QVKYUC', ['content-type', 'host', 'x-sdk-date'], signatureHex),
			'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
		);
	});

	test('signRequest reproduces example A (host from the URL, date from the clock)', () => {
		const headers = signRequest(
			{
				method: 'get',
				url: new URL('https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'),
				headers: {'Content-Type': 'application/json'},
			},
			{accessKey: 'QTWAOYTTINDUT2QVKYUC', secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc'},
			new Date('2019-11-15T03:36:55.480Z'),
		);
		assert.deepEqual(headers, {
			'X-Sdk-Date': '20191115T033655Z',
			Authorization: 'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
		});
	});

	test('example B from the Go SDK tests (GET, only x-sdk-date signed)', () => {
		const request: SignableRequest = {
			method: 'GET',
			url: new URL('https://example.huaweicloud.com/path?limit=1'),
			headers: {'X-Sdk-Date': '20060102T150405Z', TEST_UNDERSCORE: 'test'},
		};
		const canonical = canonicalRequest(request, ['x-sdk-date']);
		assert.equal(canonical, `GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY_SHA256}`);
		const signatureHex = signature(stringToSign(canonical, '20060102T150405Z'), 'SecretKey');
		assert.equal(
			authorizationHeader('AccessKey', ['x-sdk-date'], signatureHex),
			'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
		);
	});

	test('example C from the Go SDK tests (POST with a JSON body ending in a newline)', () => {
		const body = '{"Name":"test","Id":1}\n';
		const request: SignableRequest = {
			method: 'POST',
			url: new URL('https://example.huaweicloud.com/path?key=value'),
			headers: {'X-Sdk-Date': '20060102T150405Z', 'Content-Type': 'application/json', TEST_UNDERSCORE: 'test'},
			body,
		};
		const canonical = canonicalRequest(request, ['x-sdk-date']);
		assert.equal(canonical, `POST\n/path/\nkey=value\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${sha256(body)}`);
		assert.equal(
			signature(stringToSign(canonical, '20060102T150405Z'), 'SecretKey'),
			'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
		);
		// The same bytes as a Uint8Array sign the same.
		assert.equal(canonicalRequest({...request, body: new TextEncoder().encode(body)}, ['x-sdk-date']), canonical);
	});

	const omsUrl = 'https://oms.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/sync-tasks/4fb05cd2-c94e-44e4-a07f-e65a2f01ebcb/statistics?data_type=REQUEST,SUCCESS&start_time=1700150400000&end_time=1700154000000';
	const omsPair: AccessKeyPair = {accessKey: 'EXAMPLEAK0000000000', secretKey: 'EXAMPLESK0000000000000000000000000000000'};

	test('self-made OMS statistics example', () => {
		const request: SignableRequest = {method: 'GET', url: new URL(omsUrl), headers: {'X-Sdk-Date': '20231116T172000Z'}};
		const canonical = canonicalRequest(request, ['host', 'x-sdk-date']);
		assert.equal(canonical.split('\n')[1], '/v2/0123456789abcdef0123456789abcdef/sync-tasks/4fb05cd2-c94e-44e4-a07f-e65a2f01ebcb/statistics/');
		assert.equal(canonical.split('\n')[2], 'data_type=REQUEST%2CSUCCESS&end_time=1700154000000&start_time=1700150400000');
		assert.equal(sha256(canonical), 'e4845e77550a6efa17090933436e1ffde4d286a5013865b5cc5bd886870a3597');
		assert.equal(
			signature(stringToSign(canonical, '20231116T172000Z'), omsPair.secretKey),
			'912c48740e5f473688f3a3a80eadac426fae299cf897e38d8f06967836e3bdc6',
		);
		assert.deepEqual(signRequest({method: 'GET', url: new URL(omsUrl), headers: {}}, omsPair, new Date('2023-11-16T17:20:00Z')), {
			'X-Sdk-Date': '20231116T172000Z',
			Authorization: 'SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, SignedHeaders=host;x-sdk-date, Signature=912c48740e5f473688f3a3a80eadac426fae299cf897e38d8f06967836e3bdc6',
		});
	});

	test('Go SDK canonical query vector', () => {
		const expected = 'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29';
		const pairs: Array<[string, string]> = [
			['test', '一 (&=?!#%.*)'],
			['path', '/tmp/123'],
			['multi', '3'],
			['multi', '1'],
			['multi', '2'],
			['limit', '1'],
			['enable', 'true'],
		];
		assert.equal(canonicalSearch(pairs), expected);
		assert.equal(canonicalQueryString(new URLSearchParams(pairs)), expected);
		// URLSearchParams serializes a space as '+'; it must still sign as %20.
		assert.equal(canonicalQueryString(new URL(`https://h/?${new URLSearchParams(pairs).toString()}`).searchParams), expected);
		// Sending the canonical string itself reads back the same.
		assert.equal(canonicalQueryString(new URL(`https://h/?${expected}`).searchParams), expected);
	});
});

describe('building blocks', () => {
	test('formatSdkDate drops separators and milliseconds, always UTC', () => {
		assert.equal(formatSdkDate(new Date('2019-11-15T03:36:55.999Z')), '20191115T033655Z');
		assert.equal(formatSdkDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '20240102T030405Z');
	});

	test('encodeSegment keeps only unreserved characters', () => {
		assert.equal(encodeSegment('AZaz09-_.~'), 'AZaz09-_.~');
		assert.equal(encodeSegment('a b,c/d+e'), 'a%20b%2Cc%2Fd%2Be');
		assert.equal(encodeSegment('!\'()*'), '%21%27%28%29%2A');
		assert.equal(encodeSegment('é一😀'), '%C3%A9%E4%B8%80%F0%9F%98%80');
		assert.equal(encodeSegment('\uD800'), '%EF%BF%BD');
		assert.equal(encodeSegment(''), '');
	});

	test('canonicalUri decodes before encoding, so it never double-encodes, and ends with /', () => {
		assert.equal(canonicalUri('/v1/abc/vpcs'), '/v1/abc/vpcs/');
		assert.equal(canonicalUri('/v1/abc/vpcs/'), '/v1/abc/vpcs/');
		assert.equal(canonicalUri('/'), '/');
		assert.equal(canonicalUri('/a%20b/%E4%B8%80'), '/a%20b/%E4%B8%80/');
		assert.equal(canonicalUri('/a%2Fb/c+d/e(f)'), '/a%2Fb/c%2Bd/e%28f%29/');
		assert.equal(canonicalUri(new URL('https://h/a b/一').pathname), '/a%20b/%E4%B8%80/');
		assert.equal(canonicalUri('/bad%zz'), '/bad%25zz/');
	});

	test('canonical query: empty values, sorting of names and repeated values', () => {
		assert.equal(canonicalQueryString(new URLSearchParams('')), '');
		assert.equal(canonicalQueryString(new URLSearchParams('b&a=&c=2&c=10')), 'a=&b=&c=10&c=2');
		assert.equal(canonicalSearch([['name', 'x y'], ['Name', 'z']]), 'Name=z&name=x%20y');
	});

	test('canonicalRequest takes header names in any case and order, trims values', () => {
		const request: SignableRequest = {method: 'get', url: new URL('https://h.example/p'), headers: {'X-SDK-DATE': ' 20200101T000000Z '}};
		const canonical = canonicalRequest(request, ['X-Sdk-Date', 'Host']);
		assert.equal(canonical, `GET\n/p/\n\nhost:h.example\nx-sdk-date:20200101T000000Z\n\nhost;x-sdk-date\n${EMPTY_SHA256}`);
		assert.throws(() => canonicalRequest(request, ['x-project-id', 'x-sdk-date']), /x-project-id/);
	});

	test('X-Sdk-Content-Sha256 replaces the body hash', () => {
		const request: SignableRequest = {
			method: 'PUT',
			url: new URL('https://h/p'),
			headers: {'X-Sdk-Date': '20200101T000000Z', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD'},
			body: 'ignored',
		};
		assert.ok(canonicalRequest(request, ['x-sdk-date']).endsWith('\nUNSIGNED-PAYLOAD'));
	});

	test('signRequest signs the security token, project id and content type, not other headers', () => {
		const headers = signRequest(
			{
				method: 'POST',
				url: new URL('https://oms.example/v2/p/sync-tasks'),
				headers: {'X-Project-Id': 'p', 'content-type': 'application/json', 'User-Agent': 'omstop'},
				body: '{}',
			},
			{accessKey: 'AK', secretKey: 'SK', securityToken: 'TOKEN'},
			new Date('2024-05-06T07:08:09Z'),
		);
		assert.equal(headers['X-Security-Token'], 'TOKEN');
		assert.equal(headers['X-Sdk-Date'], '20240506T070809Z');
		assert.match(headers['Authorization'] ?? '', /SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, /);
	});

	test('parseAuthorization', () => {
		assert.deepEqual(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ABCdef01'), {
			accessKey: 'AK',
			signedHeaders: ['host', 'x-sdk-date'],
			signature: 'abcdef01',
		});
		assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=host,Signature=00')?.accessKey, 'AK');
		assert.equal(parseAuthorization('Bearer abc'), undefined);
		assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host'), undefined);
		assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=xyz'), undefined);
	});
});

describe('the official Node.js SDK core signs byte for byte the same', () => {
	const pair: AccessKeyPair = {accessKey: 'HPUAEXAMPLEACCESSKEY', secretKey: 'ExampleSecretKey0123456789abcdefghijklmno'};
	const now = new Date('2024-03-09T21:45:07.123Z');

	/** What AKSKSigner.sign, the signer HcClient uses, produces for the same request. */
	function sdkAuthorization(options: {
		method: string;
		origin: string;
		path: string;
		query: ReadonlyArray<readonly [string, string]>;
		headers: Record<string, string>;
		data?: unknown;
		credentials: AccessKeyPair;
	}): string {
		const queryParams: Record<string, string | string[]> = {};
		for (const [name, value] of options.query) {
			const previous = queryParams[name];
			queryParams[name] = previous === undefined ? value : [previous, value].flat();
		}

		const request: IHttpRequest = {
			// HcClient puts the whole path in the endpoint and the query, unencoded, in queryParams.
			endpoint: `${options.origin}${options.path}`,
			method: options.method,
			queryParams,
			headers: {
				...options.headers,
				// The SDK reads the date from exactly this header name, else it uses its own clock.
				'X-Sdk-Date': formatSdkDate(now),
				...(options.credentials.securityToken === undefined ? {} : {'X-Security-Token': options.credentials.securityToken}),
			},
			data: options.data,
		};
		const credentials = new BasicCredentials().withAk(options.credentials.accessKey).withSk(options.credentials.secretKey);
		const signed = AKSKSigner.sign(request, credentials) as Record<string, string>;
		return signed['Authorization'] ?? assert.fail('the SDK returned no Authorization header');
	}

	const origin = 'https://oms.cn-north-4.myhuaweicloud.com';
	const projectId = '0123456789abcdef0123456789abcdef';
	const taskId = '4fb05cd2-c94e-44e4-a07f-e65a2f01ebcb';
	const cases: Array<{
		name: string;
		method: string;
		path: string;
		query: Array<[string, string]>;
		headers: Record<string, string>;
		data?: unknown;
		credentials: AccessKeyPair;
	}> = [
		{
			name: 'statistics query with commas',
			method: 'GET',
			path: `/v2/${projectId}/sync-tasks/${taskId}/statistics`,
			query: [['data_type', 'REQUEST,SUCCESS,FAILURE,SKIP,SIZE'], ['start_time', '1700150400000'], ['end_time', '1700154000000']],
			headers: {},
			credentials: pair,
		},
		{
			name: 'list query with spaces, non-ASCII, sub-delims and repeated names',
			method: 'GET',
			path: `/v2/${projectId}/sync-tasks`,
			query: [['name', '数据 同步 (test)*!\'~'], ['limit', '100'], ['offset', '0'], ['status', 'SYNCHRONIZING'], ['status', 'STOPPED'], ['empty', '']],
			headers: {'Content-Type': 'application/json'},
			credentials: pair,
		},
		{
			name: 'JSON body, project id header and a security token',
			method: 'POST',
			path: `/v2/${projectId}/sync-tasks/${taskId}/start`,
			query: [],
			headers: {'Content-Type': 'application/json', 'X-Project-Id': projectId},
			data: {src_ak: 'x', dst_ak: 'y', source_cdn_authentication_key: 'z'},
			credentials: {...pair, securityToken: 'gQpzdWxhbmNlLXRva2Vu+/=='},
		},
		{
			name: 'no query, path without trailing slash',
			method: 'DELETE',
			path: `/v2/${projectId}/sync-tasks/${taskId}`,
			query: [],
			headers: {},
			credentials: pair,
		},
	];

	for (const testCase of cases) {
		test(testCase.name, () => {
			const expected = sdkAuthorization({...testCase, origin});
			const request = {
				method: testCase.method,
				headers: testCase.headers,
				// The SDK hashes JSON.stringify(data), so that is the body we would send.
				...(testCase.data === undefined ? {} : {body: JSON.stringify(testCase.data)}),
			};
			// Both the canonical query string and URLSearchParams' own serialization sign the same.
			for (const search of [canonicalSearch(testCase.query), new URLSearchParams(testCase.query).toString()]) {
				const url = new URL(`${origin}${testCase.path}${search ? `?${search}` : ''}`);
				assert.equal(signRequest({...request, url}, testCase.credentials, now)['Authorization'], expected);
			}
		});
	}

	test('an arbitrary signed-header list, taken from the SDK, also matches through canonicalRequest', () => {
		const headers = {'User-Agent': 'omstop/0.1.0', 'Content-Type': 'application/json', 'X-Request-Id': 'r-1'};
		const path = `/v2/${projectId}/sync-tasks/${taskId}`;
		const expected = sdkAuthorization({method: 'GET', origin, path, query: [], headers, credentials: pair});
		const signedHeaders = parseAuthorization(expected)?.signedHeaders ?? assert.fail('unparsable SDK header');
		assert.deepEqual(signedHeaders, ['content-type', 'host', 'user-agent', 'x-request-id', 'x-sdk-date']);
		const sdkDate = formatSdkDate(now);
		const canonical = canonicalRequest({method: 'GET', url: new URL(`${origin}${path}`), headers: {...headers, 'X-Sdk-Date': sdkDate}}, signedHeaders);
		assert.equal(authorizationHeader(pair.accessKey, signedHeaders, signature(stringToSign(canonical, sdkDate), pair.secretKey)), expected);
	});
});

describe('verifySignature', () => {
	const pair: AccessKeyPair = {accessKey: 'VERIFYAK', secretKey: 'VerifySecretKeyValue0123456789'};
	const keys = (accessKey: string) => (accessKey === pair.accessKey ? pair.secretKey : undefined);
	const now = new Date('2024-06-01T12:00:00Z');
	const original: SignableRequest = {
		method: 'GET',
		url: new URL(`https://oms.example/v2/p/sync-tasks?${canonicalSearch([['limit', '10'], ['name', 'a b,c']])}`),
		headers: {'User-Agent': 'omstop'},
	};

	/** The request as the server sees it: the signing headers added, Host set by the HTTP library. */
	function received(request: SignableRequest, credentials: AccessKeyPair, at: Date): SignableRequest {
		return {...request, headers: {...request.headers, ...signRequest(request, credentials, at), host: request.url.host}};
	}

	const minutes = (count: number) => new Date(now.getTime() + count * 60_000);

	test('accepts what signRequest produced, with or without a security token or body', () => {
		assert.equal(verifySignature(received(original, pair, now), keys, now), undefined);
		assert.equal(verifySignature(received(original, {...pair, securityToken: 'STS'}, now), keys, now), undefined);
		const post = {...original, method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"a":1}'};
		assert.equal(verifySignature(received(post, pair, now), keys, now), undefined);
		// Up to 15 minutes of clock skew either way is fine.
		assert.equal(verifySignature(received(original, pair, minutes(-15)), keys, now), undefined);
		assert.equal(verifySignature(received(original, pair, minutes(15)), keys, now), undefined);
	});

	test('unsigned headers may change after signing', () => {
		const request = received(original, pair, now);
		assert.equal(verifySignature({...request, headers: {...request.headers, 'User-Agent': 'other'}}, keys, now), undefined);
	});

	test('rejects a tampered query, path, body or signed header', () => {
		const request = received(original, pair, now);
		const tamperedQuery = new URL(request.url);
		tamperedQuery.searchParams.set('limit', '11');
		assert.equal(verifySignature({...request, url: tamperedQuery}, keys, now), 'signature mismatch');
		assert.equal(verifySignature({...request, url: new URL('https://oms.example/v2/q/sync-tasks?limit=10&name=a%20b%2Cc')}, keys, now), 'signature mismatch');
		assert.equal(verifySignature({...request, body: 'x'}, keys, now), 'signature mismatch');
		const withToken = received(original, {...pair, securityToken: 'STS'}, now);
		assert.equal(verifySignature({...withToken, headers: {...withToken.headers, 'X-Security-Token': 'OTHER'}}, keys, now), 'signature mismatch');
	});

	test('rejects a wrong secret key and an unknown access key', () => {
		const wrongSecret = received(original, {...pair, secretKey: 'NotTheRightSecretKey'}, now);
		assert.equal(verifySignature(wrongSecret, keys, now), 'signature mismatch');
		assert.equal(verifySignature(received(original, {...pair, accessKey: 'OTHERAK'}, now), keys, now), 'unknown access key');
	});

	test('rejects a date 16 minutes off, either way', () => {
		assert.equal(verifySignature(received(original, pair, minutes(-16)), keys, now), 'signature expired');
		assert.equal(verifySignature(received(original, pair, minutes(16)), keys, now), 'signature expired');
	});

	test('rejects x-sdk-date missing from SignedHeaders, missing headers and malformed values', () => {
		const request = received(original, pair, now);
		const authorization = request.headers['Authorization'] ?? assert.fail('no Authorization');
		const withAuthorization = (value: string) => ({...request, headers: {...request.headers, Authorization: value}});
		assert.equal(verifySignature(withAuthorization(authorization.replace('SignedHeaders=host;x-sdk-date', 'SignedHeaders=host')), keys, now), 'x-sdk-date not signed');
		assert.equal(verifySignature(withAuthorization(authorization.replace('host;', 'host;x-project-id;')), keys, now), 'signed header x-project-id missing');
		assert.equal(verifySignature(withAuthorization('Basic dXNlcjpwYXNz'), keys, now), 'malformed Authorization header');
		const {Authorization: _, ...unsigned} = request.headers;
		assert.equal(verifySignature({...request, headers: unsigned}, keys, now), 'missing Authorization header');
		assert.equal(verifySignature({...request, headers: {...request.headers, 'X-Sdk-Date': '2024-06-01T12:00:00Z'}}, keys, now), 'malformed X-Sdk-Date');
		assert.equal(verifySignature({...request, headers: {...request.headers, 'X-Sdk-Date': '20240231T120000Z'}}, keys, now), 'malformed X-Sdk-Date');
	});

	test('no reason contains the secret key', () => {
		const request = received(original, pair, now);
		const reasons = [
			verifySignature({...request, body: 'x'}, keys, now),
			verifySignature(received(original, pair, minutes(30)), keys, now),
			verifySignature(received(original, {...pair, accessKey: 'X'}, now), keys, now),
		];
		for (const reason of reasons) {
			assert.ok(reason !== undefined && !reason.includes(pair.secretKey));
		}
	});
});

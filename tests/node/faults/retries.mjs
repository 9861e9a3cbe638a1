// The Node SDK against telconf's fault rules: retries that succeed, retries that run out, and a
// dropped connection. Run by tests/testing/test_node_faults.py with TELNYX_BASE_URL,
// TELCONF_ADMIN_URL, TELCONF_ADMIN_TOKEN and TELNYX_API_KEY set; not part of the *.test.mjs ring,
// which runs against a server without the admin API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Telnyx from 'telnyx';

const baseURL = process.env.TELNYX_BASE_URL;
const adminURL = process.env.TELCONF_ADMIN_URL;
const apiKey = process.env.TELNYX_API_KEY;
const admin = { Authorization: `Bearer ${process.env.TELCONF_ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const NUMBER = '1293384261075731499'; // the demo inventory's number

async function call(method, path, body) {
  const response = await fetch(adminURL + path, { method, headers: admin, body: body && JSON.stringify(body) });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text).data;
}

const faults = (...rules) => call('POST', '/faults', { rules });
const statuses = async () => (await call('GET', '/requests?limit=10')).map((r) => r.status).reverse();

test.beforeEach(async () => {
  await call('POST', '/reset');
});

test('fail twice, then succeed: the SDK retries to success', async () => {
  await faults({ path: '/phone_numbers/*', status: 503, count: 2, headers: { 'retry-after-ms': '5' } });
  const telnyx = new Telnyx({ apiKey, baseURL, maxRetries: 2 });
  const number = await telnyx.phoneNumbers.retrieve(NUMBER);
  assert.equal(number.data.id, NUMBER);
  assert.deepEqual(await statuses(), [503, 503, 200]);
});

test('429 until retries run out: Telnyx.RateLimitError, after honouring retry-after-ms', async () => {
  await faults({ path: '/phone_numbers/*', status: 429, headers: { 'retry-after-ms': '200' } });
  const telnyx = new Telnyx({ apiKey, baseURL, maxRetries: 1 });
  const started = Date.now();
  await assert.rejects(telnyx.phoneNumbers.retrieve(NUMBER), (err) => {
    assert.ok(err instanceof Telnyx.RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.error.errors[0].code, '10011');
    return true;
  });
  assert.ok(Date.now() - started >= 200, 'the SDK waited as told before retrying');
  assert.deepEqual(await statuses(), [429, 429]);
});

test('x-should-retry: false stops the SDK at once', async () => {
  await faults({ path: '/phone_numbers/*', status: 500, headers: { 'x-should-retry': 'false' } });
  const telnyx = new Telnyx({ apiKey, baseURL, maxRetries: 2 });
  await assert.rejects(telnyx.phoneNumbers.retrieve(NUMBER), Telnyx.InternalServerError);
  assert.deepEqual(await statuses(), [500]);
});

test('a dropped connection is Telnyx.APIConnectionError', async () => {
  await faults({ path: '/phone_numbers/*', drop: true, count: 1 });
  const telnyx = new Telnyx({ apiKey, baseURL, maxRetries: 0 });
  await assert.rejects(telnyx.phoneNumbers.retrieve(NUMBER), Telnyx.APIConnectionError);
  assert.equal((await telnyx.phoneNumbers.retrieve(NUMBER)).data.id, NUMBER);
});

// Shared by the *.test.mjs files: the fixture tests/test_node_sdk.py writes, clients, helpers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Telnyx from 'telnyx';

export { Telnyx };

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through tests/test_node_sdk.py (pytest)`);
  }
  return value;
}

export const baseURL = required('TELNYX_BASE_URL');
// Never let a misconfigured run send the fixture's keys to the real API.
assert.doesNotMatch(baseURL, /telnyx\.com/, 'TELNYX_BASE_URL must name a telconf server');

/** Organisations by the test file that uses them (`other` is shared and only read): keys and
 * records by role, with the ids and numbers they were seeded with. */
export const fixture = JSON.parse(readFileSync(required('TELCONF_NODE_FIXTURE'), 'utf8'));

const origin = new URL(baseURL).origin;

/** `fetch` for the clients: refuses any URL off the telconf server, and notes each request
 * (method, path with query, content type, body) in `requests` when one is given. */
function guardedFetch(requests) {
  return async (url, init = {}) => {
    const target = new URL(String(url));
    assert.equal(target.origin, origin, `the SDK tried to leave the telconf server: ${url}`);
    if (requests) {
      requests.push({
        method: init.method,
        path: target.pathname + target.search,
        contentType: new Headers(init.headers).get('content-type'),
        body: init.body,
      });
    }
    return fetch(url, init);
  };
}

/** A client as the seed documents make one (`new Telnyx(...)`), retries off so errors surface.
 * Pass an array as `requests` to see what the SDK put on the wire. */
export function client(apiKey, { requests } = {}) {
  return new Telnyx({ apiKey, baseURL, maxRetries: 0, timeout: 20_000, fetch: guardedFetch(requests) });
}

/** Every item an auto-paginating list yields, walking the pages with `for await`. */
export async function collect(list) {
  const items = [];
  for await (const item of list) {
    items.push(item);
  }
  return items;
}

export const ids = (records) => records.map((record) => record.id);
export const sorted = (values) => [...values].sort();

/** Awaits a call that must fail with the given SDK error class and status; returns the error. */
export async function rejects(promise, ErrorClass, status) {
  let caught;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, `expected ${ErrorClass.name}, but the call succeeded`);
  assert.ok(
    caught instanceof ErrorClass,
    `expected ${ErrorClass.name}, got ${caught?.constructor?.name}: ${caught?.message}`,
  );
  assert.ok(caught instanceof Telnyx.APIError);
  assert.equal(caught.status, status);
  assert.ok(Array.isArray(caught.error?.errors), `no Telnyx error envelope: ${JSON.stringify(caught.error)}`);
  for (const entry of caught.error.errors) {
    assert.equal(typeof entry.code, 'string');
    assert.equal(typeof entry.title, 'string');
  }
  return caught;
}

/** The first error entry of an APIError's body. */
export const firstError = (err) => err.error.errors[0];

/** The meta of a list page as plain numbers. */
export function meta(page) {
  const { page_number, page_size, total_pages, total_results } = page.meta;
  return { page_number, page_size, total_pages, total_results };
}

export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

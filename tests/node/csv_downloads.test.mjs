// client.phoneNumbers.csvDownloads: create, retrieve, list, and the file a download's `url` names.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';

import { Telnyx, client, collect, firstError, fixture, rejects } from './support.mjs';

const org = fixture.csv;
const n = org.numbers;
const telnyx = client(org.key);

/** Polls retrieve until the download is no longer pending; it must then be complete. */
async function complete(id) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { data } = await telnyx.phoneNumbers.csvDownloads.retrieve(id);
    assert.equal(data.length, 1);
    if (data[0].status !== 'pending') {
      assert.equal(data[0].status, 'complete');
      return data[0];
    }
    assert.ok(Date.now() < deadline, `download ${id} still pending`);
    await sleep(50);
  }
}

/** The file at a download's url, fetched with a key (or none), as a plain HTTP client would. */
function download(url, key) {
  return fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
}

/** Rows of a CSV without quoted commas (the fixture's values have none), header first. */
const lines = (text) => text.trimEnd().split('\r\n').map((line) => line.split(','));

let made;

test('csvDownloads.create sends the filter and format in the query and answers a pending download', async () => {
  const requests = [];
  const recorded = client(org.key, { requests });
  const { data } = await recorded.phoneNumbers.csvDownloads.create({ csv_format: 'V2', filter: { tag: 'csv' } });
  assert.deepEqual(requests.map((r) => [r.method, r.path]), [
    ['POST', '/v2/phone_numbers/csv_downloads?csv_format=V2&filter%5Btag%5D=csv'],
  ]);
  assert.equal(data.length, 1);
  [made] = data;
  assert.equal(made.record_type, 'csv_download');
  assert.equal(made.status, 'pending');
  assert.equal(made.url, `${process.env.TELNYX_BASE_URL}/phone_numbers/csv_downloads/${made.id}/file`);
});

test('the download completes and its url serves the filtered rows in the V2 columns', async () => {
  const done = await complete(made.id);
  assert.equal(done.url, made.url);
  const response = await download(done.url, org.key);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/csv/);
  const [header, ...rows] = lines(await response.text());
  assert.equal(header[0], 'id');
  assert.ok(header.includes('voice.usage_payment_method'));
  const at = (row, name) => row[header.indexOf(name)];
  assert.deepEqual(rows.map((row) => at(row, 'id')), [n.tagged.id, n.older.id]); // newest first
  assert.equal(at(rows[0], 'voice.usage_payment_method'), 'channel');
  assert.equal(at(rows[0], 'phone_number'), n.tagged.phone_number);
});

test('csvDownloads.list walks the downloads; V1 is the default format', async () => {
  const { data } = await telnyx.phoneNumbers.csvDownloads.create();
  const v1 = await complete(data[0].id);
  const [header, ...rows] = lines(await (await download(v1.url, org.key)).text());
  assert.ok(!header.includes('voice.usage_payment_method'));
  assert.equal(rows.length, 3);
  const all = await collect(telnyx.phoneNumbers.csvDownloads.list({ 'page[size]': 1 }));
  assert.deepEqual(all.map((d) => d.id), [v1.id, made.id]);
  assert.ok(all.every((d) => d.status === 'complete'));
});

test('a read-only key reads downloads and their files but cannot create one', async () => {
  const reader = client(org.read_only_key);
  const err = await rejects(reader.phoneNumbers.csvDownloads.create(), Telnyx.PermissionDeniedError, 403);
  assert.equal(firstError(err).code, '10010');
  const { data } = await reader.phoneNumbers.csvDownloads.retrieve(made.id);
  assert.equal(data[0].id, made.id);
  assert.equal((await download(made.url, org.read_only_key)).status, 200);
});

test('another organisation gets 404 for the download and its file; no key gets 401', async () => {
  const theirs = client(fixture.other.key);
  const err = await rejects(theirs.phoneNumbers.csvDownloads.retrieve(made.id), Telnyx.NotFoundError, 404);
  assert.equal(firstError(err).code, '10005');
  const refused = await download(made.url, fixture.other.key);
  assert.equal(refused.status, 404);
  assert.equal((await refused.json()).errors[0].code, '10005');
  const anonymous = await download(made.url, null);
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).errors[0].code, '10009');
});

test('bad parameters are 422s naming the parameter', async () => {
  const err = await rejects(
    telnyx.phoneNumbers.csvDownloads.create({ csv_format: 'V9', filter: { status: 'asleep' } }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(
    err.error.errors.map((e) => [e.code, e.source.parameter]),
    [
      ['10015', 'csv_format'],
      ['10015', 'filter[status]'],
    ],
  );
  const short = await rejects(
    telnyx.phoneNumbers.csvDownloads.create({ filter: { 'voice.connection_name': { contains: 'ab' } } }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.equal(firstError(short).source.parameter, 'filter[voice.connection_name][contains]');
});

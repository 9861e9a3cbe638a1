// client.phoneNumbers: retrieve, list, slimList, update, delete, actions.verifyOwnership.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, collect, firstError, fixture, ids, meta, rejects, sorted } from './support.mjs';

const org = fixture.numbers;
const n = org.numbers;
const telnyx = client(org.key);
const paged = [0, 1, 2, 3, 4].map((i) => n[`paged${i}`]);

test('the client reads TELNYX_BASE_URL, as the README shows', async () => {
  const { data } = await new Telnyx({ apiKey: org.key, maxRetries: 0 }).phoneNumbers.retrieve(n.main.id);
  assert.equal(data.id, n.main.id);
});

test('phoneNumbers.retrieve returns the detailed record', async () => {
  const { data } = await telnyx.phoneNumbers.retrieve(n.main.id);
  assert.equal(data.id, n.main.id);
  assert.equal(typeof data.id, 'string');
  assert.equal(data.record_type, 'phone_number');
  assert.equal(data.phone_number, n.main.phone_number);
  assert.equal(data.status, 'active');
  assert.equal(data.phone_number_type, 'local');
  assert.equal(data.country_iso_alpha2, 'US');
  assert.deepEqual(data.tags, ['node', 'vip']);
  assert.equal(data.connection_id, '1494404757140276705');
  assert.equal(data.connection_name, 'main-trunk');
  assert.equal(data.customer_reference, 'ref-main');
  assert.equal(data.messaging_profile_id, org.messaging_profiles.main.id);
  assert.equal(data.messaging_profile_name, 'Numbers profile');
  assert.equal(data.deletion_lock_enabled, false);
  assert.equal(data.call_forwarding_enabled, true);
  assert.equal(data.emergency_status, 'disabled');
  assert.equal(data.external_pin, null);
  assert.match(data.created_at, ISO);
});

test('phoneNumbers.list walks every page with for await, keeping the filter', async () => {
  const requests = [];
  const recorded = client(org.key, { requests });
  const all = await collect(recorded.phoneNumbers.list({ filter: { tag: 'paged' }, 'page[size]': 2 }));
  assert.deepEqual(sorted(ids(all)), sorted(ids(paged)));
  assert.deepEqual(
    requests.map((r) => r.path),
    [
      '/v2/phone_numbers?filter%5Btag%5D=paged&page%5Bsize%5D=2',
      '/v2/phone_numbers?filter%5Btag%5D=paged&page%5Bsize%5D=2&page%5Bnumber%5D=2',
      '/v2/phone_numbers?filter%5Btag%5D=paged&page%5Bsize%5D=2&page%5Bnumber%5D=3',
    ],
  );
  const everything = await collect(telnyx.phoneNumbers.list({ 'page[size]': 3 }));
  assert.equal(everything.length, Object.keys(n).length);
  assert.equal(new Set(ids(everything)).size, everything.length);
});

test('phoneNumbers.list pages carry their meta and sort ascending', async () => {
  const first = await telnyx.phoneNumbers.list({ filter: { tag: 'paged' }, sort: 'phone_number', 'page[size]': 2 });
  assert.deepEqual(meta(first), { page_number: 1, page_size: 2, total_pages: 3, total_results: 5 });
  assert.deepEqual(ids(first.data), ids(paged.slice(0, 2)));
  assert.ok(first.hasNextPage());
  const second = await first.getNextPage();
  assert.deepEqual(meta(second), { page_number: 2, page_size: 2, total_pages: 3, total_results: 5 });
  assert.deepEqual(ids(second.data), ids(paged.slice(2, 4)));
  const third = await second.getNextPage();
  assert.deepEqual(ids(third.data), ids(paged.slice(4)));
  assert.equal(third.hasNextPage(), false);
  const byNumber = await telnyx.phoneNumbers.list({ filter: { phone_number: n.main.phone_number.slice(2) } });
  assert.deepEqual(ids(byNumber.data), [n.main.id]);
  const past = await telnyx.phoneNumbers.list({ filter: { tag: 'paged' }, 'page[size]': 2, 'page[number]': 9 });
  assert.deepEqual(past.data, []);
  assert.deepEqual(meta(past), { page_number: 9, page_size: 2, total_pages: 3, total_results: 5 });
  assert.equal(past.hasNextPage(), false);
  const requests = [];
  const countries = client(org.key, { requests }).phoneNumbers.list({ filter: { country_iso_alpha2: ['US', 'CA'] } });
  assert.equal((await collect(countries)).length, Object.keys(n).length);
  assert.equal(requests[0].path, '/v2/phone_numbers?filter%5Bcountry_iso_alpha2%5D=US%2CCA');
  const none = await telnyx.phoneNumbers.list({ filter: { tag: 'no-such-tag' } });
  assert.deepEqual(none.data, []);
  assert.equal(none.meta.total_results, 0);
  assert.equal(none.hasNextPage(), false);
});

test('phoneNumbers.slimList walks every page and leaves out the full-only fields', async () => {
  const all = await collect(telnyx.phoneNumbers.slimList({ 'page[size]': 4 }));
  assert.deepEqual(sorted(ids(all)), sorted(Object.values(n).map((record) => record.id)));
  const main = all.find((record) => record.id === n.main.id);
  assert.equal(main.phone_number, n.main.phone_number);
  assert.equal(main.record_type, 'phone_number');
  assert.equal(main.connection_id, '1494404757140276705');
  assert.equal('tags' in main, false);
  assert.equal('messaging_profile_id' in main, false);
  const page = await telnyx.phoneNumbers.slimList({ 'page[size]': 4 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 4, total_pages: 3, total_results: 10 });
  const tagged = await collect(telnyx.phoneNumbers.slimList({ include_tags: true, filter: { tag: 'vip' } }));
  assert.deepEqual(ids(tagged), [n.main.id]);
  assert.deepEqual(tagged[0].tags, ['node', 'vip']);
});

test('phoneNumbers.update(id) with no body argument (an empty PATCH body) changes nothing', async () => {
  const requests = [];
  const { data } = await client(org.key, { requests }).phoneNumbers.update(n.empty_patch.id);
  assert.equal(requests.length, 1);
  const [sent] = requests;
  assert.equal(sent.method, 'PATCH');
  assert.equal(sent.path, `/v2/phone_numbers/${n.empty_patch.id}`);
  assert.equal(sent.contentType, 'application/json');
  assert.ok(!sent.body, `the SDK sent a body: ${sent.body}`);
  assert.equal(data.id, n.empty_patch.id);
  assert.equal(data.customer_reference, 'keep');
  assert.deepEqual(data.tags, ['keep']);
  const again = await telnyx.phoneNumbers.retrieve(n.empty_patch.id);
  assert.equal(again.data.customer_reference, 'keep');
});

test('phoneNumbers.update changes the fields given', async () => {
  const before = (await telnyx.phoneNumbers.retrieve(n.patch.id)).data;
  const { data } = await telnyx.phoneNumbers.update(n.patch.id, {
    tags: ['patched', 'node', 'patched'],
    customer_reference: 'ref-patched',
    external_pin: '123456',
    hd_voice_enabled: true,
  });
  assert.deepEqual(data.tags, ['patched', 'node']);
  assert.equal(data.customer_reference, 'ref-patched');
  assert.equal(data.external_pin, '123456');
  assert.equal(data.hd_voice_enabled, true);
  assert.notEqual(data.updated_at, before.updated_at);
  const listed = await collect(telnyx.phoneNumbers.list({ filter: { tag: 'patched' } }));
  assert.deepEqual(ids(listed), [n.patch.id]);
});

test('phoneNumbers.delete returns the final record; the number is gone', async () => {
  const { data } = await telnyx.phoneNumbers.delete(n.doomed.id);
  assert.equal(data.id, n.doomed.id);
  assert.equal(data.status, 'deleted');
  assert.equal(data.phone_number, n.doomed.phone_number);
  await rejects(telnyx.phoneNumbers.retrieve(n.doomed.id), Telnyx.NotFoundError, 404);
  assert.deepEqual(await collect(telnyx.phoneNumbers.list({ filter: { tag: 'doomed' } })), []);
});

test('phoneNumbers.delete of a deletion-locked number is refused', async () => {
  const err = await rejects(telnyx.phoneNumbers.delete(n.locked.id), Telnyx.UnprocessableEntityError, 422);
  assert.equal(firstError(err).code, '10015');
  assert.deepEqual(firstError(err).source, { pointer: '/deletion_lock_enabled' });
  assert.equal((await telnyx.phoneNumbers.retrieve(n.locked.id)).data.status, 'active');
});

test('phoneNumbers.actions.verifyOwnership finds only the organisation\'s numbers', async () => {
  const theirs = fixture.other.numbers.theirs.phone_number;
  const { data } = await telnyx.phoneNumbers.actions.verifyOwnership({
    phone_numbers: [n.main.phone_number, theirs, '+15550000000', n.paged0.phone_number],
  });
  assert.equal(data.record_type, 'number_ownership_verification');
  assert.deepEqual(
    data.found.map((f) => [f.id, f.number_val_e164]),
    [
      [n.main.id, n.main.phone_number],
      [n.paged0.id, n.paged0.phone_number],
    ],
  );
  assert.deepEqual(data.not_found, [theirs, '+15550000000']);
});

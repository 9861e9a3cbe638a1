// client.mobilePhoneNumbers (the SDK requests /v2/v2/mobile_phone_numbers…) and its .messaging view.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, collect, fixture, ids, meta, rejects, sorted } from './support.mjs';

const org = fixture.mobile;
const m = org.mobile_phone_numbers;
const telnyx = client(org.key);
const all = Object.values(m);

test('the SDK requests the number itself at /v2/v2/… and the messaging view at /v2/…', async () => {
  const requests = [];
  const recorded = client(org.key, { requests });
  await recorded.mobilePhoneNumbers.retrieve(m.main.id);
  await recorded.mobilePhoneNumbers.list();
  await recorded.mobilePhoneNumbers.update(m.main.id);
  await recorded.mobilePhoneNumbers.messaging.retrieve(m.main.id);
  await recorded.mobilePhoneNumbers.messaging.list();
  assert.deepEqual(
    requests.map((r) => `${r.method} ${r.path}`),
    [
      `GET /v2/v2/mobile_phone_numbers/${m.main.id}`,
      'GET /v2/v2/mobile_phone_numbers',
      `PATCH /v2/v2/mobile_phone_numbers/${m.main.id}`,
      `GET /v2/mobile_phone_numbers/${m.main.id}/messaging`,
      'GET /v2/mobile_phone_numbers/messaging',
    ],
  );
  assert.ok(!requests[2].body, 'update(id) with no body argument sends an empty body');
});

test('mobilePhoneNumbers.retrieve returns the whole record', async () => {
  const { data } = await telnyx.mobilePhoneNumbers.retrieve(m.main.id);
  assert.equal(data.id, m.main.id);
  assert.equal(data.record_type, 'mobile_phone_number');
  assert.equal(data.phone_number, m.main.phone_number);
  assert.equal(data.status, 'active');
  assert.equal(data.country_iso_alpha2, 'US');
  assert.equal(data.customer_reference, 'ref-m');
  assert.deepEqual(data.tags, ['node']);
  assert.equal(data.noise_suppression, 'disabled');
  assert.deepEqual(data.call_forwarding, {
    call_forwarding_enabled: true,
    forwarding_type: 'always',
    forwards_to: '+13125550000',
  });
  assert.deepEqual(data.inbound, { interception_app_id: null, interception_app_name: null });
  assert.match(data.sim_card_id, /^[0-9a-f-]{36}$/);
  assert.match(data.created_at, ISO);
});

test('mobilePhoneNumbers.list walks every page with for await', async () => {
  const listed = await collect(telnyx.mobilePhoneNumbers.list({ 'page[size]': 2 }));
  assert.deepEqual(sorted(ids(listed)), sorted(ids(all)));
  const page = await telnyx.mobilePhoneNumbers.list({ 'page[size]': 2 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 2, total_pages: 2, total_results: 3 });
  const next = await page.getNextPage();
  assert.equal(next.meta.page_number, 2);
  assert.equal(next.data.length, 1);
  assert.equal(next.hasNextPage(), false);
});

test('mobilePhoneNumbers.update(id) with no body argument changes nothing', async () => {
  const { data } = await telnyx.mobilePhoneNumbers.update(m.empty_patch.id);
  assert.equal(data.id, m.empty_patch.id);
  assert.equal(data.customer_reference, 'keep');
  assert.equal(data.updated_at, '2021-01-01T00:00:00.000Z');
});

test('mobilePhoneNumbers.update merges nested settings and maps noise_suppression', async () => {
  const { data } = await telnyx.mobilePhoneNumbers.update(m.patch.id, {
    call_forwarding: { forwards_to: '+13125551234', forwarding_type: 'on-failure' },
    cnam_listing: { cnam_listing_enabled: true, cnam_listing_details: 'ACME' },
    noise_suppression: true,
    inbound_call_screening: 'reject_calls',
    customer_reference: 'patched',
    tags: ['x', 'y', 'x'],
  });
  assert.deepEqual(data.call_forwarding, {
    call_forwarding_enabled: true,
    forwarding_type: 'on-failure',
    forwards_to: '+13125551234',
  });
  assert.deepEqual(data.cnam_listing, { cnam_listing_enabled: true, cnam_listing_details: 'ACME' });
  assert.equal(data.noise_suppression, 'both');
  assert.equal(data.inbound_call_screening, 'reject_calls');
  assert.equal(data.customer_reference, 'patched');
  assert.deepEqual(data.tags, ['x', 'y']);
  const again = (await telnyx.mobilePhoneNumbers.retrieve(m.patch.id)).data;
  assert.equal(again.noise_suppression, 'both');
  assert.equal(again.call_recording.inbound_call_recording_format, 'wav');
  const cleared = await telnyx.mobilePhoneNumbers.update(m.patch.id, {
    customer_reference: null,
    noise_suppression: false,
  });
  assert.equal(cleared.data.customer_reference, null);
  assert.equal(cleared.data.noise_suppression, 'disabled');
});

test('mobilePhoneNumbers.update refuses a bad body', async () => {
  await rejects(
    telnyx.mobilePhoneNumbers.update(m.patch.id, { inbound_call_screening: 'sometimes' }),
    Telnyx.UnprocessableEntityError,
    422,
  );
});

test('mobilePhoneNumbers.messaging.retrieve shows the messaging view', async () => {
  const { data } = await telnyx.mobilePhoneNumbers.messaging.retrieve(m.main.id);
  assert.equal(data.id, m.main.id);
  assert.equal(data.phone_number, m.main.phone_number);
  assert.ok(['messaging_settings', 'messaging_phone_number'].includes(data.record_type));
  assert.equal(data.type, 'longcode');
  assert.equal(data.messaging_profile_id, org.messaging_profiles.main.id);
  assert.equal(data.country_code, 'US');
  assert.equal(typeof data.organization_id, 'string');
  assert.equal(typeof data.features.sms.domestic_two_way, 'boolean');
  assert.deepEqual(data.tags, ['node']);
  const plain = (await telnyx.mobilePhoneNumbers.messaging.retrieve(m.empty_patch.id)).data;
  assert.equal(plain.messaging_profile_id, null);
});

test('mobilePhoneNumbers.messaging.list walks every page with for await', async () => {
  const listed = await collect(telnyx.mobilePhoneNumbers.messaging.list({ 'page[size]': 2 }));
  assert.deepEqual(sorted(ids(listed)), sorted(ids(all)));
  const page = await telnyx.mobilePhoneNumbers.messaging.list({ 'page[size]': 2 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 2, total_pages: 2, total_results: 3 });
});

test('mobile numbers are tenant-scoped and read-only keys cannot write', async () => {
  const theirs = fixture.other.mobile_phone_numbers.theirs;
  await rejects(telnyx.mobilePhoneNumbers.retrieve(theirs.id), Telnyx.NotFoundError, 404);
  await rejects(telnyx.mobilePhoneNumbers.update(theirs.id, { tags: ['x'] }), Telnyx.NotFoundError, 404);
  await rejects(telnyx.mobilePhoneNumbers.messaging.retrieve(theirs.id), Telnyx.NotFoundError, 404);
  const readOnly = client(org.read_only_key);
  assert.equal((await readOnly.mobilePhoneNumbers.retrieve(m.main.id)).data.id, m.main.id);
  await rejects(readOnly.mobilePhoneNumbers.update(m.main.id, { tags: ['x'] }), Telnyx.PermissionDeniedError, 403);
});

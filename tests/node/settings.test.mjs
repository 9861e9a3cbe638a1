// client.phoneNumbers.voice, .messaging, and .actions.enableEmergency / changeBundleStatus.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, collect, firstError, fixture, ids, meta, rejects, sorted } from './support.mjs';

const org = fixture.settings;
const n = org.numbers;
const telnyx = client(org.key);
const profile = org.messaging_profiles.main;
const otherProfile = org.messaging_profiles.other;

test('phoneNumbers.voice.retrieve shows the seeded and default voice settings', async () => {
  const { data } = await telnyx.phoneNumbers.voice.retrieve(n.voice.id);
  assert.equal(data.id, n.voice.id);
  assert.equal(data.record_type, 'voice_settings');
  assert.deepEqual(data.call_forwarding, {
    call_forwarding_enabled: true,
    forwarding_type: 'always',
    forwards_to: '+13125550000',
  });
  assert.deepEqual(data.cnam_listing, { cnam_listing_enabled: true, cnam_listing_details: 'ACME' });
  assert.deepEqual(data.call_recording, {
    inbound_call_recording_channels: 'single',
    inbound_call_recording_enabled: false,
    inbound_call_recording_format: 'wav',
  });
  assert.equal(data.media_features.rtp_auto_adjust_enabled, true);
  assert.equal(data.emergency.emergency_status, 'disabled');
  assert.equal(data.emergency.emergency_enabled, false);
  assert.equal(data.usage_payment_method, 'pay-per-minute');
  assert.equal(data.inbound_call_screening, 'disabled');
  assert.equal(data.tech_prefix_enabled, false);
  assert.equal(data.translated_number, '');
});

test('phoneNumbers.voice.update(id) with no body argument changes nothing', async () => {
  const { data } = await telnyx.phoneNumbers.voice.update(n.voice_patch.id);
  assert.equal(data.id, n.voice_patch.id);
  assert.equal(data.usage_payment_method, 'pay-per-minute');
  const core = (await telnyx.phoneNumbers.retrieve(n.voice_patch.id)).data;
  assert.equal(core.updated_at, '2021-01-01T00:00:00.000Z');
});

test('phoneNumbers.voice.update deep-merges nested settings; the core record follows', async () => {
  const { data } = await telnyx.phoneNumbers.voice.update(n.voice.id, {
    call_forwarding: { call_forwarding_enabled: false },
    call_recording: { inbound_call_recording_enabled: true, inbound_call_recording_format: 'mp3' },
    media_features: { t38_fax_gateway_enabled: true },
    inbound_call_screening: 'flag_calls',
    tech_prefix_enabled: true,
    translated_number: '+13125559999',
  });
  assert.deepEqual(data.call_forwarding, {
    call_forwarding_enabled: false,
    forwarding_type: 'always',
    forwards_to: '+13125550000',
  });
  assert.equal(data.call_recording.inbound_call_recording_channels, 'single');
  assert.equal(data.call_recording.inbound_call_recording_format, 'mp3');
  assert.equal(data.media_features.rtp_auto_adjust_enabled, true);
  assert.equal(data.inbound_call_screening, 'flag_calls');
  assert.equal(data.translated_number, '+13125559999');
  const core = (await telnyx.phoneNumbers.retrieve(n.voice.id)).data;
  assert.equal(core.call_forwarding_enabled, false);
  assert.equal(core.call_recording_enabled, true);
  assert.equal(core.t38_fax_gateway_enabled, true);
  assert.equal(core.inbound_call_screening, 'flag_calls');
});

test('phoneNumbers.voice.list walks the pages and filters', async () => {
  const all = await collect(telnyx.phoneNumbers.voice.list({ 'page[size]': 3 }));
  assert.deepEqual(sorted(ids(all)), sorted(Object.values(n).map((record) => record.id)));
  assert.ok(all.every((record) => record.record_type === 'voice_settings'));
  const filter = { 'voice.usage_payment_method': 'channel' };
  const channel = await collect(telnyx.phoneNumbers.voice.list({ filter }));
  assert.deepEqual(ids(channel), [n.channel.id]);
  const page = await telnyx.phoneNumbers.voice.list({ 'page[size]': 3, sort: 'phone_number' });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 3, total_pages: 3, total_results: 8 });
  assert.deepEqual(ids(page.data), [n.voice.id, n.voice_patch.id, n.channel.id]);
});

test('phoneNumbers.messaging.retrieve derives the messaging settings', async () => {
  const { data } = await telnyx.phoneNumbers.messaging.retrieve(n.messaging.id);
  assert.equal(data.id, n.messaging.id);
  assert.equal(data.record_type, 'messaging_settings');
  assert.equal(data.phone_number, n.messaging.phone_number);
  assert.equal(data.messaging_profile_id, profile.id);
  assert.equal(data.type, 'longcode');
  assert.equal(data.messaging_product, 'A2P');
  assert.equal(data.traffic_type, 'A2P');
  assert.deepEqual(data.tags, ['m']);
  assert.equal(data.country_code, 'US');
  assert.equal(typeof data.organization_id, 'string');
  assert.equal(typeof data.features.sms.domestic_two_way, 'boolean');
  assert.equal(data.health.message_count, 0);
  assert.match(data.created_at, ISO);
  const tollFree = (await telnyx.phoneNumbers.messaging.retrieve(n.toll_free.id)).data;
  assert.equal(tollFree.type, 'tollfree');
  assert.equal(tollFree.messaging_profile_id, null);
});

test('phoneNumbers.messaging.update(id) with no body argument changes nothing', async () => {
  const { data } = await telnyx.phoneNumbers.messaging.update(n.messaging.id);
  assert.equal(data.messaging_profile_id, profile.id);
  assert.deepEqual(data.tags, ['m']);
});

test('phoneNumbers.messaging.update assigns, moves and unassigns a profile', async () => {
  const body = { messaging_profile_id: profile.id };
  const assigned = (await telnyx.phoneNumbers.messaging.update(n.messaging_patch.id, body)).data;
  assert.equal(assigned.messaging_profile_id, profile.id);
  const core = (await telnyx.phoneNumbers.retrieve(n.messaging_patch.id)).data;
  assert.equal(core.messaging_profile_id, profile.id);
  assert.equal(core.messaging_profile_name, 'Settings profile');
  const onProfile = await collect(telnyx.phoneNumbers.messaging.list({ 'filter[messaging_profile_id]': profile.id }));
  assert.deepEqual(sorted(ids(onProfile)), sorted([n.messaging.id, n.messaging_patch.id]));
  const moved = await telnyx.phoneNumbers.messaging.update(n.messaging_patch.id, {
    messaging_profile_id: otherProfile.id,
    messaging_product: 'P2P',
    tags: ['moved'],
  });
  assert.equal(moved.data.messaging_profile_id, otherProfile.id);
  assert.equal(moved.data.messaging_product, 'P2P');
  assert.deepEqual(moved.data.tags, ['moved']);
  const cleared = await telnyx.phoneNumbers.messaging.update(n.messaging_patch.id, { messaging_profile_id: '' });
  assert.equal(cleared.data.messaging_profile_id, null);
  assert.equal((await telnyx.phoneNumbers.retrieve(n.messaging_patch.id)).data.messaging_profile_name, null);
});

test('phoneNumbers.messaging.list walks the pages, filters and sorts', async () => {
  const all = await collect(telnyx.phoneNumbers.messaging.list({ 'page[size]': 3 }));
  assert.deepEqual(sorted(ids(all)), sorted(Object.values(n).map((record) => record.id)));
  const tollFree = await collect(telnyx.phoneNumbers.messaging.list({ 'filter[type]': 'tollfree' }));
  assert.deepEqual(ids(tollFree), [n.toll_free.id]);
  const exact = await collect(telnyx.phoneNumbers.messaging.list({ 'filter[phone_number]': n.messaging.phone_number }));
  assert.deepEqual(ids(exact), [n.messaging.id]);
  const page = await telnyx.phoneNumbers.messaging.list({ 'page[size]': 3, 'sort[phone_number]': 'desc' });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 3, total_pages: 3, total_results: 8 });
  assert.deepEqual(ids(page.data), [n.bundle.id, n.emergency.id, n.toll_free.id]);
});

test('phoneNumbers.actions.enableEmergency turns emergency on and off', async () => {
  const address = org.addresses.main.id;
  const on = await telnyx.phoneNumbers.actions.enableEmergency(n.emergency.id, {
    emergency_address_id: address,
    emergency_enabled: true,
  });
  assert.equal(on.data.id, n.emergency.id);
  assert.deepEqual(on.data.emergency, {
    emergency_enabled: true,
    emergency_address_id: address,
    emergency_status: 'active',
  });
  const core = (await telnyx.phoneNumbers.retrieve(n.emergency.id)).data;
  assert.equal(core.emergency_enabled, true);
  assert.equal(core.emergency_address_id, address);
  const off = await telnyx.phoneNumbers.actions.enableEmergency(n.emergency.id, {
    emergency_address_id: address,
    emergency_enabled: false,
  });
  assert.equal(off.data.emergency.emergency_enabled, false);
  assert.equal(off.data.emergency.emergency_status, 'disabled');
  const foreign = await rejects(
    telnyx.phoneNumbers.actions.enableEmergency(n.emergency.id, { emergency_address_id: '1', emergency_enabled: true }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(firstError(foreign).source, { pointer: '/emergency_address_id' });
});

test('phoneNumbers.actions.changeBundleStatus joins, leaves and moves bundles', async () => {
  const { first, second } = org.bundles;
  const joined = await telnyx.phoneNumbers.actions.changeBundleStatus(n.bundle.id, { bundle_id: first.id });
  assert.equal(joined.data.id, n.bundle.id);
  assert.equal(joined.data.bundle_id, first.id);
  const refused = await rejects(
    telnyx.phoneNumbers.actions.changeBundleStatus(n.bundle.id, { bundle_id: second.id }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(firstError(refused).source, { pointer: '/bundle_id' });
  const left = await telnyx.phoneNumbers.actions.changeBundleStatus(n.bundle.id, { bundle_id: null });
  assert.equal(left.data.bundle_id, null);
  const moved = await telnyx.phoneNumbers.actions.changeBundleStatus(n.bundle.id, { bundle_id: second.id });
  assert.equal(moved.data.bundle_id, second.id);
  assert.equal((await telnyx.phoneNumbers.voice.retrieve(n.bundle.id)).data.bundle_id, second.id);
});

// client.messagingProfiles and client.shortCodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, collect, firstError, fixture, ids, meta, rejects, sorted } from './support.mjs';

const org = fixture.profiles;
const n = org.numbers;
const { alpha, beta } = org.messaging_profiles;
const codes = org.short_codes;
const telnyx = client(org.key);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let made; // the profile the create test makes; later tests update and delete it
function created() {
  assert.ok(made, 'needs the profile the create test makes, and that test failed');
  return made;
}

test('messagingProfiles.create returns the new profile with the defaults filled in', async () => {
  const { data } = await telnyx.messagingProfiles.create({ name: 'Made by Node', whitelisted_destinations: ['US'] });
  assert.match(data.id, UUID);
  assert.equal(data.record_type, 'messaging_profile');
  assert.equal(data.name, 'Made by Node');
  assert.deepEqual(data.whitelisted_destinations, ['US']);
  assert.equal(data.enabled, true);
  assert.equal(data.webhook_api_version, '2');
  assert.equal(typeof data.organization_id, 'string');
  assert.equal(typeof data.v1_secret, 'string');
  assert.equal(data.number_pool_settings, null);
  assert.match(data.created_at, ISO);
  made = data;
});

test('messagingProfiles.create refuses a body without its required fields', async () => {
  const err = await rejects(
    telnyx.messagingProfiles.create({ name: 'No destinations' }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(firstError(err).source, { pointer: '/whitelisted_destinations' });
});

test('messagingProfiles.retrieve returns a seeded and a created profile', async () => {
  const { data } = await telnyx.messagingProfiles.retrieve(alpha.id);
  assert.equal(data.id, alpha.id);
  assert.equal(data.name, 'Alpha');
  assert.deepEqual(data.whitelisted_destinations, ['US']);
  assert.equal((await telnyx.messagingProfiles.retrieve(created().id)).data.name, 'Made by Node');
});

test('messagingProfiles.list walks every page with for await and filters by name', async () => {
  const listed = await collect(telnyx.messagingProfiles.list({ 'page[size]': 1 }));
  assert.deepEqual(sorted(ids(listed)), sorted([alpha.id, beta.id, created().id]));
  const page = await telnyx.messagingProfiles.list({ 'page[size]': 2 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 2, total_pages: 2, total_results: 3 });
  const named = await collect(telnyx.messagingProfiles.list({ filter: { name: 'Beta' } }));
  assert.deepEqual(ids(named), [beta.id]);
  assert.deepEqual(named[0].whitelisted_destinations, ['US', 'CA']);
});

test('messagingProfiles.update(id) with no body argument changes nothing', async () => {
  const { data } = await telnyx.messagingProfiles.update(created().id);
  assert.equal(data.name, 'Made by Node');
  assert.equal(data.enabled, true);
});

test('messagingProfiles.update changes the fields given and keeps the rest', async () => {
  const { data } = await telnyx.messagingProfiles.update(created().id, {
    name: 'Renamed by Node',
    enabled: false,
    whitelisted_destinations: ['US', 'CA'],
    webhook_url: 'https://example.com/hooks',
  });
  assert.equal(data.id, created().id);
  assert.equal(data.name, 'Renamed by Node');
  assert.equal(data.enabled, false);
  assert.deepEqual(data.whitelisted_destinations, ['US', 'CA']);
  assert.equal(data.webhook_url, 'https://example.com/hooks');
  assert.equal(data.webhook_api_version, '2');
  assert.notEqual(data.updated_at, created().updated_at);
  assert.equal((await telnyx.messagingProfiles.retrieve(created().id)).data.name, 'Renamed by Node');
});

test('messagingProfiles.listPhoneNumbers lists the profile\'s numbers across pages', async () => {
  const listed = await collect(telnyx.messagingProfiles.listPhoneNumbers(alpha.id, { 'page[size]': 1 }));
  assert.deepEqual(sorted(ids(listed)), sorted([n.alpha1.id, n.alpha2.id]));
  for (const number of listed) {
    assert.equal(number.messaging_profile_id, alpha.id);
    assert.ok(['messaging_settings', 'messaging_phone_number'].includes(number.record_type));
  }
  const page = await telnyx.messagingProfiles.listPhoneNumbers(alpha.id, { 'page[size]': 1 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 1, total_pages: 2, total_results: 2 });
  assert.deepEqual(await collect(telnyx.messagingProfiles.listPhoneNumbers(created().id)), []);
});

test('messagingProfiles.listShortCodes lists the profile\'s short codes', async () => {
  const listed = await collect(telnyx.messagingProfiles.listShortCodes(beta.id, { 'page[size]': 1 }));
  assert.deepEqual(sorted(ids(listed)), sorted([codes.beta.id, codes.patch.id]));
  assert.ok(listed.every((code) => code.messaging_profile_id === beta.id));
  const alphas = await collect(telnyx.messagingProfiles.listShortCodes(alpha.id));
  assert.deepEqual(ids(alphas), [codes.alpha.id]);
});

test('messagingProfiles.delete returns the final profile; a profile in use is refused', async () => {
  const { data } = await telnyx.messagingProfiles.delete(created().id);
  assert.equal(data.id, created().id);
  assert.equal(data.name, 'Renamed by Node');
  await rejects(telnyx.messagingProfiles.retrieve(created().id), Telnyx.NotFoundError, 404);
  await rejects(telnyx.messagingProfiles.delete(created().id), Telnyx.NotFoundError, 404);
  const inUse = await rejects(telnyx.messagingProfiles.delete(alpha.id), Telnyx.UnprocessableEntityError, 422);
  assert.equal(firstError(inUse).code, '10021');
  assert.equal((await telnyx.messagingProfiles.retrieve(alpha.id)).data.id, alpha.id);
});

test('shortCodes.retrieve returns the short code', async () => {
  const { data } = await telnyx.shortCodes.retrieve(codes.alpha.id);
  assert.equal(data.id, codes.alpha.id);
  assert.equal(data.record_type, 'short_code');
  assert.equal(data.short_code, codes.alpha.short_code);
  assert.equal(data.country_code, 'US');
  assert.equal(data.messaging_profile_id, alpha.id);
  assert.deepEqual(data.tags, []);
  assert.match(data.created_at, ISO);
});

test('shortCodes.list walks every page and filters by profile', async () => {
  const listed = await collect(telnyx.shortCodes.list({ 'page[size]': 3 }));
  assert.deepEqual(sorted(ids(listed)), sorted(ids(Object.values(codes))));
  const page = await telnyx.shortCodes.list({ 'page[size]': 3 });
  assert.deepEqual(meta(page), { page_number: 1, page_size: 3, total_pages: 2, total_results: 4 });
  const onBeta = await collect(telnyx.shortCodes.list({ filter: { messaging_profile_id: beta.id } }));
  assert.deepEqual(sorted(ids(onBeta)), sorted([codes.beta.id, codes.patch.id]));
  const unbound = await collect(telnyx.shortCodes.list({ filter: { messaging_profile_id: 'null' } }));
  assert.deepEqual(ids(unbound), [codes.unbound.id]);
});

test('shortCodes.update binds, tags and unbinds', async () => {
  const moved = await telnyx.shortCodes.update(codes.patch.id, { messaging_profile_id: alpha.id, tags: ['node'] });
  assert.equal(moved.data.messaging_profile_id, alpha.id);
  assert.deepEqual(moved.data.tags, ['node']);
  const alphas = await collect(telnyx.messagingProfiles.listShortCodes(alpha.id));
  assert.deepEqual(sorted(ids(alphas)), sorted([codes.alpha.id, codes.patch.id]));
  const unbound = await telnyx.shortCodes.update(codes.patch.id, { messaging_profile_id: null });
  assert.equal(unbound.data.messaging_profile_id, null);
  assert.deepEqual(unbound.data.tags, ['node']);
  const foreign = fixture.other.messaging_profiles.theirs.id;
  await rejects(
    telnyx.shortCodes.update(codes.patch.id, { messaging_profile_id: foreign }),
    Telnyx.UnprocessableEntityError,
    422,
  );
});

test('profiles and short codes are tenant-scoped; read-only keys cannot write', async () => {
  const theirs = fixture.other;
  await rejects(telnyx.messagingProfiles.retrieve(theirs.messaging_profiles.theirs.id), Telnyx.NotFoundError, 404);
  await rejects(telnyx.shortCodes.retrieve(theirs.short_codes.theirs.id), Telnyx.NotFoundError, 404);
  await rejects(
    telnyx.shortCodes.update(theirs.short_codes.theirs.id, { messaging_profile_id: alpha.id }),
    Telnyx.NotFoundError,
    404,
  );
  const readOnly = client(org.read_only_key);
  assert.equal((await readOnly.messagingProfiles.retrieve(alpha.id)).data.id, alpha.id);
  await rejects(readOnly.messagingProfiles.update(alpha.id, { name: 'x' }), Telnyx.PermissionDeniedError, 403);
  await rejects(
    readOnly.messagingProfiles.create({ name: 'x', whitelisted_destinations: ['US'] }),
    Telnyx.PermissionDeniedError,
    403,
  );
  const unbind = readOnly.shortCodes.update(codes.alpha.id, { messaging_profile_id: null });
  await rejects(unbind, Telnyx.PermissionDeniedError, 403);
});

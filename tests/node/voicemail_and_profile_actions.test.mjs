// client.phoneNumbers.voicemail, client.messagingProfiles.listAlphanumericSenderIDs and
// client.messagingProfiles.actions.regenerateSecret.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Telnyx, client, collect, firstError, fixture, meta, rejects } from './support.mjs';

const org = fixture.more;
const { voicemail, fresh } = org.numbers;
const { branded, plain } = org.messaging_profiles;
const theirs = fixture.other;
const telnyx = client(org.key);
const readOnly = client(org.read_only_key);
const other = client(theirs.key);

test('phoneNumbers.voicemail.retrieve is 404 until the settings are created', async () => {
  const err = await rejects(telnyx.phoneNumbers.voicemail.retrieve(fresh.id), Telnyx.NotFoundError, 404);
  assert.equal(firstError(err).code, '10005');
  await rejects(telnyx.phoneNumbers.voicemail.update(fresh.id, { enabled: true }), Telnyx.NotFoundError, 404);
});

test('phoneNumbers.voicemail.create, retrieve and update keep every field', async () => {
  const made = await telnyx.phoneNumbers.voicemail.create(voicemail.id, {
    enabled: true,
    pin: '1234',
    greeting: { mode: 'custom_greeting', media_name: 'hello.mp3' },
  });
  assert.deepEqual(made.data, {
    enabled: true,
    pin: '1234',
    greeting: { mode: 'custom_greeting', media_name: 'hello.mp3' },
  });
  assert.deepEqual((await telnyx.phoneNumbers.voicemail.retrieve(voicemail.id)).data, made.data);
  const updated = await telnyx.phoneNumbers.voicemail.update(voicemail.id, { greeting: { mode: 'default' }, pin: '9876' });
  assert.deepEqual(updated.data, { enabled: true, pin: '9876', greeting: { mode: 'default', media_name: 'hello.mp3' } });
  // A bare update sends an empty body and changes nothing.
  const bare = await telnyx.phoneNumbers.voicemail.update(voicemail.id);
  assert.deepEqual(bare.data, updated.data);
  const again = await rejects(telnyx.phoneNumbers.voicemail.create(voicemail.id, {}), Telnyx.UnprocessableEntityError, 422);
  assert.equal(firstError(again).code, '10012');
});

test('phoneNumbers.voicemail refuses bad fields, read-only keys and other organisations', async () => {
  const err = await rejects(
    telnyx.phoneNumbers.voicemail.update(voicemail.id, { greeting: { mode: 'custom_greeting', media_name: null } }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(firstError(err).source, { pointer: '/greeting/media_name' });
  await rejects(readOnly.phoneNumbers.voicemail.update(voicemail.id, { pin: '1' }), Telnyx.PermissionDeniedError, 403);
  assert.equal((await readOnly.phoneNumbers.voicemail.retrieve(voicemail.id)).data.pin, '9876');
  await rejects(other.phoneNumbers.voicemail.retrieve(voicemail.id), Telnyx.NotFoundError, 404);
  await rejects(other.phoneNumbers.voicemail.create(voicemail.id, {}), Telnyx.NotFoundError, 404);
});

test('messagingProfiles.listAlphanumericSenderIDs lists the profile alpha sender', async () => {
  const senders = await collect(telnyx.messagingProfiles.listAlphanumericSenderIDs(branded.id));
  assert.equal(senders.length, 1);
  const [sender] = senders;
  assert.equal(sender.record_type, 'alphanumeric_sender_id');
  assert.equal(sender.alphanumeric_sender_id, 'Acme');
  assert.equal(sender.messaging_profile_id, branded.id);
  assert.equal(typeof sender.id, 'string');
  assert.equal(typeof sender.organization_id, 'string');
  assert.equal('us_long_code_fallback' in sender, false);
  const page = await telnyx.messagingProfiles.listAlphanumericSenderIDs(plain.id, { 'page[size]': 5 });
  assert.deepEqual(page.data, []);
  assert.deepEqual(meta(page), { page_number: 1, page_size: 5, total_pages: 0, total_results: 0 });
  await rejects(other.messagingProfiles.listAlphanumericSenderIDs(branded.id), Telnyx.NotFoundError, 404);
});

test('messagingProfiles.actions.regenerateSecret answers the profile with a new v1_secret', async () => {
  await rejects(readOnly.messagingProfiles.actions.regenerateSecret(branded.id), Telnyx.PermissionDeniedError, 403);
  await rejects(other.messagingProfiles.actions.regenerateSecret(branded.id), Telnyx.NotFoundError, 404);
  const { data } = await telnyx.messagingProfiles.actions.regenerateSecret(branded.id);
  assert.equal(data.id, branded.id);
  assert.equal(data.record_type, 'messaging_profile');
  assert.match(data.v1_secret, /^[A-Za-z0-9]{24}$/);
  assert.notEqual(data.v1_secret, 'rP1VamejkU2v0qIUxntqLW2c');
  assert.equal((await telnyx.messagingProfiles.retrieve(branded.id)).data.v1_secret, data.v1_secret);
});

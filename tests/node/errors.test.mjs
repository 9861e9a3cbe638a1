// The SDK's error classes, as the seed documents' error handling uses them (`err instanceof Telnyx.X`).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Telnyx, client, collect, firstError, fixture, rejects } from './support.mjs';

const org = fixture.errors;
const mine = org.numbers.mine;
const theirs = fixture.other.numbers.theirs;
const telnyx = client(org.key);

test('a bad key is Telnyx.AuthenticationError (401, 10009)', async () => {
  const stranger = client('KEYnobody-at-all-0000');
  const err = await rejects(stranger.phoneNumbers.retrieve(mine.id), Telnyx.AuthenticationError, 401);
  assert.equal(firstError(err).code, '10009');
  await rejects(stranger.phoneNumbers.list(), Telnyx.AuthenticationError, 401);
  await rejects(stranger.messagingProfiles.list(), Telnyx.AuthenticationError, 401);
  await rejects(stranger.mobilePhoneNumbers.list(), Telnyx.AuthenticationError, 401);
});

test('another organisation\'s number is Telnyx.NotFoundError (404, 10005), like a missing one', async () => {
  for (const id of [theirs.id, '1']) {
    const err = await rejects(telnyx.phoneNumbers.retrieve(id), Telnyx.NotFoundError, 404);
    assert.equal(firstError(err).code, '10005');
  }
  await rejects(telnyx.phoneNumbers.update(theirs.id, { tags: ['x'] }), Telnyx.NotFoundError, 404);
  await rejects(telnyx.phoneNumbers.delete(theirs.id), Telnyx.NotFoundError, 404);
  await rejects(telnyx.phoneNumbers.voice.retrieve(theirs.id), Telnyx.NotFoundError, 404);
  await rejects(telnyx.phoneNumbers.messaging.retrieve(theirs.id), Telnyx.NotFoundError, 404);
  const listed = await collect(telnyx.phoneNumbers.list());
  assert.deepEqual(listed.map((number) => number.id), [mine.id]);
});

test('a bad body is Telnyx.UnprocessableEntityError (422) pointing at each bad field', async () => {
  const err = await rejects(
    telnyx.phoneNumbers.voice.update(mine.id, {
      usage_payment_method: 'free',
      call_forwarding: { forwarding_type: 'on_failure' },
    }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  const pointers = err.error.errors.map((entry) => entry.source.pointer).sort();
  assert.deepEqual(pointers, ['/call_forwarding/forwarding_type', '/usage_payment_method']);
  const tags = await rejects(
    telnyx.phoneNumbers.update(mine.id, { tags: 'not-a-list' }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(firstError(tags).source, { pointer: '/tags' });
  const numbers = await rejects(
    telnyx.phoneNumbers.actions.verifyOwnership({ phone_numbers: ['3125550001'] }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.equal(firstError(numbers).code, '10016');
  const query = await rejects(telnyx.phoneNumbers.list({ 'page[size]': 251 }), Telnyx.UnprocessableEntityError, 422);
  assert.deepEqual(firstError(query).source, { parameter: 'page[size]' });
  assert.equal((await telnyx.phoneNumbers.voice.retrieve(mine.id)).data.usage_payment_method, 'pay-per-minute');
});

test('a read-only key writing is Telnyx.PermissionDeniedError (403, 10010); reading is fine', async () => {
  const readOnly = client(org.read_only_key);
  assert.equal((await readOnly.phoneNumbers.retrieve(mine.id)).data.id, mine.id);
  const err = await rejects(readOnly.phoneNumbers.update(mine.id, { tags: ['x'] }), Telnyx.PermissionDeniedError, 403);
  assert.equal(firstError(err).code, '10010');
  await rejects(readOnly.phoneNumbers.update(mine.id), Telnyx.PermissionDeniedError, 403);
  await rejects(readOnly.phoneNumbers.delete(mine.id), Telnyx.PermissionDeniedError, 403);
  const voice = readOnly.phoneNumbers.voice.update(mine.id, { tech_prefix_enabled: true });
  await rejects(voice, Telnyx.PermissionDeniedError, 403);
  await rejects(readOnly.phoneNumbers.messaging.update(mine.id, { tags: ['x'] }), Telnyx.PermissionDeniedError, 403);
  assert.deepEqual((await telnyx.phoneNumbers.retrieve(mine.id)).data.tags, []);
});

test('every error is also a Telnyx.APIError carrying the envelope, as the seeds\' handlers expect', async () => {
  try {
    await telnyx.phoneNumbers.retrieve(theirs.id);
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof Telnyx.APIError);
    assert.equal(err.status, 404);
    assert.match(err.message, /^404 /);
    assert.equal(err.headers.get('content-type'), 'application/json');
    const entry = firstError(err);
    assert.equal(entry.code, '10005');
    assert.equal(typeof entry.detail, 'string');
    assert.match(entry.meta.url, /10005$/);
  }
});

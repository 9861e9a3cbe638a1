// client.messages: send and its kin, schedule, cancelScheduled and retrieve, with the profile's
// refusals as the Node SDK raises them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, firstError, fixture, rejects } from './support.mjs';

const org = fixture.messages;
const { sender, pooled } = org.numbers;
const { sending } = org.messaging_profiles;
const { code } = org.short_codes;
const telnyx = client(org.key);
const other = client(fixture.other.key);
const TO = '+13125550147';

test('messages.send answers the queued message, and retrieve finds it', async () => {
  const sent = (await telnyx.messages.send({ from: sender.phone_number, to: TO, text: 'Hello from Node' })).data;
  assert.equal(sent.record_type, 'message');
  assert.equal(sent.direction, 'outbound');
  assert.equal(sent.from.phone_number, sender.phone_number);
  assert.deepEqual(sent.to.map((t) => [t.phone_number, t.status]), [[TO, 'queued']]);
  assert.equal(sent.messaging_profile_id, sending.id);
  assert.equal(sent.parts, 1);
  assert.equal(sent.encoding, 'GSM-7');
  assert.match(sent.received_at, ISO);
  const found = (await telnyx.messages.retrieve(sent.id)).data;
  assert.equal(found.id, sent.id);
  assert.equal(found.text, 'Hello from Node');
  await rejects(other.messages.retrieve(sent.id), Telnyx.NotFoundError, 404);
});

test('sendLongCode, sendNumberPool, sendShortCode and sendWithAlphanumericSender pick the sender', async () => {
  const long = (await telnyx.messages.sendLongCode({ from: sender.phone_number, to: TO, text: 'a' })).data;
  assert.equal(long.from.phone_number, sender.phone_number);
  const pool = (await telnyx.messages.sendNumberPool({ messaging_profile_id: sending.id, to: TO, text: 'b' })).data;
  assert.ok([sender.phone_number, pooled.phone_number].includes(pool.from.phone_number));
  const short = (await telnyx.messages.sendShortCode({ from: code.short_code, to: TO, text: 'c' })).data;
  assert.equal(short.from.phone_number, code.short_code);
  const alpha = (
    await telnyx.messages.sendWithAlphanumericSender({
      from: 'Acme', messaging_profile_id: sending.id, to: '+447700900123', text: 'd',
    })
  ).data;
  assert.equal(alpha.from.phone_number, 'Acme');
});

test('the profile refuses what it does not allow', async () => {
  let err = await rejects(telnyx.messages.send({ from: sender.phone_number, to: '+33612345678', text: 'x' }),
    Telnyx.BadRequestError, 400);
  assert.equal(firstError(err).code, '40309');
  err = await rejects(telnyx.messages.send({ from: '+19999999999', to: TO, text: 'x' }), Telnyx.BadRequestError, 400);
  assert.equal(firstError(err).code, '40305');
  err = await rejects(telnyx.messages.send({ from: sender.phone_number, to: TO, text: 'x'.repeat(1600) }),
    Telnyx.BadRequestError, 400);
  assert.equal(firstError(err).code, '40302');
  err = await rejects(telnyx.messages.sendWithAlphanumericSender({
    from: 'Other', messaging_profile_id: sending.id, to: '+447700900123', text: 'x',
  }), Telnyx.BadRequestError, 400);
  assert.equal(firstError(err).code, '40307');
});

test('schedule, then cancelScheduled answers the message itself as cancelled', async () => {
  const sendAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  const scheduled = (await telnyx.messages.schedule({ from: sender.phone_number, to: TO, text: 'later', send_at: sendAt })).data;
  assert.equal(scheduled.to[0].status, 'queued');
  const cancelled = await telnyx.messages.cancelScheduled(scheduled.id);
  assert.equal(cancelled.id, scheduled.id);
  assert.equal(cancelled.to[0].status, 'cancelled');
  await rejects(telnyx.messages.retrieve(scheduled.id), Telnyx.NotFoundError, 404);
});

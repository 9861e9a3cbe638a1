// client.messagingProfiles.autorespConfigs and client.messagingProfiles.retrieveMetrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ISO, Telnyx, client, fixture, firstError, meta, rejects } from './support.mjs';

const org = fixture.autoresp;
const { main, spare } = org.messaging_profiles;
const telnyx = client(org.key);
const readOnly = client(org.read_only_key);
const other = client(fixture.other.key);
const configs = telnyx.messagingProfiles.autorespConfigs;

test('messagingProfiles.autorespConfigs create, retrieve, list, update and delete', async () => {
  const made = (
    await configs.create(main.id, { country_code: 'US', keywords: ['JOIN', 'Start'], op: 'start', resp_text: 'Welcome!' })
  ).data;
  assert.deepEqual(
    { country_code: made.country_code, keywords: made.keywords, op: made.op, resp_text: made.resp_text },
    { country_code: 'US', keywords: ['JOIN', 'Start'], op: 'start', resp_text: 'Welcome!' },
  );
  assert.match(made.created_at, ISO);
  assert.equal(made.updated_at, made.created_at);
  assert.deepEqual((await configs.retrieve(made.id, { profile_id: main.id })).data, made);
  const listed = await configs.list(main.id, { country_code: 'US', created_at: { gte: made.created_at } });
  assert.deepEqual(listed.data, [made]);
  assert.deepEqual(meta(listed), { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 });
  assert.deepEqual((await configs.list(main.id, { country_code: 'CA' })).data, []);
  // A PUT replaces every field; without resp_text the record has none (the key is left out).
  const updated = (
    await configs.update(made.id, { profile_id: main.id, country_code: 'CA', keywords: ['go'], op: 'info' })
  ).data;
  const { resp_text, ...kept } = made;
  assert.equal(resp_text, 'Welcome!');
  assert.deepEqual(updated, { ...kept, country_code: 'CA', keywords: ['go'], op: 'info', updated_at: updated.updated_at });
  // Delete answers the JSON string "OK", which the Node SDK parses.
  assert.equal(await configs.delete(made.id, { profile_id: main.id }), 'OK');
  await rejects(configs.retrieve(made.id, { profile_id: main.id }), Telnyx.NotFoundError, 404);
});

test('messagingProfiles.autorespConfigs refuses taken keywords, bad fields, other organisations and read-only keys', async () => {
  const first = (await configs.create(spare.id, { country_code: 'US', keywords: ['STOP'], op: 'stop' })).data;
  const taken = await rejects(
    configs.create(spare.id, { country_code: 'US', keywords: ['end', 'stop'], op: 'stop' }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.equal(firstError(taken).code, '10012');
  assert.deepEqual(firstError(taken).source, { pointer: '/keywords/1' });
  assert.match(firstError(taken).detail, new RegExp(first.id));
  const bad = await rejects(
    configs.create(spare.id, { country_code: 'usa', keywords: ['ok'], op: 'pause' }),
    Telnyx.UnprocessableEntityError,
    422,
  );
  assert.deepEqual(bad.error.errors.map((e) => e.source.pointer).sort(), ['/country_code', '/op']);
  const missing = await rejects(other.messagingProfiles.autorespConfigs.list(spare.id), Telnyx.NotFoundError, 404);
  assert.equal(firstError(missing).detail, 'Messaging profile not found.');
  await rejects(
    other.messagingProfiles.autorespConfigs.retrieve(first.id, { profile_id: spare.id }),
    Telnyx.NotFoundError,
    404,
  );
  await rejects(
    readOnly.messagingProfiles.autorespConfigs.delete(first.id, { profile_id: spare.id }),
    Telnyx.PermissionDeniedError,
    403,
  );
  assert.deepEqual((await readOnly.messagingProfiles.autorespConfigs.list(spare.id)).data, [first]);
});

test('messagingProfiles.retrieveMetrics reports the profile messages', async () => {
  const { data } = await telnyx.messagingProfiles.retrieveMetrics(main.id, { time_frame: '1h' });
  assert.equal(data.time_frame, '1h');
  assert.equal(data.interval_seconds, 300);
  assert.equal(data.overview.record_type, 'messaging_profile_metrics');
  assert.equal(data.overview.messaging_profile_id, main.id);
  assert.equal(data.overview.phone_numbers, 1);
  const { outbound, inbound } = data.overview;
  assert.deepEqual(
    [outbound.sent, outbound.delivered, outbound.failed, outbound.errors, outbound.delivery_rate, outbound.parts],
    [2, 1, 1, 0.5, 0.5, 2],
  );
  assert.deepEqual(outbound.cost, { amount: '0.0080', currency: 'USD' });
  assert.equal(inbound.received, 1);
  const labelled = data.detailed.flatMap((interval) => interval.metrics);
  assert.deepEqual(labelled, [{ label: 'longcode', sent: 2, delivered: 1, errors: 0.5, received: 1 }]);
  assert.ok(data.detailed.every((interval) => ISO.test(interval.timestamp)));
  const day = await telnyx.messagingProfiles.retrieveMetrics(main.id);
  assert.equal(day.data.time_frame, '24h');
  await rejects(telnyx.messagingProfiles.retrieveMetrics(main.id, { time_frame: '2h' }), Telnyx.UnprocessableEntityError, 422);
  await rejects(other.messagingProfiles.retrieveMetrics(main.id), Telnyx.NotFoundError, 404);
});

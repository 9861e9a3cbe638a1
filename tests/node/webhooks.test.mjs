// Webhooks telconf signed, verified by the Node SDK's `client.webhooks.unwrap`; and
// client.webhookDeliveries.list / retrieve. The deliveries were caught by tests/test_node_sdk.py's
// receiver moments before (the verifier allows 300 s of skew).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Telnyx, client, collect, fixture } from './support.mjs';

const org = fixture.webhooks;
const telnyx = client(org.key);

test('webhooks.unwrap accepts every delivery with the organisation public key', async () => {
  for (const delivery of org.deliveries) {
    const event = await telnyx.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: org.public_key });
    assert.equal(event.data.record_type, 'event');
    assert.equal(event.meta.attempt, 1);
    assert.equal(event.data.payload.record_type, 'message');
  }
  const events = await Promise.all(
    org.deliveries.map((d) => telnyx.webhooks.unwrap(d.body, { headers: d.headers, key: org.public_key })),
  );
  assert.deepEqual(events.map((e) => e.data.event_type), ['message.sent', 'message.finalized']);
});

test('a client configured with publicKey verifies without a per-call key', async () => {
  const configured = new Telnyx({ apiKey: org.key, baseURL: process.env.TELNYX_BASE_URL, publicKey: org.public_key });
  const [first] = org.deliveries;
  const event = await configured.webhooks.unwrap(first.body, { headers: first.headers });
  assert.equal(event.data.event_type, 'message.sent');
});

test('a tampered body, a foreign key and a stale timestamp are refused', async () => {
  const [first] = org.deliveries;
  const verify = (body, headers, key = org.public_key) => telnyx.webhooks.unwrap(body, { headers, key });
  await assert.rejects(verify(first.body.replace('Hello', 'Jello'), first.headers), {
    name: 'TelnyxWebhookVerificationError',
    message: /signature does not match/,
  });
  await assert.rejects(verify(first.body, first.headers, 'eu2zvPjhY6odxV34Z/EsRiERvTodkev4Fq0SlK90Izg='), {
    name: 'TelnyxWebhookVerificationError',
  });
  await assert.rejects(verify(org.stale.body, org.stale.headers), {
    name: 'TelnyxWebhookVerificationError',
    message: /too old or too new/,
  });
});

test('webhookDeliveries.list and retrieve show the deliveries and their attempts', async () => {
  const listed = await collect(telnyx.webhookDeliveries.list({ 'page[size]': 1 }));
  assert.deepEqual(listed.map((d) => d.id).sort(), org.deliveries.map((d) => d.id).sort());
  const finalized = await collect(telnyx.webhookDeliveries.list({ filter: { event_type: 'message.finalized' } }));
  assert.equal(finalized.length, 1);
  const { data } = await telnyx.webhookDeliveries.retrieve(org.deliveries[0].id);
  assert.equal(data.status, 'delivered');
  assert.equal(data.webhook.event_type, 'message.sent');
  assert.equal(data.attempts[0].http.response.status, 200);
});

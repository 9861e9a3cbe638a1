// A Node app's test against telconf: send a text, see its webhooks arrive signed, reply as the
// handset, verify the reply's webhook with the official SDK. Start a server first:
//   TELCONF_ADMIN_TOKEN=dev telconf serve --demo
// then here: npm install && TELCONF_ADMIN_TOKEN=dev node --test
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import Telnyx from 'telnyx';

const root = process.env.TELCONF_URL ?? 'http://127.0.0.1:4010';
const token = process.env.TELCONF_ADMIN_TOKEN;
const apiKey = process.env.TELNYX_API_KEY ?? 'KEYTELCONFDEMO00000000000000000000'; // the demo's key
const client = new Telnyx({ apiKey, baseURL: `${root}/v2`, maxRetries: 0 });

/** telconf's admin API: the testing controls the live API does not have. */
async function admin(method, path, body) {
  const response = await fetch(`${root}/_telconf${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text).data;
}

// The app's webhook endpoint: records every delivery; `next(type, where)` resolves with the next
// one of that type (or one already received).
const received = [];
const waiting = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const delivery = { body, headers: req.headers, event: JSON.parse(body).data };
    received.push(delivery);
    for (const w of waiting.splice(0)) (w.match(delivery) ? w.resolve(delivery) : waiting.push(w));
    res.writeHead(200).end();
  });
});

function next(type, where = () => true) {
  const match = (d) => d.event.event_type === type && where(d.event.payload);
  const found = received.find(match);
  return found ? Promise.resolve(found) : new Promise((resolve) => waiting.push({ match, resolve }));
}

let webhookUrl;
before(async () => {
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${receiver.address().port}/webhooks`;
});
after(() => receiver.close());

test('a text goes out, its webhooks arrive, and the reply comes back signed', async () => {
  const profile = (await client.messagingProfiles.list()).data[0];
  await client.messagingProfiles.update(profile.id, { webhook_url: webhookUrl });
  const sender = (await client.messagingProfiles.listPhoneNumbers(profile.id)).data[0].phone_number;

  const sent = (await client.messages.send({ from: sender, to: '+13125550147', text: 'Your code is 1234' })).data;
  const done = await next('message.finalized', (p) => p.id === sent.id);
  assert.equal(done.event.payload.to[0].status, 'delivered');

  await admin('POST', '/messages/inbound', { from: '+13125550147', to: sender, text: 'Got it, thanks!' });
  const reply = await next('message.received');
  const orgs = await admin('GET', '/orgs');
  const publicKey = orgs.find((o) => o.name === 'telconf-demo').webhook_public_key; // TELNYX_PUBLIC_KEY
  const event = await client.webhooks.unwrap(reply.body, { headers: reply.headers, key: publicKey });
  assert.equal(event.data.payload.text, 'Got it, thanks!');
});

/**
 * src/server/push/push-request.ts: a Web Push message a browser can read and a push service
 * accepts, checked as they would (test/support/push-service.ts).
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { pushRequest, topicOf } from "../../src/server/push/push-request.js";
import { browserSubscription, decryptPush, verifyVapid, vapidKeys } from "../support/push-service.js";

const payload = { conversationId: "dm_alice~bob", title: "Bob", body: "Bob: are you there?", tag: "dm_alice~bob" };

it("encrypts the payload for the subscribed browser alone", async () => {
  const vapid = await vapidKeys();
  const browser = await browserSubscription("https://push.example.net/send/abc");
  const request = await pushRequest(browser.subscription, payload, { vapidPrivateJwk: vapid.privateJwk, contact: "mailto:ops@example.com", ttlSeconds: 3600 });
  assert.equal(request.method, "POST");
  assert.equal(request.url, "https://push.example.net/send/abc");
  assert.equal(request.headers.get("content-encoding"), "aes128gcm");
  const body = new Uint8Array(await request.arrayBuffer());
  assert.deepEqual(JSON.parse(await decryptPush(body, browser)), payload);
  const stranger = await browserSubscription("https://push.example.net/send/abc");
  await assert.rejects(decryptPush(body, stranger), "another browser's keys cannot read it");
  const longer = await pushRequest(browser.subscription, { ...payload, body: "x".repeat(500) }, { vapidPrivateJwk: vapid.privateJwk, contact: "mailto:ops@example.com", ttlSeconds: 3600 });
  assert.equal((await longer.arrayBuffer()).byteLength, body.byteLength, "padded: the length says nothing of the message");
});

it("signs for the push service's origin with the VAPID key, with a TTL and a topic per conversation", async () => {
  const vapid = await vapidKeys();
  const browser = await browserSubscription("https://push.example.net/send/abc");
  const request = await pushRequest(browser.subscription, payload, { vapidPrivateJwk: vapid.privateJwk, contact: "mailto:ops@example.com", ttlSeconds: 3600 });
  const { claims, publicKey } = await verifyVapid(request.headers.get("authorization")!, request.url);
  assert.equal(publicKey, vapid.publicKey);
  assert.equal(claims.sub, "mailto:ops@example.com");
  assert.equal(request.headers.get("ttl"), "3600");
  assert.equal(request.headers.get("topic"), await topicOf(payload.conversationId));
  const other = await vapidKeys();
  const forged = (await pushRequest(browser.subscription, payload, { vapidPrivateJwk: other.privateJwk, contact: "mailto:ops@example.com", ttlSeconds: 60 })).headers.get("authorization")!;
  assert.notEqual((await verifyVapid(forged, request.url)).publicKey, vapid.publicKey, "a push service ties the subscription to the key that made it");
});

it("makes a topic a push service accepts from any conversation id", async () => {
  for (const id of ["dm_alice~bob", "c_launch plan/ü", "x".repeat(200)]) {
    const topic = await topicOf(id);
    assert.match(topic, /^[A-Za-z0-9_-]{1,32}$/);
    assert.equal(topic, await topicOf(id));
  }
  assert.notEqual(await topicOf("c_a"), await topicOf("c_b"));
});

/** src/server/push/push-settings.ts: the host's push settings, and the push services a subscription may name. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PUSH_SERVICES, isAllowedEndpoint, pushConfigOf } from "../../src/server/push/push-settings.js";
import { vapidKeys } from "../support/push-service.js";

it("is off without a VAPID key, and refuses a key it cannot use", async () => {
  assert.equal(pushConfigOf({}), undefined);
  assert.throws(() => pushConfigOf({ VAPID_PRIVATE_KEY: "not json" }), /not JSON/);
  const { privateJwk } = await vapidKeys();
  const publicOnly = { ...privateJwk, d: undefined };
  assert.throws(() => pushConfigOf({ VAPID_PRIVATE_KEY: JSON.stringify(publicOnly) }), /private P-256/);
});

it("reads the key with defaults: a day's TTL, previews on, the browsers' push services", async () => {
  const { privateJwk } = await vapidKeys();
  const config = pushConfigOf({ VAPID_PRIVATE_KEY: JSON.stringify(privateJwk) })!;
  assert.equal(config.vapidPrivateJwk.d, privateJwk.d);
  assert.equal(config.ttlSeconds, 86_400);
  assert.equal(config.previews, true);
  assert.deepEqual(config.services, DEFAULT_PUSH_SERVICES);
  const set = pushConfigOf({ VAPID_PRIVATE_KEY: JSON.stringify(privateJwk), PUSH_TTL_SECONDS: "99999999", PUSH_PREVIEWS: "off", PUSH_SERVICES: "http://127.0.0.1:9999, https://push.example" })!;
  assert.equal(set.ttlSeconds, 28 * 86_400, "capped at what push services keep");
  assert.equal(set.previews, false);
  assert.deepEqual(set.services, ["http://127.0.0.1:9999", "https://push.example"]);
});

it("sends only to the push services allowed, never to an address a client chose", () => {
  const services = DEFAULT_PUSH_SERVICES;
  assert.ok(isAllowedEndpoint("https://fcm.googleapis.com/fcm/send/abc", services));
  assert.ok(isAllowedEndpoint("https://wns2-by3p.notify.windows.com/w/?token=x", services));
  assert.ok(!isAllowedEndpoint("https://notify.windows.com.evil.example/w", services));
  assert.ok(!isAllowedEndpoint("https://evilnotify.windows.com/w", services), "a subdomain, not a suffix of the name");
  assert.ok(!isAllowedEndpoint("http://fcm.googleapis.com/fcm/send/abc", services), "the scheme counts");
  assert.ok(!isAllowedEndpoint("https://fcm.googleapis.com:8443/x", services), "the port counts");
  assert.ok(!isAllowedEndpoint("https://user:pw@fcm.googleapis.com/x", services));
  assert.ok(!isAllowedEndpoint("http://127.0.0.1:8787/api", services));
  assert.ok(!isAllowedEndpoint("not a url", services));
  assert.ok(isAllowedEndpoint("http://127.0.0.1:9999/push/1", ["http://127.0.0.1:9999"]));
  assert.ok(!isAllowedEndpoint("http://127.0.0.1:9998/push/1", ["http://127.0.0.1:9999"]));
});

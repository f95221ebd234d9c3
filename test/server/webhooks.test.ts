/**
 * Webhooks (issue #9): a real receiver (node:http on 127.0.0.1) gets each event signed,
 * retried with backoff while it fails, under the same event id every time; and a server
 * without WEBHOOK_URLS sends nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { freePort } from "../../scripts/servers.js";
import { verifyWebhookSignature } from "../../demo/webhook-receiver.js";
import { TEST_VARS, freshRef, freshUser, restartTestServer, useTestServer } from "../support/server-clients.js";
import { useReceiver, type Delivery } from "../support/webhook-endpoint.js";

const SECRET = "test-webhook-secret";

/** The test's own check of a delivery's signature, independent of the server's code. */
function assertSigned(delivery: Delivery): void {
  const header = String(delivery.headers["confab-signature"]);
  const match = header.match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  assert.ok(match, `signature header ${header}`);
  const [, timestamp, signature] = match;
  assert.ok(Math.abs(Date.now() / 1000 - Number(timestamp)) < 120, "signed just now");
  const expected = createHmac("sha256", SECRET).update(`${timestamp}.${delivery.body}`).digest();
  assert.ok(timingSafeEqual(Buffer.from(signature!, "hex"), expected), "HMAC-SHA256 of t.body with the secret");
  assert.equal(delivery.headers["confab-event-id"], delivery.event.id);
  assert.equal(delivery.headers["confab-event-type"], delivery.event.type);
}

const receiverPort = await freePort();

describe("webhooks", () => {
  const receiver = useReceiver(receiverPort);
  const { server, clients } = useTestServer({
    ...TEST_VARS,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_RETRY_BASE_MS: "300",
    WEBHOOK_MAX_ATTEMPTS: "5",
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server().server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it("sends each kind of event, signed, with a unique id, from the widget and the API alike", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    await clients.signIn(carol);
    const id = await clients.group(alice, [bob]);
    const { client } = await clients.enter(id, alice);
    const ack = await client.say("hello hooks");
    assert.equal((await client.request({ type: "edit", ref: freshRef(), messageId: ack.id, text: "hello, hooks" })).type, "done");
    assert.equal((await client.request({ type: "add", ref: freshRef(), userId: carol.userId })).type, "done");
    assert.equal((await api("DELETE", `/conversations/${id}/members/${carol.userId}`)).status, 200);
    assert.equal((await api("DELETE", `/conversations/${id}/messages/${ack.id}`)).status, 200);
    const system = await api("POST", `/conversations/${id}/messages`, { system: true, text: "closed" });

    const ofThis = (type: string) => (delivery: Delivery) => delivery.event.type === type && delivery.event.data.conversationId === id;
    const [created] = await receiver.waitFor(ofThis("conversation.created"));
    assert.equal(created!.event.data.conversation.id, id);
    assert.equal(created!.event.data.actorId, alice.userId);
    const added = await receiver.waitFor(ofThis("member.added"), 3);
    assert.deepEqual(added.map((delivery) => delivery.event.data.member.userId).sort(), [alice.userId, bob.userId, carol.userId].sort());
    const messages = await receiver.waitFor(ofThis("message.created"), 2);
    const first = messages.find((delivery) => delivery.event.data.message.id === ack.id)!;
    assert.equal(first.event.data.seq, ack.seq);
    assert.equal(first.event.data.message.text, "hello hooks");
    assert.ok(messages.some((delivery) => delivery.event.data.message.id === system.body.message.id && delivery.event.data.message.system));
    const [updated] = await receiver.waitFor(ofThis("message.updated"));
    assert.equal(updated!.event.data.message.text, "hello, hooks");
    assert.equal(updated!.event.data.op, "edited");
    const [removed] = await receiver.waitFor(ofThis("member.removed"));
    assert.equal(removed!.event.data.member.userId, carol.userId);
    assert.equal(removed!.event.data.actorId, "confab:api");
    const [deleted] = await receiver.waitFor(ofThis("message.deleted"));
    assert.equal(deleted!.event.data.message.id, ack.id);
    assert.equal(deleted!.event.data.message.text, "");

    const mine = receiver.deliveries.filter((delivery) => delivery.event.data.conversationId === id);
    for (const delivery of mine) {
      assertSigned(delivery);
      assert.ok(verifyWebhookSignature(SECRET, String(delivery.headers["confab-signature"]), delivery.body), "the demo receiver accepts it");
      assert.equal(typeof delivery.event.createdAt, "number");
    }
    assert.equal(new Set(mine.map((delivery) => delivery.event.id)).size, mine.length, "every event has its own id");
  });

  it("retries a failed delivery with backoff, under the same event id, signed each time", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    receiver.fail("conversation.created", 2);
    const created = await api("POST", "/conversations", { type: "group", members: [{ userId: alice.userId, role: "owner" }, { userId: bob.userId }] });
    assert.equal(created.status, 201);
    const id = created.body.conversation.id as string;
    const attempts = await receiver.waitFor(
      (delivery) => delivery.event.type === "conversation.created" && delivery.event.data.conversationId === id,
      3,
    );
    assert.deepEqual(attempts.map((attempt) => attempt.status), [503, 503, 204]);
    assert.equal(new Set(attempts.map((attempt) => attempt.event.id)).size, 1, "one event id across retries");
    assert.equal(new Set(attempts.map((attempt) => attempt.body)).size, 1, "the same body every time");
    for (const attempt of attempts) assertSigned(attempt);
    // Delivered: no further attempt follows.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = receiver.deliveries.filter((delivery) => delivery.event.id === attempts[0]!.event.id);
    assert.equal(after.length, 3);
  });

  it("keeps retrying across a server restart (the queue is in the conversation's storage)", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    receiver.fail("conversation.created", 1);
    const created = await api("POST", "/conversations", { type: "group", members: [{ userId: alice.userId, role: "owner" }, { userId: bob.userId }] });
    const id = created.body.conversation.id as string;
    const isCreation = (delivery: Delivery) => delivery.event.type === "conversation.created" && delivery.event.data.conversationId === id;
    await receiver.waitFor(isCreation, 1);
    // Killed before the retry is due (300 ms later), then started again on the same storage.
    await restartTestServer(server(), "SIGKILL");
    const attempts = await receiver.waitFor(isCreation, 2);
    assert.deepEqual(attempts.map((attempt) => attempt.status), [503, 204]);
    assert.equal(attempts[0]!.event.id, attempts[1]!.event.id);
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS, and other events still go out", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    receiver.fail("member.removed", 100);
    const id = await clients.group(alice, [bob]);
    assert.equal((await api("DELETE", `/conversations/${id}/members/${bob.userId}`)).status, 200);
    const attempts = await receiver.waitFor(
      (delivery) => delivery.event.type === "member.removed" && delivery.event.data.conversationId === id,
      5,
    );
    assert.equal(new Set(attempts.map((attempt) => attempt.event.id)).size, 1);
    await api("POST", `/conversations/${id}/messages`, { system: true, text: "after the failures" });
    await receiver.waitFor((delivery) => delivery.event.type === "message.created" && delivery.event.data.conversationId === id);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const total = receiver.deliveries.filter((delivery) => delivery.event.id === attempts[0]!.event.id).length;
    assert.equal(total, 5, "no sixth attempt");
    receiver.fail("member.removed", 0);
  });
});

const idlePort = await freePort();

describe("webhooks, unconfigured", () => {
  const receiver = useReceiver(idlePort);
  // An endpoint but no secret: webhooks stay off rather than go out unsigned, so the receiver,
  // reachable as it is, hears nothing (TEST_VARS itself has neither).
  const { clients } = useTestServer({ ...TEST_VARS, WEBHOOK_URLS: receiver.url });

  it("sends nothing without WEBHOOK_URLS and WEBHOOK_SECRET", async () => {
    assert.equal(TEST_VARS.WEBHOOK_URLS, undefined);
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const { client } = await clients.enter(id, alice);
    await client.say("nobody is told");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(receiver.deliveries, []);
  });
});

/**
 * Web Push from the real server (issue #21): a browser's subscription kept over the user's
 * inbox socket; a message to a member with no open socket pushed to a push service on
 * 127.0.0.1, which reads it as the browser would (the test made the keys) and checks the VAPID
 * token, TTL and topic; none while they have a socket open, none for a muted conversation, only
 * mentions at that level; a subscription the service calls gone (410) forgotten; endpoints off
 * the allowed push services refused. The members who are fine all along keep chatting.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { InboxFrame, PushPayload } from "../../src/protocol/index.js";
import { topicOf } from "../../src/server/push/push-request.js";
import { freePort } from "../../scripts/servers.js";
import { apiOf } from "../support/server-api.js";
import { browserSubscription, decryptPush, subscribedAway, TestPushService, vapidKeys, verifyVapid, type BrowserSubscription } from "../support/push-service.js";
import {
  TEST_VARS,
  freshRef,
  freshUser,
  isMessageEvent,
  messageId,
  useTestServer,
  type ConversationClient,
  type InboxClient,
  type User,
} from "../support/server-clients.js";

const vapid = await vapidKeys();
const service = new TestPushService(await freePort());

/** Sends `text` (mentioning `mentions`) and resolves once the sender has the ack. */
async function say(client: ConversationClient, text: string, mentions?: string[]): Promise<string> {
  const id = messageId();
  client.send({ type: "send", id, text, ...(mentions ? { mentions } : {}) });
  await client.frames.nextOfType("ack", (ack) => ack.id === id);
  return id;
}

/** What the push says, read as the subscribed browser reads it. */
async function payloadOf(browser: BrowserSubscription, count: number): Promise<PushPayload> {
  const push = await service.next(browser.subscription.endpoint, count);
  return JSON.parse(await decryptPush(push.body, browser)) as PushPayload;
}

describe("web push", () => {
  const { server, clients } = useTestServer({
    ...TEST_VARS,
    VAPID_PRIVATE_KEY: JSON.stringify(vapid.privateJwk),
    VAPID_SUBJECT: "mailto:ops@example.com",
    PUSH_TTL_SECONDS: "3600",
    PUSH_SERVICES: service.origin,
  });
  const api = apiOf(server);
  before(() => service.start());
  after(() => service.stop());

  const subscribed = (user: User) => subscribedAway(clients, service, user);

  /** Resolves once `watcher`'s socket hears that `user` is offline (their Inbox told the conversation). */
  const wentAway = (watcher: ConversationClient, user: User) =>
    watcher.frames.nextOfType("presence", (presence) => presence.userId === user.userId && !presence.online);

  it("offers the VAPID key in the welcome and keeps a subscription to an allowed push service only", async () => {
    const alice = freshUser("alice", "Alice");
    const inbox: InboxClient = await clients.inbox(alice);
    assert.deepEqual((inbox.listing as InboxFrame).notifications, { level: "all", pushKey: vapid.publicKey });
    const browser = await browserSubscription(service.endpoint());
    for (const endpoint of ["http://127.0.0.1:8787/api/v1/users", "https://fcm.googleapis.com/fcm/send/x", `${service.origin.replace("http:", "https:")}/push/x`]) {
      const refusal = await inbox.request({ type: "push_subscribe", ref: freshRef(), subscription: { ...browser.subscription, endpoint } });
      assert.equal(refusal.type, "error", `${endpoint} is not an allowed push service`);
      assert.equal(refusal.type === "error" && refusal.code, "bad_frame");
    }
    const badKey = await inbox.request({ type: "push_subscribe", ref: freshRef(), subscription: { ...browser.subscription, keys: { p256dh: "short", auth: browser.subscription.keys.auth } } });
    assert.equal(badKey.type === "error" && badKey.code, "bad_frame");
    assert.equal((await api("GET", `/users/${alice.userId}/notifications`)).body.pushSubscriptions, 0, "nothing kept from refusals");
    await inbox.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: browser.subscription });
    assert.deepEqual(await inbox.frames.nextOfType("notifications"), { type: "notifications", level: "all", pushKey: vapid.publicKey });
    assert.deepEqual((await api("GET", `/users/${alice.userId}/notifications`)).body, { level: "all", pushSubscriptions: 1 });
    await inbox.expectDone({ type: "push_unsubscribe", ref: freshRef(), endpoint: browser.subscription.endpoint });
    assert.deepEqual((await api("GET", `/users/${alice.userId}/notifications`)).body, { level: "all", pushSubscriptions: 0 });
  });

  it("pushes a message to a member with no open socket, readable by their browser alone, signed, with TTL and topic", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    await clients.signIn(alice, bob);
    const browser = await subscribed(bob);
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const { client: atAlice } = await clients.enter(id, alice);
    await say(atAlice, "are you **there**, Bob?");
    const push = await service.next(browser.subscription.endpoint, 1);
    assert.deepEqual(JSON.parse(await decryptPush(push.body, browser)), { conversationId: id, title: "Alice", body: "are you there, Bob?", tag: `confab:${id}` });
    assert.equal(push.headers["content-encoding"], "aes128gcm");
    assert.equal(push.headers["ttl"], "3600");
    assert.equal(push.headers["topic"], await topicOf(id));
    const { claims, publicKey } = await verifyVapid(String(push.headers["authorization"]), browser.subscription.endpoint);
    assert.equal(publicKey, vapid.publicKey);
    assert.equal(claims.sub, "mailto:ops@example.com");
  });

  it("pushes nothing while the member has a socket open, and the next message once they left", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    await clients.signIn(alice, bob);
    const browser = await subscribed(bob);
    const id = await clients.group(alice, [bob], { title: "Plans" });
    const { client: atAlice } = await clients.enter(id, alice);
    const bobsList = await clients.inbox(bob);
    await atAlice.frames.nextOfType("presence", (presence) => presence.userId === bob.userId && presence.online);
    await say(atAlice, "seen in the list");
    await bobsList.frames.nextOfType("summary", (frame) => frame.conversation.lastMessage?.text === "seen in the list");
    bobsList.close();
    await wentAway(atAlice, bob);
    const { client: atBob } = await clients.enter(id, bob);
    const seenHere = await say(atAlice, "seen in the conversation");
    await atBob.frames.next(isMessageEvent(seenHere), "the message, live");
    atBob.close();
    await wentAway(atAlice, bob);
    await say(atAlice, "after you left");
    assert.deepEqual(await payloadOf(browser, 1), { conversationId: id, title: "Plans", body: "Alice: after you left", tag: `confab:${id}` });
    assert.equal(service.to(browser.subscription.endpoint).length, 1, "the messages seen live were never pushed");
  });

  it("respects a muted conversation and the mentions-only level; a member with no subscription is fine", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    await clients.signIn(alice, bob, carol);
    const browser = await subscribed(bob);
    const muted = await clients.group(alice, [bob, carol], { title: "Muted" });
    const loud = await clients.group(alice, [bob, carol], { title: "Loud" });
    const { client: bobMuting } = await clients.enter(muted, bob);
    await bobMuting.expectDone({ type: "mute", ref: freshRef() });
    bobMuting.close();
    const { client: inMuted } = await clients.enter(muted, alice);
    const { client: inLoud } = await clients.enter(loud, alice);
    const { client: atCarol } = await clients.enter(loud, carol);
    await say(inMuted, "muted news");
    await say(inLoud, "loud news");
    assert.equal((await payloadOf(browser, 1)).body, "Alice: loud news", "the muted conversation's message was never pushed");

    assert.deepEqual((await api("PUT", `/users/${bob.userId}/notifications`, { level: "mentions" })).body, { level: "mentions", pushSubscriptions: 1 });
    assert.equal((await api("PUT", `/users/${bob.userId}/notifications`, { level: "loud" })).status, 400);
    await say(inLoud, "nothing for bob");
    await say(inLoud, "@Bob look", [bob.userId]);
    assert.equal((await payloadOf(browser, 2)).body, "Alice: @Bob look");
    assert.equal(service.to(browser.subscription.endpoint).length, 2, "only the mention was pushed");
    const last = await say(inLoud, "carol still reads everything");
    await atCarol.frames.next(isMessageEvent(last), "carol's message, live");
  });

  it("makes a flood of messages a few pushes, the last saying the newest", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    await clients.signIn(alice, bob);
    const browser = await subscribed(bob);
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const { client: atAlice } = await clients.enter(id, alice);
    for (const word of ["one", "two", "three", "four", "five"]) await say(atAlice, word);
    const bodies = [(await payloadOf(browser, 1)).body];
    while (bodies.at(-1) !== "five") bodies.push((await payloadOf(browser, bodies.length + 1)).body);
    assert.ok(bodies.length <= 2, `pushed ${bodies.join(", ")}`);
  });

  it("forgets a subscription the push service says is gone, and keeps the others", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    await clients.signIn(alice, bob);
    const gone = await browserSubscription(service.endpoint());
    const kept = await browserSubscription(service.endpoint());
    service.answer(gone.subscription.endpoint, 410);
    const inbox = await clients.inbox(bob);
    for (const browser of [gone, kept]) await inbox.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: browser.subscription });
    inbox.close();
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const { client: atAlice } = await clients.enter(id, alice);
    await say(atAlice, "first");
    await service.next(gone.subscription.endpoint, 1);
    assert.equal((await payloadOf(kept, 1)).body, "first");
    const deadline = Date.now() + 10_000;
    while ((await api("GET", `/users/${bob.userId}/notifications`)).body.pushSubscriptions !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await api("GET", `/users/${bob.userId}/notifications`)).body.pushSubscriptions, 1);
    await say(atAlice, "second");
    assert.equal((await payloadOf(kept, 2)).body, "second");
    assert.equal(service.to(gone.subscription.endpoint).length, 1, "the gone subscription was not tried again");
  });
});

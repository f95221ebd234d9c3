/**
 * Pushes and digests against hostile users (issue #21), real server and sockets: a member who
 * floods notification settings, and senders trying to reach someone through a conversation
 * they were removed from or a one-to-one whose peer blocks them; digests of a conversation
 * the member left, or of what was said while they were out of it. In each, the member who is
 * fine still gets their push or digest.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_PUSH_SUBSCRIPTIONS, type PushPayload } from "../../src/protocol/index.js";
import { freePort } from "../../scripts/servers.js";
import { browserSubscription, decryptPush, subscribedAway, TestPushService, vapidKeys, type BrowserSubscription } from "../support/push-service.js";
import { apiOf } from "../support/server-api.js";
import { useReceiver } from "../support/webhook-endpoint.js";
import { FRAME_TIMEOUT_MS } from "../support/frame-inbox.js";
import { TEST_VARS, freshRef, freshUser, messageId, restartTestServer, useTestServer, type ConversationClient, type User } from "../support/server-clients.js";

const vapid = await vapidKeys();
const service = new TestPushService(await freePort());
/** The push service the host moves to in the last test. */
const nextService = new TestPushService(await freePort());
const receiverPort = await freePort();
const DELAY_SECONDS = 300;

/** Sends `text` and resolves once the sender has the ack. */
async function say(client: ConversationClient, text: string): Promise<string> {
  const id = messageId();
  client.send({ type: "send", id, text });
  await client.frames.nextOfType("ack", (ack) => ack.id === id);
  return id;
}

/** The `count`th push to `browser`, read as it reads it, once it came. */
const nthPush = async (browser: BrowserSubscription, count: number): Promise<PushPayload> =>
  JSON.parse(await decryptPush((await service.next(browser.subscription.endpoint, count)).body, browser)) as PushPayload;

/** Every push `browser` got so far, read as it reads them. */
const pushesTo = (browser: BrowserSubscription): Promise<PushPayload[]> =>
  Promise.all(service.to(browser.subscription.endpoint).map(async (push) => JSON.parse(await decryptPush(push.body, browser)) as PushPayload));

describe("pushes and digests against hostile users", () => {
  const receiver = useReceiver(receiverPort);
  const { server, clients } = useTestServer({
    ...TEST_VARS,
    VAPID_PRIVATE_KEY: JSON.stringify(vapid.privateJwk),
    PUSH_SERVICES: service.origin,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: "attack-secret",
    TEST_CLOCK: "on",
  });
  const api = apiOf(server);
  before(() => Promise.all([service.start(), nextService.start()]));
  after(() => Promise.all([service.stop(), nextService.stop()]));

  const subscribed = (user: User) => subscribedAway(clients, service, user);

  it("a flood of notification frames is no presence news to the others in the room", async () => {
    const [mallory, carol] = [freshUser("mallory", "Mallory"), freshUser("carol", "Carol")];
    await clients.signIn(mallory, carol);
    const id = await clients.group(carol, [mallory], { title: "Flooded" });
    const list = await clients.inbox(mallory);
    const { client: atCarol, welcome } = await clients.enter(id, carol);
    if (!welcome.online.includes(mallory.userId)) await atCarol.frames.nextOfType("presence", (presence) => presence.userId === mallory.userId && presence.online);

    const browser = await browserSubscription(service.endpoint());
    await list.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: browser.subscription });
    for (let i = 0; i < 5; i++) await list.expectDone({ type: "set_notifications", ref: freshRef(), level: "all" });
    await list.expectDone({ type: "push_unsubscribe", ref: freshRef(), endpoint: `${service.origin}/push/never-subscribed` });
    list.close();
    const next = await atCarol.frames.nextOfType("presence", (presence) => presence.userId === mallory.userId);
    assert.equal(next.online, false, "the first presence Carol hears after the settings is Mallory closing her list");
    // Carol is fine: her messages go through.
    await say(atCarol, "still here");
  });

  it("keeps at most MAX_PUSH_SUBSCRIPTIONS per user, the newest, and refuses an endpoint too long", async () => {
    const [mallory, carol] = [freshUser("mallory", "Mallory"), freshUser("carol", "Carol")];
    const list = await clients.inbox(mallory);
    const browsers = await Promise.all(Array.from({ length: MAX_PUSH_SUBSCRIPTIONS + 3 }, () => browserSubscription(service.endpoint())));
    for (const browser of browsers) await list.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: browser.subscription });
    const long = { ...browsers[0]!.subscription, endpoint: `${service.origin}/push/${"a".repeat(1100)}` };
    const refused = await list.request({ type: "push_subscribe", ref: freshRef(), subscription: long });
    assert.equal(refused.type === "error" && refused.code, "bad_frame");
    assert.equal((await api("GET", `/users/${mallory.userId}/notifications`)).body.pushSubscriptions, MAX_PUSH_SUBSCRIPTIONS);
    list.close();

    const carolsBrowser = await subscribed(carol);
    const id = await clients.group(carol, [mallory], { title: "Kept" });
    const { client: atCarol } = await clients.enter(id, carol);
    await say(atCarol, "to every browser kept");
    const newest = browsers.at(-1)!;
    assert.equal((await nthPush(newest, 1)).body, "Carol: to every browser kept");
    assert.equal(service.to(browsers[0]!.subscription.endpoint).length, 0, "the oldest was replaced");
    assert.equal(service.to(carolsBrowser.subscription.endpoint).length, 0, "the sender is not pushed her own message");
  });

  it("pushes nothing of a conversation to members kicked, banned or gone, nor through a block; the member who stayed gets it", async () => {
    const [alice, bob, dave, erin, carol] = ["alice", "bob", "dave", "erin", "carol"].map((name) => freshUser(name, name[0]!.toUpperCase() + name.slice(1)));
    await clients.signIn(alice!, bob!, dave!, erin!, carol!);
    const [atBob, atDave, atErin, atCarol] = await Promise.all([bob!, dave!, erin!, carol!].map((user) => subscribed(user)));
    const id = await clients.group(alice!, [bob!, dave!, erin!, carol!], { title: "Room" });
    const { client: atAlice } = await clients.enter(id, alice!);
    await atAlice.expectDone({ type: "kick", ref: freshRef(), userId: bob!.userId });
    await atAlice.expectDone({ type: "ban", ref: freshRef(), userId: erin!.userId });
    assert.deepEqual((await api("GET", `/conversations/${id}/bans`)).body.bans.map((ban: { userId: string }) => ban.userId), [erin!.userId]);
    const { client: daveLeaving } = await clients.enter(id, dave!);
    await daveLeaving.expectDone({ type: "leave", ref: freshRef() });
    await say(atAlice, "after they went");
    assert.equal((await nthPush(atCarol!, 1)).body, "Alice: after they went");

    // Bob blocks Alice: what she writes him is hidden from him, and never pushed.
    const direct = await clients.create(alice!, { conversationType: "direct", members: [bob!.userId] });
    const bobsList = await clients.inbox(bob!);
    await bobsList.expectDone({ type: "block", ref: freshRef(), userId: alice!.userId });
    bobsList.close();
    const { client: inDirect } = await clients.enter(direct, alice!);
    await say(inDirect, "you blocked me");

    // Each of them then hears from Carol one to one: the push that comes is hers alone.
    for (const [user, browser] of [[bob!, atBob!], [dave!, atDave!], [erin!, atErin!]] as const) {
      const sentinel = await clients.create(carol!, { conversationType: "direct", members: [user.userId] });
      const { client } = await clients.enter(sentinel, carol!);
      await say(client, `hello ${user.name}`);
      await service.next(browser.subscription.endpoint, 1);
      assert.deepEqual((await pushesTo(browser)).map((push) => [push.conversationId, push.body]), [[sentinel, `hello ${user.name}`]]);
    }
  });

  /** The digest queued once `user`'s clock has moved past the delay, after `conversationIds` wait for it. */
  async function digestAfterDelay(user: User, conversationIds: string[]): Promise<any> {
    const deadline = Date.now() + FRAME_TIMEOUT_MS;
    for (;;) {
      const step = await api("POST", `/users/${user.userId}/clock`, { advanceSeconds: 0 });
      if (conversationIds.every((id) => step.body.pending.includes(id))) break;
      if (Date.now() > deadline) throw new Error(`${user.userId}: pending ${step.body.pending.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const due = await api("POST", `/users/${user.userId}/clock`, { advanceSeconds: DELAY_SECONDS });
    if (!due.body.digest) return undefined;
    const [delivery] = await receiver.waitFor((candidate) => candidate.event.id === due.body.digest);
    return delivery!.event.data;
  }

  it("digests nothing of a conversation the member left, nor what was said while they were out of it", async () => {
    const [alice, bob, carol] = await Promise.all(
      ["alice", "bob", "carol"].map(async (name) => {
        const user = freshUser(name, name);
        assert.equal((await api("PUT", `/users/${user.userId}`, { name })).status, 200);
        return user;
      }),
    );
    const post = async (conversationId: string, text: string) => (await api("POST", `/conversations/${conversationId}/messages`, { userId: alice!.userId, text })).body.message;
    const members = (ids: User[]) => ids.map((user) => ({ userId: user.userId }));
    const created = await api("POST", "/conversations", { type: "group", title: "Secret", members: [{ userId: alice!.userId, role: "owner" }, ...members([bob!, carol!])] });
    const id: string = created.body.conversation.id;
    await post(id, "before bob went");
    assert.equal((await api("DELETE", `/conversations/${id}/members/${bob!.userId}`)).status, 200);
    const secret = await post(id, "while bob is out");
    const other = (await api("POST", "/conversations", { type: "group", title: "Other", members: [{ userId: alice!.userId, role: "owner" }, ...members([bob!])] })).body.conversation.id;
    const sentinel = await post(other, "in the other room");
    // Bob's digest names the other room only; Carol, still in, gets everything.
    const bobs = await digestAfterDelay(bob!, [other]);
    assert.deepEqual(bobs.conversations.map((part: any) => part.conversationId), [other]);
    assert.deepEqual(bobs.conversations[0].messages.map((message: any) => message.id), [sentinel.id]);
    const carols = await digestAfterDelay(carol!, [id]);
    assert.ok(carols.conversations[0].messages.some((message: any) => message.id === secret.id));

    // Back in, Bob's next digest holds what came after his return, not what was said while he was out.
    assert.equal((await api("PUT", `/conversations/${id}/members/${bob!.userId}`, {})).status, 201);
    const welcomeBack = await post(id, "welcome back");
    const again = await digestAfterDelay(bob!, [id]);
    assert.deepEqual(again.conversations.map((part: any) => part.messages.map((message: any) => message.text)), [["welcome back"]]);
    assert.equal(again.conversations[0].unread, 1);
    assert.ok(welcomeBack.id);
  });

  // Last: it restarts the server with other settings.
  it("sends nothing to a subscription of a push service the host no longer allows, and forgets it", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    await clients.signIn(alice, bob, carol);
    const bobs = await subscribed(bob);
    const id = await clients.group(alice, [bob, carol], { title: "Moved" });
    // Reached by a socket once, as every conversation in use is: a restarted local server knows it by name.
    (await clients.enter(id, alice)).client.close();
    server().vars.PUSH_SERVICES = nextService.origin;
    await restartTestServer(server(), "SIGTERM");
    const carols = await browserSubscription(nextService.endpoint());
    const list = await clients.inbox(carol);
    await list.expectDone({ type: "push_subscribe", ref: freshRef(), subscription: carols.subscription });
    list.close();

    const { client: atAlice } = await clients.enter(id, alice);
    await say(atAlice, "after the move");
    const push = await nextService.next(carols.subscription.endpoint, 1);
    assert.equal(JSON.parse(await decryptPush(push.body, carols)).body, "Alice: after the move");
    const deadline = Date.now() + FRAME_TIMEOUT_MS;
    while ((await api("GET", `/users/${bob.userId}/notifications`)).body.pushSubscriptions !== 0) {
      if (Date.now() > deadline) throw new Error("bob's subscription to the old push service is still kept");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(service.to(bobs.subscription.endpoint).length, 0, "nothing was POSTed to the push service no longer allowed");
  });
});

/**
 * Moderation (issue #9, server-enforced), against a real wrangler dev: blocking a user in
 * one-to-one conversations, muting a conversation, banning from a group, and the word blocklist.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, type ConversationSummary, type ErrorFrame, type PageFrame } from "../../src/protocol/index.js";
import {
  TEST_VARS,
  freshRef,
  freshUser,
  isMemberEvent,
  isMessageEvent,
  messageId,
  messagesIn,
  useTestServer,
  type ConversationClient,
  type TestServer,
  type User,
} from "../support/server-clients.js";

const MODERATED_VARS = { ...TEST_VARS, BLOCKED_WORDS: "darn, heck yes", BLOCKED_WORDS_MODE: "reject" };

function apiOf(server: () => TestServer) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${server().server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

function assertRefused(answer: { type: string }, code: ErrorFrame["code"], pattern?: RegExp): void {
  assert.equal(answer.type, "error", `expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code, (answer as ErrorFrame).message);
  if (pattern) assert.match((answer as ErrorFrame).message, pattern);
}

async function history(client: ConversationClient): Promise<string[]> {
  const ref = freshRef();
  client.send({ type: "history", ref, limit: 100 });
  const page = await client.frames.nextOfType("page", (frame: PageFrame) => frame.ref === ref);
  return messagesIn(page.events).map((message) => message.text);
}

describe("moderation", () => {
  const { server, clients } = useTestServer(MODERATED_VARS);
  const api = apiOf(server);

  async function summaryOf(user: User, conversationId: string): Promise<ConversationSummary | undefined> {
    const answer = await api("GET", `/users/${user.userId}/conversations`);
    return (answer.body.conversations as ConversationSummary[]).find((summary) => summary.id === conversationId);
  }

  describe("blocking", () => {
    it("never shows the blocker what the blocked user sends one-to-one: not live, in replays, pages, search or unread; the blocked user sees nothing different", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.create(bob, { conversationType: "direct", members: [alice.userId] });
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const bobsOtherTab = await clients.enter(id, bob);
      const before = await atBob.client.say("before the block");
      await atAlice.client.frames.next(isMessageEvent(before.id), "the message before the block");

      const aliceInbox = await clients.inbox(alice);
      await aliceInbox.expectDone({ type: "block", ref: freshRef(), userId: bob.userId });
      const bobInbox = await clients.inbox(bob);

      const hidden = await atBob.client.say("sent while blocked");
      assert.ok(hidden.seq > before.seq, "acked with its seq, as any message");
      await bobsOtherTab.client.frames.next(isMessageEvent(hidden.id), "the blocked user's own other tab");
      const bobsRow = await bobInbox.summary(id, (summary) => summary.lastMessage?.text === "sent while blocked");
      assert.equal(bobsRow.unread, 0);
      await atBob.client.expectDone({ type: "edit", ref: freshRef(), messageId: hidden.id, text: "sent while blocked, edited" });
      // A later change alice may see: every earlier frame to her socket has arrived by then.
      await atBob.client.expectDone({ type: "react", ref: freshRef(), messageId: before.id, emoji: "👍", on: true });
      await atAlice.client.frames.next(
        (frame) => frame.type === "event" && frame.event.kind === "change" && frame.event.message.id === before.id,
        "the reaction to the earlier message",
      );
      const seenByAlice = atAlice.client.frames.all(
        (frame) => frame.type === "event" && (frame.event.kind === "message" || frame.event.kind === "change") && frame.event.message.id === hidden.id,
      );
      assert.deepEqual(seenByAlice, [], "no live event of the hidden message, nor of its edit");

      // Replays, the latest page, history and search leave it out for her alone.
      const replay = await (await clients.connect(id, alice)).hello(0);
      const latest = await (await clients.connect(id, alice)).hello();
      for (const welcome of [replay, latest]) {
        assert.ok(!welcome.events.some((event) => (event.kind === "message" || event.kind === "change") && event.message.id === hidden.id));
      }
      assert.deepEqual(await history(atAlice.client), ["before the block"]);
      assert.deepEqual(await history(atBob.client), ["before the block", "sent while blocked, edited"]);
      const bobsReplay = await (await clients.connect(id, bob)).hello(0);
      assert.ok(bobsReplay.events.some((event) => event.kind === "message" && event.message.id === hidden.id));

      const alicesRow = await summaryOf(alice, id);
      assert.equal(alicesRow?.lastMessage?.text, "before the block");
      assert.equal(alicesRow?.unread, 1, "only the message from before the block is unread");
      assert.equal((await summaryOf(bob, id))?.lastMessage?.text, "sent while blocked, edited");

      // The blocker may neither write to them nor start a one-to-one with them; the blocked one may.
      const refusedSend = messageId();
      atAlice.client.send({ type: "send", id: refusedSend, text: "hi" });
      const sendError = await atAlice.client.nextError();
      assert.equal(sendError.ref, refusedSend);
      assertRefused(sendError, "forbidden", /unblock/);
      assertRefused(await aliceInbox.tryCreate({ conversationType: "direct", members: [bob.userId] }), "forbidden", /blocked/);
      assert.equal((await bobInbox.tryCreate({ conversationType: "direct", members: [alice.userId] })).type, "done");

      // Unblocking shows what comes next; what was sent meanwhile stays hidden.
      await aliceInbox.expectDone({ type: "unblock", ref: freshRef(), userId: bob.userId });
      const afterwards = await atBob.client.say("after the unblock");
      await atAlice.client.frames.next(isMessageEvent(afterwards.id), "a message after the unblock");
      assert.deepEqual(await history(atAlice.client), ["before the block", "after the unblock"]);
    });

    it("keeps the block list through the server API, and hides typing from the blocker", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
      const put = await api("PUT", `/users/${alice.userId}/blocks/${bob.userId}`);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual((await api("GET", `/users/${alice.userId}/blocks`)).body, { blocked: [bob.userId] });
      assert.equal((await api("PUT", `/users/${alice.userId}/blocks/${alice.userId}`)).status, 400);

      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      atBob.client.send({ type: "typing", on: true });
      const hidden = await atBob.client.say("not for alice");
      const posted = await api("POST", `/conversations/${id}/messages`, { userId: bob.userId, text: "posted by the API as bob" });
      assert.equal(posted.status, 201);
      // A system message reaches everyone: after it, nothing earlier is still on its way.
      const system = await api("POST", `/conversations/${id}/messages`, { system: true, text: "a notice" });
      await atAlice.client.frames.next(isMessageEvent(system.body.message.id), "the system message");
      assert.deepEqual(atAlice.client.frames.all((frame) => frame.type === "typing_by"), []);
      assert.deepEqual(atAlice.client.frames.all(isMessageEvent(hidden.id)), []);
      assert.deepEqual(atAlice.client.frames.all(isMessageEvent(posted.body.message.id)), []);
      // The host's backend sees everything.
      const all = await api("GET", `/conversations/${id}/messages`);
      assert.equal(all.body.messages.length, 3);

      assert.equal((await api("DELETE", `/users/${alice.userId}/blocks/${bob.userId}`)).status, 200);
      assert.deepEqual((await api("GET", `/users/${alice.userId}/blocks`)).body, { blocked: [] });
    });
  });

  describe("muting", () => {
    it("marks the member's own row muted, still counting its unread messages, until unmuted", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const aliceInbox = await clients.inbox(alice);
      const bobInbox = await clients.inbox(bob);

      await atAlice.client.expectDone({ type: "mute", ref: freshRef() });
      await aliceInbox.summary(id, (summary) => summary.muted === true);
      await atBob.client.say("while muted");
      const muted = await aliceInbox.summary(id, (summary) => summary.lastMessage?.text === "while muted");
      assert.equal(muted.muted, true);
      assert.equal(muted.unread, 1);
      assert.equal((await bobInbox.summary(id, (summary) => summary.lastMessage?.text === "while muted")).muted, undefined);
      assert.deepEqual(atBob.client.frames.all((frame) => frame.type === "event" && frame.event.kind === "member"), [], "others are not told");

      await atAlice.client.expectDone({ type: "unmute", ref: freshRef() });
      assert.equal((await aliceInbox.summary(id, (summary) => summary.muted === undefined)).unread, 1);

      const byApi = await api("PUT", `/conversations/${id}/members/${bob.userId}/mute`);
      assert.deepEqual(byApi.body, { muted: true });
      await bobInbox.summary(id, (summary) => summary.muted === true);
      assert.equal((await api("DELETE", `/conversations/${id}/members/${bob.userId}/mute`)).status, 200);
      await bobInbox.summary(id, (summary) => summary.muted === undefined);
      assert.equal((await api("PUT", `/conversations/${id}/members/nobody-here/mute`)).status, 404);
    });
  });

  describe("banning", () => {
    it("removes a banned member and keeps them out, by join or add, until unbanned; only owners and admins ban", async () => {
      const [alice, bob, carol, dave] = [freshUser("alice"), freshUser("bob"), freshUser("carol"), freshUser("dave")];
      const id = await clients.group(alice, [bob, carol, dave], { joinable: true });
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const atCarol = await clients.enter(id, carol);

      assertRefused(await atCarol.client.request({ type: "ban", ref: freshRef(), userId: bob.userId }), "forbidden", /owners and admins/);
      assertRefused(await atCarol.client.request({ type: "unban", ref: freshRef(), userId: bob.userId }), "forbidden");

      await atAlice.client.expectDone({ type: "ban", ref: freshRef(), userId: bob.userId });
      assert.equal((await atBob.client.expectClosed()).code, CLOSE_CODES.removed);
      const kicked = await atCarol.client.frames.next(isMemberEvent("kicked", bob.userId), "bob removed");
      assert.equal(kicked.event.actorId, alice.userId);

      const bobInbox = await clients.inbox(bob);
      assertRefused(await bobInbox.join(id), "forbidden", /banned/);
      assertRefused(await atAlice.client.request({ type: "add", ref: freshRef(), userId: bob.userId }), "forbidden", /banned/);
      assert.equal((await api("PUT", `/conversations/${id}/members/${bob.userId}`, {})).status, 403);
      assert.deepEqual((await api("GET", `/conversations/${id}/bans`)).body.bans.map((ban: { userId: string }) => ban.userId), [bob.userId]);

      // An admin may ban too, and a user who is not a member yet.
      await api("PUT", `/conversations/${id}/members/${carol.userId}`, { role: "admin" });
      const stranger = freshUser("stranger");
      await atCarol.client.expectDone({ type: "ban", ref: freshRef(), userId: stranger.userId });
      assertRefused(await (await clients.inbox(stranger)).join(id), "forbidden", /banned/);
      assertRefused(await atCarol.client.request({ type: "ban", ref: freshRef(), userId: alice.userId }), "forbidden", /owner/);

      await atAlice.client.expectDone({ type: "unban", ref: freshRef(), userId: bob.userId });
      assert.equal((await bobInbox.join(id)).type, "done");
    });

    it("bans and unbans through the server API, and not in one-to-one conversations", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atBob = await clients.enter(id, bob);
      const banned = await api("PUT", `/conversations/${id}/bans/${bob.userId}`);
      assert.deepEqual(banned.body, { banned: true });
      assert.equal((await atBob.client.expectClosed()).code, CLOSE_CODES.removed);
      assert.equal((await api("PUT", `/conversations/${id}/members/${bob.userId}`, {})).body.error.code, "forbidden");
      assert.equal((await api("DELETE", `/conversations/${id}/bans/${bob.userId}`)).status, 200);
      assert.equal((await api("PUT", `/conversations/${id}/members/${bob.userId}`, {})).status, 201);

      const direct = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
      const atAlice = await clients.enter(direct, alice);
      assertRefused(await atAlice.client.request({ type: "ban", ref: freshRef(), userId: bob.userId }), "forbidden", /block/);
    });
  });

  describe("word blocklist, reject mode", () => {
    it("refuses a send or edit holding a blocked word, whole words only, in any case", async () => {
      const [alice] = [freshUser("alice")];
      const id = await clients.group(alice, []);
      const { client } = await clients.enter(id, alice);
      const refusedId = messageId();
      client.send({ type: "send", id: refusedId, text: "well DARN it" });
      const error = await client.nextError();
      assert.equal(error.ref, refusedId);
      assert.equal(error.code, "blocked_word");
      assert.match(error.message, /"DARN" is not allowed/);
      client.send({ type: "send", id: messageId(), text: "Heck Yes!" });
      assert.equal((await client.nextError()).code, "blocked_word");
      const fine = await client.say("darning socks, heck no");
      assertRefused(await client.request({ type: "edit", ref: freshRef(), messageId: fine.id, text: "darn socks" }), "blocked_word");
      const posted = await api("POST", `/conversations/${id}/messages`, { userId: alice.userId, text: "darn" });
      assert.equal(posted.status, 422);
      assert.equal(posted.body.error.code, "blocked_word");
      assert.deepEqual(await history(client), ["darning socks, heck no"]);
    });
  });
});

describe("word blocklist, mask mode", () => {
  const { clients } = useTestServer({ ...TEST_VARS, BLOCKED_WORDS: "darn,heck yes", BLOCKED_WORDS_MODE: "mask" });

  it("stores each blocked word as asterisks, on send and on edit", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const { client: atAlice } = await clients.enter(id, alice);
    const { client: atBob } = await clients.enter(id, bob);
    const ack = await atAlice.say("Darn! heck yes, darning is fine");
    const seen = await atBob.frames.next(isMessageEvent(ack.id), "the masked message");
    assert.equal(seen.event.message.text, "****! **** ***, darning is fine");
    await atAlice.expectDone({ type: "edit", ref: freshRef(), messageId: ack.id, text: "oh DARN" });
    const edited = await atBob.frames.next(
      (frame) => frame.type === "event" && frame.event.kind === "change" && frame.event.message.id === ack.id,
      "the masked edit",
    );
    assert.equal(edited.type === "event" && edited.event.kind === "change" ? edited.event.message.text : "", "oh ****");
  });
});

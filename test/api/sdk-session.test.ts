/**
 * Chat sessions (issue #19, ChatKitty's `startChatSession`): `chat.startSession` binds every
 * handler, resolves once the conversation is live, `end()` unbinds them; every refusal rejects
 * with its reason, and nothing waits past the timeout.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChatError } from "../../src/store/index.js";
import { freshConversationId, freshUserId, signToken, useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";
import { SlowLink } from "../support/tcp.js";

describe("chat sessions", () => {
  const { server } = useTestServer();
  const { chatAs, chatOf, signedIn } = useChats(server);

  const rejectsWith = (code: string) => (error: unknown) => {
    assert.ok(error instanceof ChatError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };

  /** Waits until `heard` holds `entry`. */
  async function heardOnce(heard: string[], entry: string): Promise<void> {
    for (const started = Date.now(); !heard.includes(entry); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() - started > 8_000) assert.fail(`never heard ${entry}; heard ${JSON.stringify(heard)}`);
    }
  }

  it("resolves once the conversation is live, calls each handler on its event, and end() stops them all", async () => {
    const [alice, bob, carol] = await signedIn(chatAs("alice"), chatAs("bob"), chatAs("carol"));
    const group = await alice.create({ type: "group", members: [bob.user.userId], title: "Before" });
    const earlier = await alice.send({ conversationId: group.id, text: "before the session" });
    const heard: string[] = [];
    const { session, conversation } = await bob.startSession({
      conversationId: group.id,
      onMessage: (message) => heard.push(`message ${message.text}`),
      onMessageUpdated: (message) => heard.push(`updated ${message.text}`),
      onMessageDeleted: (message) => heard.push(`deleted ${message.id}`),
      onMemberJoined: (member) => heard.push(`joined ${member.userId}`),
      onMemberUpdated: (member) => heard.push(`member updated ${member.userId}`),
      onMemberLeft: (member) => heard.push(`left ${member.userId}`),
      onRead: (read) => heard.push(`read ${read.userId} ${read.messageId}`),
      onConversationUpdated: (meta) => heard.push(`title ${meta.title}`),
      onPresence: (presence) => heard.push(`presence ${presence.userId} ${presence.here}`),
      onTyping: (typists) => heard.push(`typing ${typists.map((typist) => typist.userId).join()}`),
    });
    assert.equal(conversation.id, group.id);
    assert.equal(conversation.status.get(), "online", "live when it resolves");
    assert.equal(conversation.loaded.get(), true);
    assert.deepEqual(conversation.messages.get().map((message) => message.text), ["before the session"], "the welcome is in");

    const sent = await alice.send({ conversationId: group.id, text: "hello bob" });
    await heardOnce(heard, "message hello bob");
    await group.edit(sent.id, "hello again");
    await heardOnce(heard, "updated hello again");
    await group.delete(earlier.id);
    await heardOnce(heard, `deleted ${earlier.id}`);
    await group.update({ title: "After" });
    await heardOnce(heard, "title After");
    await group.add(carol.user.userId);
    await heardOnce(heard, `joined ${carol.user.userId}`);
    const atCarol = carol.conversation(group.id);
    const carolHere = atCarol.messages.listen(() => {});
    await heardOnce(heard, `presence ${carol.user.userId} true`);
    group.setTyping(true);
    await heardOnce(heard, `typing ${alice.user.userId}`);
    const fromBob = await bob.send({ conversationId: group.id, text: "seen?" });
    await until(group.messages, (messages) => messages.some((m) => m.id === fromBob.id), "alice has bob's");
    group.markSeen();
    await heardOnce(heard, `read ${alice.user.userId} ${fromBob.id}`);
    await group.kick(carol.user.userId);
    await heardOnce(heard, `left ${carol.user.userId}`);
    carolHere();

    session.end();
    const count = heard.length;
    await alice.send({ conversationId: group.id, text: "after the end" });
    await group.update({ title: "Later" });
    // Watching bob's status would hold his socket open: alice sees him leave instead.
    await until(group.here, (ids) => !ids.includes(bob.user.userId), "bob's socket released");
    assert.deepEqual(heard.slice(count), [], "no handler after end()");
  });

  it("rejects with not_member for a conversation the user is not in, while a member's session goes live", async () => {
    const [alice, bob, mallory] = await signedIn(chatAs("alice"), chatAs("bob"), chatAs("mallory"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    await assert.rejects(mallory.startSession({ conversationId: group.id, onMessage: () => assert.fail("mallory heard a message") }), rejectsWith("not_member"));
    const { session, conversation } = await bob.startSession({ conversationId: group.id });
    assert.equal(conversation.status.get(), "online");
    session.end();
  });

  it("rejects with not_found for a conversation that does not exist, within seconds", async () => {
    const alice = chatAs("alice");
    const started = Date.now();
    await assert.rejects(alice.startSession({ conversationId: freshConversationId("nowhere") }), rejectsWith("not_found"));
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });

  it("goes live for a user added after a refused session", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({});
    await assert.rejects(bob.startSession({ conversationId: group.id }), rejectsWith("not_member"));
    await group.add(bob.user.userId);
    const { session, conversation } = await bob.startSession({ conversationId: group.id });
    assert.equal(conversation.status.get(), "online");
    session.end();
  });

  it("rejects with the server's refusal of a forged token, naming it", async () => {
    const userId = freshUserId("forger");
    const token = await signToken({ sub: userId, exp: Math.floor(Date.now() / 1000) + 600 }, new TextEncoder().encode("not the server's secret at all!!"));
    const forger = chatOf(userId, { token });
    await assert.rejects(forger.startSession({ conversationId: freshConversationId("any") }), rejectsWith("unauthorized"));
  });

  it("rejects with timeout when the conversation is not live in time, and stops waiting", { timeout: 30_000 }, async () => {
    const link = await SlowLink.open(server().server.port, 4_500);
    try {
      const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
      const group = await alice.create({ type: "group", members: [bob.user.userId] });
      const slowBob = chatOf(bob.user.userId, { host: `127.0.0.1:${link.port}`, name: "bob" });
      const started = Date.now();
      await assert.rejects(slowBob.startSession({ conversationId: group.id, timeoutMs: 1_000 }), rejectsWith("timeout"));
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
      // Had the session kept its socket, bob would be here once the slow handshake ends.
      const watching = group.here.listen(() => {});
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      assert.ok(!group.here.get().includes(bob.user.userId), "bob's socket was released");
      watching();
    } finally {
      await link.close();
    }
  });
});

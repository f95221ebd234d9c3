/**
 * Creating and sending in one step (issue #19): a group of its creator alone, `chat.send` to a
 * person or a conversation answering with the stored message or the reason, and a message to a
 * conversation that does not exist failing at once.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChatError } from "../../src/store/index.js";
import { freshConversationId, freshUserId, useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

describe("creating and sending in one step", () => {
  const { server } = useTestServer();
  const { chatAs, signedIn } = useChats(server);

  it("creates a group with the creator as its only member from create({}), and it works", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const alone = await alice.create({});
    const members = await until(alone.members, (list) => list.length > 0, "members");
    assert.deepEqual(members.map((member) => [member.userId, member.role]), [[alice.user.userId, "owner"]]);
    assert.equal(alone.meta.get()?.type, "group");
    const [row] = await until(alice.conversations, (list) => list.some((item) => item.id === alone.id), "alice's row");
    assert.equal(row!.memberCount, 1);
    const id = alone.send("note to self");
    await until(alone.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "acked");
    await alone.add(bob.user.userId);
    await until(bob.conversations, (list) => list.some((item) => item.id === alone.id), "bob added later");
  });

  const rejectsWith = (code: string) => (error: unknown) => {
    assert.ok(error instanceof ChatError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };

  it("sends to a person in one call, making the one-to-one the first time and reusing it after", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const first = await alice.send({ to: bob.user.userId, text: "hi bob", metadata: { kind: "greeting" } });
    assert.equal(first.status, "sent");
    assert.ok(first.seq! > 0);
    assert.deepEqual(first.metadata, { kind: "greeting" });
    const [row] = await until(bob.conversations, (list) => list.some((item) => item.id === first.conversationId), "bob's row");
    assert.equal(row!.type, "direct");
    const second = await alice.send({ to: bob.user.userId, text: "again" });
    assert.equal(second.conversationId, first.conversationId, "the same one-to-one");
    const atBob = bob.conversation(first.conversationId);
    await until(atBob.messages, (messages) => messages.map((m) => m.text).join() === "hi bob,again", "bob reads both");
    const reply = await bob.send({ conversationId: first.conversationId, text: "hi alice" });
    assert.equal(reply.senderId, bob.user.userId);
  });

  it("rejects a send to nobody, to oneself or to someone one blocks with its reason, creating nothing", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    await assert.rejects(alice.send({ to: freshUserId("nobody"), text: "hello?" }), rejectsWith("unknown_user"));
    await assert.rejects(alice.send({ to: alice.user.userId, text: "me" }), rejectsWith("with_self"));
    await alice.block(bob.user.userId);
    await assert.rejects(alice.send({ to: bob.user.userId, text: "blocked" }), rejectsWith("forbidden"));
    assert.deepEqual(alice.conversations.get(), []);
  });

  it("fails a send to a conversation that does not exist with not_found at once, the message showing why, and again on the same handle", async () => {
    const alice = chatAs("alice");
    const conversationId = freshConversationId("no-such");
    const started = Date.now();
    await assert.rejects(alice.send({ conversationId, text: "anyone?" }), rejectsWith("not_found"));
    const nowhere = alice.conversation(conversationId);
    const [failed] = nowhere.messages.get();
    assert.deepEqual([failed?.status, failed?.errorCode, failed?.error], ["failed", "not_found", "no such conversation"]);
    const holds = nowhere.messages.listen(() => {});
    await assert.rejects(alice.send({ conversationId, text: "still nobody?" }), rejectsWith("not_found"));
    const edit = nowhere.edit(failed!.id, "changed");
    await assert.rejects(edit, rejectsWith("not_found"));
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    holds();
  });
});

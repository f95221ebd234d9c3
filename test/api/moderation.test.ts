/**
 * Moderation and search through the headless API (`createChat`) from Node against the real
 * server: a muted conversation leaves the total unread count, `search` finds messages, and
 * `block` hides a one-to-one peer's new messages from the blocker's stores.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChatError, type ChatMessage } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const texts = (messages: ChatMessage[]) => messages.map((message) => message.text);

describe("moderation and search in the headless API", () => {
  const { server } = useTestServer();
  const { chatAs, signedIn } = useChats(server);

  it("leaves a muted conversation out of unreadCount while its row keeps its count", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const loud = await bob.create({ type: "group", members: [alice.user.userId], title: "loud" });
    const quiet = await bob.create({ type: "group", members: [alice.user.userId], title: "quiet" });
    const stop = alice.unreadCount.listen(() => {});
    await until(alice.conversations, (list) => list.length === 2, "both rows");
    await alice.conversation(quiet.id).mute();
    await until(alice.conversations, (list) => list.some((item) => item.id === quiet.id && item.muted === true), "muted row");

    quiet.send("one");
    quiet.send("two");
    loud.send("three");
    await until(alice.conversations, (list) => list.find((item) => item.id === quiet.id)?.unread === 2, "quiet counted on its row");
    await until(alice.unreadCount, (count) => count === 1, "only the loud one in the total");

    await alice.conversation(quiet.id).unmute();
    await until(alice.unreadCount, (count) => count === 3, "all three after unmuting");
    stop();
  });

  it("searches a conversation's history, newest first", async () => {
    const [alice] = await signedIn(chatAs("alice"));
    const group = await alice.create({ type: "group", members: [], title: "notes" });
    for (const text of ["buy milk", "call the plumber", "buy bread and milk"]) group.send(text);
    await until(group.messages, (messages) => messages.filter((message) => message.status === "sent").length === 3, "all sent");
    assert.deepEqual(texts(await group.search("milk")), ["buy bread and milk", "buy milk"]);
    assert.deepEqual(texts(await group.search("plu")), ["call the plumber"]);
    await assert.rejects(group.search("?!"), (error: unknown) => error instanceof ChatError && error.code === "bad_frame");
  });

  it("hides what a blocked peer sends from the blocker's stores, and refuses a new one-to-one with them", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const atBob = await bob.create({ type: "direct", members: [alice.user.userId] });
    const atAlice = alice.conversation(atBob.id);
    const stop = atAlice.messages.listen(() => {});
    atBob.send("before");
    await until(atAlice.messages, (messages) => texts(messages).includes("before"), "alice gets the first");

    await alice.block(bob.user.userId);
    atBob.send("while blocked");
    atBob.send("still blocked");
    await until(atBob.messages, (messages) => messages.filter((message) => message.status === "sent").length === 3, "bob's all sent");
    await alice.unblock(bob.user.userId);
    atBob.send("after");
    await until(atAlice.messages, (messages) => texts(messages).includes("after"), "alice gets the one after");
    assert.deepEqual(texts(atAlice.messages.get()), ["before", "after"]);
    assert.deepEqual(texts(atBob.messages.get()), ["before", "while blocked", "still blocked", "after"]);

    await alice.block(bob.user.userId);
    await assert.rejects(alice.create({ type: "direct", members: [bob.user.userId] }), (error: unknown) => error instanceof ChatError && error.code === "forbidden");
    stop();
  });
});

/**
 * The headless API's rich messaging from Node against the real server: edits, deletions,
 * reactions and replies as store changes; typing and presence as stores; history read page
 * by page; read positions moved by `markSeen`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {  type ChatMessage, type ConversationHandle } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const texts = (messages: ChatMessage[]) => messages.map((message) => message.text);

describe("the headless API's rich messaging", () => {
  const { server } = useTestServer();
  const { chatAs, chatOf, online, hold, signedIn } = useChats(server);

  async function pair() {
    const [alice, bob] = await signedIn(chatAs("alice", { name: "Alice" }), chatAs("bob", { name: "Bob" }));
    const atAlice = await online(await alice.create({ type: "direct", members: [bob.user.userId] }));
    const atBob = await online(bob.conversation(atAlice.id));
    return { alice, bob, atAlice, atBob };
  }

  async function sent(handle: ConversationHandle, text: string, options?: Parameters<ConversationHandle["send"]>[1]) {
    const id = handle.send(text, options);
    await until(handle.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), `ack of ${text}`);
    return id;
  }

  it("shows an edit, a reaction, a reply and a deletion to the other member as they happen", async () => {
    const { bob, atAlice, atBob } = await pair();
    const id = await sent(atAlice, "first draft");
    await until(atBob.messages, (messages) => texts(messages).includes("first draft"), "bob receives");

    await atAlice.edit(id, "final text");
    const edited = await until(atBob.messages, (messages) => texts(messages).includes("final text"), "bob sees the edit");
    assert.ok(edited.find((m) => m.id === id)!.editedAt! > 0);

    await atBob.react(id, "👍");
    const reacted = await until(atAlice.messages, (messages) => Boolean(messages.find((m) => m.id === id)?.reactions), "alice sees the reaction");
    assert.deepEqual(reacted.find((m) => m.id === id)!.reactions, { "👍": [bob.user.userId] });
    await atBob.react(id, "👍");
    await until(atAlice.messages, (messages) => !messages.find((m) => m.id === id)?.reactions, "toggled off");

    const replyId = await sent(atBob, "agreed", { replyTo: id });
    const withReply = await until(atAlice.messages, (messages) => messages.some((m) => m.id === replyId), "alice gets the reply");
    assert.equal(withReply.find((m) => m.id === replyId)!.replyTo, id);

    await atAlice.delete(id);
    const deleted = await until(atBob.messages, (messages) => Boolean(messages.find((m) => m.id === id)?.deletedAt), "bob sees the tombstone");
    assert.equal(deleted.find((m) => m.id === id)!.text, "");
    await assert.rejects(atAlice.edit(replyId, "not mine"), /only its sender/);
  });

  it("reads history page by page in both directions without touching the messages store", async () => {
    const { atAlice } = await pair();
    for (let n = 1; n <= 7; n++) await sent(atAlice, `m${n}`);

    const held = atAlice.messages.get().length;
    const latest = await atAlice.getMessages({ pageSize: 3 });
    assert.deepEqual(texts(latest.data), ["m5", "m6", "m7"]);
    assert.equal(latest.hasNext, true);
    assert.equal(latest.hasPrev, false);
    const middle = await latest.nextPage();
    assert.deepEqual(texts(middle.data), ["m2", "m3", "m4"]);
    const first = await middle.nextPage();
    assert.deepEqual(texts(first.data), ["m1"]);
    assert.equal(first.hasNext, false, "the beginning of history");
    const back = await first.prevPage();
    assert.deepEqual(texts(back.data), ["m2", "m3", "m4"]);
    assert.equal(back.hasPrev, true);
    assert.equal(atAlice.messages.get().length, held, "the store's window is unchanged");
  });

  it("shows who is typing to the others only, and stops when they send", async () => {
    const { atAlice, atBob } = await pair();
    atBob.setTyping(true);
    const typing = await until(atAlice.typing, (typists) => typists.length === 1, "alice sees bob typing");
    assert.equal(typing[0]!.name, "Bob");
    assert.deepEqual(atBob.typing.get(), [], "bob does not see himself");
    atBob.send("done typing");
    await until(atAlice.typing, (typists) => typists.length === 0, "bob stopped");
  });

  it("moves read positions forward with markSeen, to a given message or the newest", async () => {
    const { bob, atAlice, atBob } = await pair();
    const first = await sent(atAlice, "one");
    await sent(atAlice, "two");
    await until(atBob.messages, (messages) => messages.length === 2, "bob has both");
    atBob.markSeen(first);
    const firstSeq = atBob.messages.get()[0]!.seq!;
    await until(atAlice.members, (members) => members.some((m) => m.userId === bob.user.userId && m.lastReadSeq === firstSeq), "alice sees bob read one");
    atBob.markSeen();
    const lastSeq = atBob.messages.get()[1]!.seq!;
    await until(atAlice.members, (members) => members.some((m) => m.userId === bob.user.userId && m.lastReadSeq === lastSeq), "and then both");
  });

  it("reports a member online while any of their sockets is open, and here while the conversation is", async () => {
    const { alice, bob, atAlice } = await pair();
    const bobId = bob.user.userId;
    await until(atAlice.here, (here) => here.includes(bobId), "bob is here");
    await bob.end();
    await until(atAlice.online, (ids) => !ids.includes(bobId), "bob offline once all his sockets closed");
    assert.ok(!atAlice.here.get().includes(bobId));

    const bobAgain = chatOf(bobId, { name: "Bob" });
    hold(bobAgain.conversations.listen(() => {}));
    await until(atAlice.online, (ids) => ids.includes(bobId), "bob online through his list alone");
    assert.ok(!atAlice.here.get().includes(bobId), "but not here");
    const row = await until(alice.conversations, (list) => list.some((item) => item.id === atAlice.id && item.peer?.online === true), "alice's row shows bob online");
    assert.ok(row.length > 0);
  });
});

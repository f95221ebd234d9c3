/**
 * Per-message read events (ChatKitty's onMessageRead, the conversation-object SDK's seen) from
 * the headless API against the real server: who read which message and when, for members with
 * the conversation open; never the reader's own or deleted messages; bounded on a long jump.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type ReadByFrame } from "../../src/protocol/index.js";
import type { ConversationEvents, ConversationHandle } from "../../src/store/index.js";
import { freshRef, freshUser, tokenFor, useTestServer, type User } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

type Read = Parameters<ConversationEvents["read"]>[0];

describe("read events", () => {
  const { server, clients } = useTestServer();
  const { chatOf, hold } = useChats(server);

  /** `user`'s handle on conversation `id`, open for the rest of the file, with the read events it hears. */
  async function opened(user: User, id: string): Promise<{ handle: ConversationHandle; reads: Read[] }> {
    const chat = chatOf(user.userId, { tokenProvider: () => tokenFor(user) });
    const handle = chat.conversation(id);
    const reads: Read[] = [];
    hold(handle.on("read", (read) => reads.push(read)));
    hold(handle.messages.listen(() => {}));
    await until(handle.loaded, Boolean, `${user.userId} loaded ${id}`);
    return { handle, reads };
  }

  async function pair() {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    return { alice, bob, id };
  }

  const isReadBy = (frame: { type: string }): frame is ReadByFrame => frame.type === "read_by";

  it("tells a member with the conversation open who read each message and when", async () => {
    const { alice, bob, id } = await pair();
    const atAlice = await opened(alice, id);
    const atBob = await opened(bob, id);
    const ids = [atAlice.handle.send("one"), atAlice.handle.send("two"), atAlice.handle.send("three")];
    await until(atBob.handle.messages, (messages) => ids.every((sent) => messages.some((m) => m.id === sent)), "bob has them");

    const before = Date.now();
    atBob.handle.markSeen();
    const newest = atBob.handle.messages.get().at(-1)!.seq!;
    await until(atAlice.handle.members, (members) => members.some((m) => m.userId === bob.userId && m.lastReadSeq === newest), "alice sees bob's position");
    const reads = atAlice.reads.filter((read) => read.userId === bob.userId);
    assert.deepEqual(reads.map((read) => read.messageId), ids);
    for (const read of reads) assert.ok(read.readAt >= before - 1000 && read.readAt <= Date.now() + 1000, `readAt ${read.readAt}`);
    assert.deepEqual(atBob.reads, [], "the reader hears no read events of their own reading");
  });

  it("never names the reader's own messages nor deleted ones", async () => {
    const { alice, bob, id } = await pair();
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    await atAlice.say("before bob");
    const own = await atBob.say("bob's own");
    const kept = await atAlice.say("kept");
    const gone = await atAlice.say("deleted");
    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: gone.id });
    const last = await atAlice.say("last");

    atBob.send({ type: "read", seq: last.seq });
    const read = (await atAlice.frames.next(isReadBy, "bob's read_by")) as ReadByFrame;
    assert.equal(read.userId, bob.userId);
    assert.deepEqual(read.messageIds, [kept.id, last.id]);
    assert.ok(!read.messageIds!.includes(own.id));
  });

  it(`names at most the newest ${LIMITS.readMessageIds} messages of a long jump`, async () => {
    const { alice, bob, id } = await pair();
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    const acks = await atAlice.sayMany(LIMITS.readMessageIds + 30);

    atBob.send({ type: "read", seq: acks.at(-1)!.seq });
    const read = (await atAlice.frames.next(isReadBy, "bob's read_by")) as ReadByFrame;
    assert.equal(read.seq, acks.at(-1)!.seq);
    assert.deepEqual(read.messageIds, acks.slice(-LIMITS.readMessageIds).map((ack) => ack.id));
  });

  it("markSeen(messageId) moves the read position only forward", async () => {
    const { alice, bob, id } = await pair();
    const atAlice = (await clients.enter(id, alice)).client;
    const sent = [await atAlice.say("a"), await atAlice.say("b"), await atAlice.say("c")];
    const atBob = await opened(bob, id);
    await until(atBob.handle.messages, (messages) => messages.length === 3, "bob has them");

    atBob.handle.markSeen(sent[1]!.id);
    const first = (await atAlice.frames.next(isReadBy, "read up to b")) as ReadByFrame;
    assert.equal(first.seq, sent[1]!.seq);
    assert.deepEqual(first.messageIds, [sent[0]!.id, sent[1]!.id]);

    atBob.handle.markSeen(sent[0]!.id);
    await atAlice.frames.expectNone((frame) => isReadBy(frame) && frame !== first, 400, "a read_by moving back");
    const me = atBob.handle.members.get().find((member) => member.userId === bob.userId)!;
    assert.equal(me.lastReadSeq, sent[1]!.seq);

    atBob.handle.markSeen(sent[2]!.id);
    const next = (await atAlice.frames.next((frame) => isReadBy(frame) && frame !== first, "read up to c")) as ReadByFrame;
    assert.deepEqual(next.messageIds, [sent[2]!.id]);
  });
});

/**
 * Sending messages through the real server (wrangler dev on workerd): acks, fan-out to the
 * conversation's members, seq order, idempotent resends and message id conflicts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AckFrame, StoredMessage } from "../../src/protocol/index.js";
import {
  freshUser,
  isMemberEvent,
  isMessageEvent,
  messageId,
  messagesIn,
  range,
  seqsOf,
  useTestServer,
  type ConversationClient,
} from "../support/server-clients.js";

describe("sending messages", () => {
  const { clients } = useTestServer();

  it("acks a sent message with its seq and delivers it, with sender, text and time, to the other member in the conversation only", async () => {
    const alice = freshUser("alice", "Alice Liddell");
    const bob = freshUser("bob", "Bob");
    const carol = freshUser("carol", "Carol");
    const conversationId = await clients.group(alice, [bob]);
    const elsewhere = await clients.group(carol, []);

    const atAlice = await clients.enter(conversationId, alice);
    // Creation logged the meta and both members; nothing else yet.
    const { meta, members, events, ...header } = atAlice.welcome;
    assert.deepEqual(header, {
      type: "welcome",
      conversationId,
      userId: alice.userId,
      lastSeq: 3,
      reset: false,
      online: [alice.userId],
      here: [alice.userId],
    });
    assert.equal(meta.id, conversationId);
    assert.deepEqual(members.map((member) => member.userId).sort(), [alice.userId, bob.userId].sort());
    assert.deepEqual(events.map((event) => [event.seq, event.kind]), [[1, "meta"], [2, "member"], [3, "member"]]);

    // Bob connects under a display name: his member entry is renamed before his welcome.
    const atBob = await clients.enter(conversationId, bob);
    const atCarol = await clients.enter(elsewhere, carol);
    assert.equal(atBob.welcome.conversationId, conversationId);
    assert.equal(atBob.welcome.userId, bob.userId);
    assert.equal(atBob.welcome.lastSeq, 4);
    assert.equal(atCarol.welcome.conversationId, elsewhere);
    const renamed = await atAlice.client.frames.next(isMemberEvent("updated", bob.userId), "bob's rename");
    assert.equal(renamed.event.member.name, "Bob");

    const id = messageId();
    const text = "Hello, Bob! ünïcödé ✓";
    const metadata = { topic: "greeting", priority: 2, urgent: false };
    const sentAt = Date.now();
    const ack = await atAlice.client.say(text, { id, metadata });
    const afterAck = Date.now();

    assert.equal(ack.type, "ack");
    assert.equal(ack.id, id);
    assert.equal(ack.seq, atBob.welcome.lastSeq + 1);
    assert.ok(
      ack.createdAt >= sentAt - 2_000 && ack.createdAt <= afterAck + 2_000,
      `createdAt ${ack.createdAt} should be close to now (${sentAt}..${afterAck})`,
    );

    const delivered = await atBob.client.frames.next(isMessageEvent(id), "message event");
    const expected: StoredMessage = {
      id,
      seq: ack.seq,
      senderId: alice.userId,
      senderName: "Alice Liddell",
      text,
      metadata,
      createdAt: ack.createdAt,
    };
    assert.deepEqual(delivered, { type: "event", event: { kind: "message", seq: ack.seq, message: expected } });

    await atCarol.client.frames.expectNone((frame) => frame.type !== "welcome", 300, "frame from another conversation");
    assert.deepEqual(atAlice.client.frames.all(isMessageEvent()), [], "the sender gets an ack, not its own message back");
    assert.equal(atBob.client.frames.all(isMessageEvent()).length, 1);
    for (const client of [atAlice.client, atBob.client, atCarol.client]) assert.deepEqual(client.frames.invalid, []);
  });

  it("names the sender by user id when the client gives no name, and records no rename for it", async () => {
    const erin = freshUser("erin", "Erin");
    const dave = freshUser("dave");
    const conversationId = await clients.group(erin, [dave]);

    const atErin = await clients.enter(conversationId, erin);
    const atDave = await clients.enter(conversationId, dave);
    assert.equal(atDave.welcome.lastSeq, 3, "no rename was logged");
    const nameOf = new Map(atDave.welcome.members.map((member) => [member.userId, member.name]));
    assert.deepEqual(Object.fromEntries(nameOf), { [erin.userId]: "Erin", [dave.userId]: dave.userId });

    const ack = await atDave.client.say("no name given");
    const delivered = await atErin.client.frames.next(isMessageEvent(ack.id), "dave's message");
    assert.deepEqual(delivered.event.message, {
      id: ack.id,
      seq: 4,
      senderId: dave.userId,
      senderName: dave.userId,
      text: "no name given",
      createdAt: ack.createdAt,
    });

    const reply = await atErin.client.say("named reply");
    const atDaveReply = await atDave.client.frames.next(isMessageEvent(reply.id), "erin's reply");
    assert.equal(atDaveReply.event.message.senderName, "Erin");
    assert.equal(reply.seq, 5);
  });

  it("gives messages increasing, gap-free seqs in send order and lists them by seq in a later member's welcome", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const conversationId = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const base = atBob.welcome.lastSeq;
    assert.equal(base, 4, "meta and three members");

    const sent: { id: string; senderId: string; text: string; seq: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const [from, to] = i % 2 === 0 ? [atAlice.client, atBob.client] : [atBob.client, atAlice.client];
      const id = messageId();
      const text = `message ${i + 1}`;
      const ack = await from.say(text, { id });
      const delivered = await to.frames.next(isMessageEvent(id), `message ${i + 1}`);
      assert.equal(delivered.event.seq, ack.seq);
      assert.equal(delivered.event.message.seq, ack.seq);
      sent.push({ id, senderId: from.userId, text, seq: ack.seq });
    }
    assert.deepEqual(seqsOf(sent), range(base + 1, base + 20));

    const { welcome } = await clients.enter(conversationId, carol);
    assert.equal(welcome.lastSeq, base + 20);
    assert.equal(welcome.reset, false);
    assert.deepEqual(seqsOf(welcome.events), range(1, base + 20));
    assert.deepEqual(
      messagesIn(welcome.events).map(({ id, senderId, text, seq }) => ({ id, senderId, text, seq })),
      sent,
    );
  });

  it("keeps each client's send order and leaves no seq gaps when two clients send at once", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const conversationId = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const base = atBob.welcome.lastSeq;

    const aliceIds = Array.from({ length: 10 }, () => messageId());
    const bobIds = Array.from({ length: 10 }, () => messageId());
    // Fire everything without waiting, interleaved.
    for (let i = 0; i < 10; i++) {
      atAlice.client.send({ type: "send", id: aliceIds[i]!, text: `alice ${i}` });
      atBob.client.send({ type: "send", id: bobIds[i]!, text: `bob ${i}` });
    }
    const ackOf = (client: ConversationClient, id: string) => client.frames.nextOfType("ack", (ack) => ack.id === id);
    const aliceAcks: AckFrame[] = await Promise.all(aliceIds.map((id) => ackOf(atAlice.client, id)));
    const bobAcks: AckFrame[] = await Promise.all(bobIds.map((id) => ackOf(atBob.client, id)));

    const increasing = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);
    assert.ok(increasing(seqsOf(aliceAcks)), `alice's seqs follow her send order: ${seqsOf(aliceAcks)}`);
    assert.ok(increasing(seqsOf(bobAcks)), `bob's seqs follow his send order: ${seqsOf(bobAcks)}`);
    assert.deepEqual(
      seqsOf([...aliceAcks, ...bobAcks]).sort((a, b) => a - b),
      range(base + 1, base + 20),
    );

    const { welcome } = await clients.enter(conversationId, carol);
    assert.equal(welcome.lastSeq, base + 20);
    const messages = messagesIn(welcome.events);
    assert.deepEqual(seqsOf(messages), range(base + 1, base + 20));
    const seqById = new Map([...aliceAcks, ...bobAcks].map((ack) => [ack.id, ack.seq]));
    for (const message of messages) assert.equal(message.seq, seqById.get(message.id));
  });

  it("stores a resent message id once and acks it again with the same seq, also from a new connection", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("carol")];
    const conversationId = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const base = atBob.welcome.lastSeq;

    const id = messageId();
    const first = await atAlice.client.say("only once", { id });
    assert.equal(first.seq, base + 1);
    await atBob.client.frames.next(isMessageEvent(id), "first delivery");

    const second = await atAlice.client.say("only once", { id });
    assert.deepEqual(second, first, "the resend is acked with the stored seq and time");

    // A resend after a reconnect (the lost-ack case), even with different text, changes nothing.
    atAlice.client.close();
    const aliceAgain = await clients.enter(conversationId, alice);
    const third = await aliceAgain.client.say("edited on resend", { id });
    assert.deepEqual(third, first);

    // A later message proves bob has seen everything the resends could have caused.
    const nextId = messageId();
    const next = await aliceAgain.client.say("after the resends", { id: nextId });
    assert.equal(next.seq, base + 2, "resends use up no seq");
    await atBob.client.frames.next(isMessageEvent(nextId), "message after the resends");
    assert.equal(atBob.client.frames.all(isMessageEvent(id)).length, 1, "bob got the resent message once");

    const { welcome } = await clients.enter(conversationId, carol);
    assert.equal(welcome.lastSeq, base + 2);
    assert.deepEqual(
      messagesIn(welcome.events).map(({ id, seq, text }) => ({ id, seq, text })),
      [
        { id, seq: base + 1, text: "only once" },
        { id: nextId, seq: base + 2, text: "after the resends" },
      ],
    );
  });

  it("refuses another user's message id with id_conflict and changes nothing", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
    const conversationId = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);

    const id = messageId();
    const original = await atAlice.client.say("alice's words", { id });
    await atBob.client.frames.next(isMessageEvent(id), "alice's message");

    atBob.client.send({ type: "send", id, text: "bob's words under alice's id" });
    const error = await atBob.client.nextError();
    assert.equal(error.code, "id_conflict");
    assert.equal(error.ref, id);
    assert.ok(error.message.length > 0);

    // Bob's next message gets the next seq: the conflict used none, and nobody heard of it.
    const bobsOwn = await atBob.client.say("bob's own message");
    assert.equal(bobsOwn.seq, original.seq + 1);
    await atAlice.client.frames.next(isMessageEvent(bobsOwn.id), "bob's own message");
    assert.deepEqual(atBob.client.frames.all((frame) => frame.type === "ack" && frame.id === id), []);
    assert.deepEqual(
      atAlice.client.frames.all(isMessageEvent()).map((frame) => frame.event.message.id),
      [bobsOwn.id],
    );

    const { welcome } = await clients.enter(conversationId, carol);
    assert.equal(welcome.lastSeq, bobsOwn.seq);
    assert.deepEqual(
      messagesIn(welcome.events).map(({ id, seq, senderId, senderName, text, createdAt }) => ({ id, seq, senderId, senderName, text, createdAt })),
      [
        { id, seq: original.seq, senderId: alice.userId, senderName: "Alice", text: "alice's words", createdAt: original.createdAt },
        { id: bobsOwn.id, seq: bobsOwn.seq, senderId: bob.userId, senderName: "Bob", text: "bob's own message", createdAt: bobsOwn.createdAt },
      ],
    );

    // Alice can still resend her own id.
    assert.deepEqual(await atAlice.client.say("alice's words", { id }), original);
  });
});

/**
 * Sending messages through the real server (wrangler dev on workerd): acks, fan-out, seq
 * order, idempotent resends and message id conflicts.
 */
import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AckFrame, ServerFrame, StoredMessage } from "../../src/protocol/index.js";
import {
  ClientPool,
  freshConversationId,
  freshUserId,
  messageId,
  openTransport,
  startTestServer,
  stopTestServer,
  type TestServer,
} from "../support/server-clients.js";

const isMessage = (id?: string) => (frame: ServerFrame) =>
  frame.type === "message" && (id === undefined || frame.message.id === id);

describe("sending messages", () => {
  let test: TestServer;
  const clients = new ClientPool();

  before(async () => {
    test = await startTestServer();
  });

  afterEach(() => clients.closeAll());

  after(async () => {
    clients.closeAll();
    await stopTestServer(test);
  });

  it("acks a sent message with its seq and delivers it, with sender, text and time, to the other client in the conversation only", async () => {
    const conversationId = freshConversationId();
    const otherConversationId = freshConversationId();
    const aliceId = freshUserId("alice");
    const bobId = freshUserId("bob");
    const carolId = freshUserId("carol");

    const alice = await clients.join({ host: test.host, conversationId, userId: aliceId, name: "Alice Liddell" });
    const bob = await clients.join({ host: test.host, conversationId, userId: bobId, name: "Bob" });
    const carol = await clients.join({ host: test.host, conversationId: otherConversationId, userId: carolId, name: "Carol" });

    assert.deepEqual(alice.welcome, {
      type: "welcome",
      conversationId,
      userId: aliceId,
      lastSeq: 0,
      messages: [],
      reset: false,
    });
    assert.equal(bob.welcome.conversationId, conversationId);
    assert.equal(bob.welcome.userId, bobId);
    assert.equal(carol.welcome.conversationId, otherConversationId);

    const id = messageId();
    const text = "Hello, Bob! ünïcödé ✓";
    const metadata = { topic: "greeting", priority: 2, urgent: false };
    const sentAt = Date.now();
    const ack = await alice.client.say(text, { id, metadata });
    const afterAck = Date.now();

    assert.equal(ack.type, "ack");
    assert.equal(ack.id, id);
    assert.equal(ack.seq, 1);
    assert.equal(typeof ack.createdAt, "number");
    assert.ok(
      ack.createdAt >= sentAt - 2_000 && ack.createdAt <= afterAck + 2_000,
      `createdAt ${ack.createdAt} should be close to now (${sentAt}..${afterAck})`,
    );

    const delivered = await bob.client.inbox.next(isMessage(id), "message frame");
    const expected: StoredMessage = {
      id,
      seq: 1,
      senderId: aliceId,
      senderName: "Alice Liddell",
      text,
      metadata,
      createdAt: ack.createdAt,
    };
    assert.deepEqual(delivered, { type: "message", message: expected });

    await carol.client.inbox.expectNone((frame) => frame.type !== "welcome", 300, "frame from another conversation");
    assert.deepEqual(
      alice.client.inbox.all(isMessage()),
      [],
      "the sender gets an ack, not its own message back",
    );
    assert.equal(bob.client.inbox.all(isMessage()).length, 1);
  });

  it("names the sender by user id when the client gives no name, and through the widget's ConversationSocket", async () => {
    const conversationId = freshConversationId();
    const daveId = freshUserId("dave");
    const erinId = freshUserId("erin");

    const erin = clients.track(openTransport({ host: test.host, conversationId, userId: erinId, name: "Erin" }));
    const erinWelcome = await erin.inbox.nextOfType("welcome");
    assert.equal(erinWelcome.userId, erinId);
    assert.deepEqual(erin.statuses, ["connecting", "online"]);

    const dave = await clients.join({ host: test.host, conversationId, userId: daveId });
    const ack = await dave.client.say("no name given");
    const delivered = await erin.inbox.nextOfType("message");
    assert.deepEqual(delivered.message, {
      id: ack.id,
      seq: 1,
      senderId: daveId,
      senderName: daveId,
      text: "no name given",
      createdAt: ack.createdAt,
    });

    // And the other way round: what the transport sends arrives at the PartySocket client.
    const id = messageId();
    assert.equal(erin.socket.send({ type: "send", id, text: "sent by the widget transport" }), true);
    const ackToErin = await erin.inbox.nextOfType("ack", (frame) => frame.id === id);
    assert.equal(ackToErin.seq, 2);
    const atDave = await dave.client.inbox.next(isMessage(id), "message from the transport");
    assert.equal(atDave.type === "message" && atDave.message.senderName, "Erin");
  });

  it("gives messages increasing, gap-free seqs in send order and lists them by seq in a new client's welcome", async () => {
    const conversationId = freshConversationId();
    const aliceId = freshUserId("alice");
    const bobId = freshUserId("bob");
    const alice = await clients.join({ host: test.host, conversationId, userId: aliceId, name: "Alice" });
    const bob = await clients.join({ host: test.host, conversationId, userId: bobId, name: "Bob" });

    const sent: { id: string; sender: string; text: string; seq: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const from = i % 2 === 0 ? alice : bob;
      const to = i % 2 === 0 ? bob : alice;
      const id = messageId();
      const text = `message ${i + 1}`;
      const ack = await from.client.say(text, { id });
      const delivered = await to.client.inbox.next(isMessage(id), `message ${i + 1}`);
      assert.equal(delivered.type === "message" && delivered.message.seq, ack.seq);
      sent.push({ id, sender: from.client.userId, text, seq: ack.seq });
    }

    assert.deepEqual(
      sent.map((message) => message.seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const { welcome } = await clients.join({ host: test.host, conversationId, userId: freshUserId("carol") });
    assert.equal(welcome.lastSeq, 20);
    assert.equal(welcome.reset, false);
    assert.deepEqual(
      welcome.messages.map(({ id, senderId, text, seq }) => ({ id, sender: senderId, text, seq })),
      sent,
    );
  });

  it("keeps each client's send order and leaves no seq gaps when two clients send at once", async () => {
    const conversationId = freshConversationId();
    const alice = await clients.join({ host: test.host, conversationId, userId: freshUserId("alice") });
    const bob = await clients.join({ host: test.host, conversationId, userId: freshUserId("bob") });

    const aliceIds = Array.from({ length: 10 }, () => messageId());
    const bobIds = Array.from({ length: 10 }, () => messageId());
    // Fire everything without waiting, interleaved.
    for (let i = 0; i < 10; i++) {
      alice.client.send({ type: "send", id: aliceIds[i]!, text: `alice ${i}` });
      bob.client.send({ type: "send", id: bobIds[i]!, text: `bob ${i}` });
    }
    const ackOf = (client: typeof alice.client, id: string) => client.inbox.nextOfType("ack", (ack) => ack.id === id);
    const aliceAcks: AckFrame[] = await Promise.all(aliceIds.map((id) => ackOf(alice.client, id)));
    const bobAcks: AckFrame[] = await Promise.all(bobIds.map((id) => ackOf(bob.client, id)));

    const increasing = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!);
    assert.ok(increasing(aliceAcks.map((ack) => ack.seq)), `alice's seqs follow her send order: ${aliceAcks.map((a) => a.seq)}`);
    assert.ok(increasing(bobAcks.map((ack) => ack.seq)), `bob's seqs follow his send order: ${bobAcks.map((a) => a.seq)}`);
    assert.deepEqual(
      [...aliceAcks, ...bobAcks].map((ack) => ack.seq).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const { welcome } = await clients.join({ host: test.host, conversationId, userId: freshUserId("carol") });
    assert.equal(welcome.lastSeq, 20);
    assert.deepEqual(welcome.messages.map((message) => message.seq), Array.from({ length: 20 }, (_, i) => i + 1));
    const seqById = new Map([...aliceAcks, ...bobAcks].map((ack) => [ack.id, ack.seq]));
    for (const message of welcome.messages) assert.equal(message.seq, seqById.get(message.id));
  });

  it("stores a resent message id once and acks it again with the same seq, also from a new connection", async () => {
    const conversationId = freshConversationId();
    const aliceId = freshUserId("alice");
    const alice = await clients.join({ host: test.host, conversationId, userId: aliceId, name: "Alice" });
    const bob = await clients.join({ host: test.host, conversationId, userId: freshUserId("bob") });

    const id = messageId();
    const first = await alice.client.say("only once", { id });
    assert.equal(first.seq, 1);
    await bob.client.inbox.next(isMessage(id), "first delivery");

    const second = await alice.client.say("only once", { id });
    assert.deepEqual(second, first, "the resend is acked with the stored seq and time");

    // A resend after a reconnect (the lost-ack case), even with different text, changes nothing.
    alice.client.close();
    const aliceAgain = await clients.join({ host: test.host, conversationId, userId: aliceId, name: "Alice" });
    const third = await aliceAgain.client.say("edited on resend", { id });
    assert.deepEqual(third, first);

    // A later message proves bob has seen everything the resends could have caused.
    const nextId = messageId();
    const next = await aliceAgain.client.say("after the resends", { id: nextId });
    assert.equal(next.seq, 2, "resends use up no seq");
    await bob.client.inbox.next(isMessage(nextId), "message after the resends");
    assert.equal(bob.client.inbox.all(isMessage(id)).length, 1, "bob got the resent message once");

    const { welcome } = await clients.join({ host: test.host, conversationId, userId: freshUserId("carol") });
    assert.equal(welcome.lastSeq, 2);
    assert.deepEqual(
      welcome.messages.map(({ id, seq, text }) => ({ id, seq, text })),
      [
        { id, seq: 1, text: "only once" },
        { id: nextId, seq: 2, text: "after the resends" },
      ],
    );
  });

  it("refuses another user's message id with id_conflict and changes nothing", async () => {
    const conversationId = freshConversationId();
    const aliceId = freshUserId("alice");
    const bobId = freshUserId("bob");
    const alice = await clients.join({ host: test.host, conversationId, userId: aliceId, name: "Alice" });
    const bob = await clients.join({ host: test.host, conversationId, userId: bobId, name: "Bob" });

    const id = messageId();
    const original = await alice.client.say("alice's words", { id });
    await bob.client.inbox.next(isMessage(id), "alice's message");

    bob.client.send({ type: "send", id, text: "bob's words under alice's id" });
    const error = await bob.client.inbox.nextOfType("error");
    assert.equal(error.code, "id_conflict");
    assert.equal(error.ref, id);
    assert.equal(typeof error.message, "string");

    // Bob's next message gets the next seq: the conflict used none, and nobody heard of it.
    const bobsOwn = await bob.client.say("bob's own message");
    assert.equal(bobsOwn.seq, original.seq + 1);
    await alice.client.inbox.next(isMessage(bobsOwn.id), "bob's own message");
    assert.deepEqual(bob.client.inbox.all((frame) => frame.type === "ack" && frame.id === id), []);
    assert.deepEqual(
      alice.client.inbox.all(isMessage()).map((frame) => frame.type === "message" && frame.message.id),
      [bobsOwn.id],
    );

    const { welcome } = await clients.join({ host: test.host, conversationId, userId: freshUserId("carol") });
    assert.equal(welcome.lastSeq, 2);
    assert.deepEqual(
      welcome.messages.map(({ id, seq, senderId, senderName, text, createdAt }) => ({ id, seq, senderId, senderName, text, createdAt })),
      [
        { id, seq: 1, senderId: aliceId, senderName: "Alice", text: "alice's words", createdAt: original.createdAt },
        { id: bobsOwn.id, seq: 2, senderId: bobId, senderName: "Bob", text: "bob's own message", createdAt: bobsOwn.createdAt },
      ],
    );

    // Alice can still resend her own id.
    assert.deepEqual(await alice.client.say("alice's words", { id }), original);
  });
});

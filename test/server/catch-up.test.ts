/**
 * What a client gets in its welcome: a gap-free replay of the event log after `since`, the
 * latest page on a cold start, and the latest page with `reset` when `since` cannot be replayed.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type AckFrame } from "../../src/protocol/index.js";
import {
  connectConversation,
  freshUser,
  messagesIn,
  range,
  seqsOf,
  useTestServer,
  type User,
} from "../support/server-clients.js";

describe("catching up on connect", () => {
  const { server, clients } = useTestServer();

  /** Events a group of one logs when it is created: its meta and its creator joining. */
  const creationEvents = 2;
  /** A group holding latestPageSize + 5 messages, shared by the tests that only read it. */
  const total = LIMITS.latestPageSize + 5;
  const last = creationEvents + total;
  let filled: { conversationId: string; acks: AckFrame[]; writer: User };

  before(async () => {
    const writer = freshUser("writer");
    const conversationId = await clients.group(writer, []);
    const client = await connectConversation(server().host, conversationId, writer);
    try {
      const acks = await client.sayMany(total);
      filled = { conversationId, acks, writer };
    } finally {
      client.close();
    }
  });

  /** The writer, on a new socket, saying hello with `since`. */
  const enter = (since?: number, conversationId = filled.conversationId, user = filled.writer) =>
    clients.enter(conversationId, user, since);

  it("numbers the messages of one sender in send order, right after the creation events", () => {
    assert.deepEqual(seqsOf(filled.acks), range(creationEvents + 1, last));
  });

  it("sends the latest page, bounded by latestPageSize and ordered by seq, to a client without since", async () => {
    const { welcome } = await enter();
    assert.equal(welcome.lastSeq, last);
    assert.equal(welcome.reset, false);
    assert.equal(welcome.events.length, LIMITS.latestPageSize);
    assert.deepEqual(seqsOf(welcome.events), range(last - LIMITS.latestPageSize + 1, last));
    const lastAck = filled.acks.at(-1)!;
    assert.deepEqual(welcome.events.at(-1), {
      kind: "message",
      seq: last,
      message: {
        id: lastAck.id,
        seq: last,
        senderId: filled.writer.userId,
        senderName: filled.writer.userId,
        text: `message ${total}`,
        createdAt: lastAck.createdAt,
      },
    });
  });

  it("replays exactly the events after since", async () => {
    const since = last - 5;
    const { welcome } = await enter(since);
    assert.equal(welcome.reset, false);
    assert.equal(welcome.lastSeq, last);
    assert.deepEqual(seqsOf(welcome.events), range(since + 1, last));
    assert.deepEqual(
      messagesIn(welcome.events).map((message) => message.id),
      filled.acks.slice(-5).map((ack) => ack.id),
    );
  });

  it("replays more than a page when since is further back, within the replay limit, creation events included", async () => {
    const { welcome } = await enter(creationEvents);
    assert.equal(welcome.reset, false);
    assert.deepEqual(seqsOf(welcome.events), range(creationEvents + 1, last));

    const fromStart = await enter(0);
    assert.equal(fromStart.welcome.reset, false);
    assert.deepEqual(seqsOf(fromStart.welcome.events), range(1, last));
    const [meta, creator] = fromStart.welcome.events;
    assert.equal(meta?.kind, "meta");
    assert.equal(creator?.kind === "member" && creator.op, "added");
    assert.equal(creator?.kind === "member" && creator.member.userId, filled.writer.userId);
    assert.equal(messagesIn(fromStart.welcome.events).length, total);
  });

  it("replays nothing to a client that is up to date", async () => {
    const { welcome } = await enter(last);
    assert.deepEqual(welcome.events, []);
    assert.equal(welcome.lastSeq, last);
    assert.equal(welcome.reset, false);
  });

  it("answers since beyond the last seq with the latest page and reset: true", async () => {
    const { welcome } = await enter(last + 1);
    assert.equal(welcome.reset, true);
    assert.equal(welcome.lastSeq, last);
    assert.deepEqual(seqsOf(welcome.events), range(last - LIMITS.latestPageSize + 1, last));

    const owner = freshUser("owner");
    const quiet = await clients.group(owner, []);
    const beyond = await enter(creationEvents + 1, quiet, owner);
    assert.equal(beyond.welcome.lastSeq, creationEvents);
    assert.equal(beyond.welcome.reset, true);
    assert.deepEqual(seqsOf(beyond.welcome.events), range(1, creationEvents));
  });

  it("greets a conversation without messages with its creation events", async () => {
    const owner = freshUser("owner");
    const quiet = await clients.group(owner, []);
    const { welcome } = await enter(undefined, quiet, owner);
    assert.equal(welcome.lastSeq, creationEvents);
    assert.equal(welcome.reset, false);
    assert.deepEqual(welcome.events.map((event) => event.kind), ["meta", "member"]);
    assert.deepEqual(messagesIn(welcome.events), []);

    const upToDate = await enter(creationEvents, quiet, owner);
    assert.equal(upToDate.welcome.reset, false);
    assert.deepEqual(upToDate.welcome.events, []);
  });

  it("answers every hello on the same connection, as after a reconnect", async () => {
    const { client, welcome } = await enter(last - 1);
    assert.deepEqual(seqsOf(welcome.events), [last]);
    const again = await client.hello(last - 3);
    assert.deepEqual(seqsOf(again.events), range(last - 2, last));
    const cold = await client.hello();
    assert.equal(cold.events.length, LIMITS.latestPageSize);
    assert.equal(cold.reset, false);
  });

  it("sends a welcome longer than a client frame may be, and the protocol's parser accepts it", async () => {
    const writer = freshUser("writer");
    const conversationId = await clients.group(writer, []);
    const { client } = await enter(undefined, conversationId, writer);
    await client.sayMany(LIMITS.latestPageSize, (i) => `${i} ${"lorem ipsum ".repeat(80)}`);

    // Every frame goes through parseServerFrame, which bounds no server frame's length.
    const { client: reader, welcome } = await enter(undefined, conversationId, writer);
    assert.equal(messagesIn(welcome.events).length, LIMITS.latestPageSize);
    assert.ok(JSON.stringify(welcome).length > LIMITS.frameLength);
    assert.deepEqual(reader.frames.invalid, []);
  });

  it("falls back to the latest page with reset when the gap exceeds replayLimit", async () => {
    const writer = freshUser("writer");
    const conversationId = await clients.group(writer, []);
    const { client } = await enter(undefined, conversationId, writer);
    const acks = await client.sayMany(LIMITS.replayLimit + 2);
    const end = acks.at(-1)!.seq;
    assert.equal(end, creationEvents + LIMITS.replayLimit + 2);

    const atLimit = await enter(end - LIMITS.replayLimit, conversationId, writer);
    assert.equal(atLimit.welcome.reset, false);
    assert.equal(atLimit.welcome.events.length, LIMITS.replayLimit);
    assert.deepEqual(seqsOf(atLimit.welcome.events), range(end - LIMITS.replayLimit + 1, end));

    const beyond = await enter(end - LIMITS.replayLimit - 1, conversationId, writer);
    assert.equal(beyond.welcome.reset, true);
    assert.equal(beyond.welcome.lastSeq, end);
    assert.deepEqual(seqsOf(beyond.welcome.events), range(end - LIMITS.latestPageSize + 1, end));
  });
});

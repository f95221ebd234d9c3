/**
 * What a client gets in its welcome: a gap-free replay after `since`, the latest page on a cold
 * start, and the latest page with `reset` when `since` cannot be replayed.
 */
import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type AckFrame, type StoredMessage } from "../../src/protocol/index.js";
import {
  ClientPool,
  freshConversationId,
  freshUserId,
  messageId,
  openTransport,
  startTestServer,
  stopTestServer,
  type TestClient,
  type TestServer,
} from "../support/server-clients.js";

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (messages: StoredMessage[]) => messages.map((message) => message.seq);

/** Sends `count` messages back to back and resolves with their acks, in send order. */
async function sendMany(client: TestClient, count: number, label = "message"): Promise<AckFrame[]> {
  const ids = Array.from({ length: count }, () => messageId());
  ids.forEach((id, i) => client.send({ type: "send", id, text: `${label} ${i + 1}` }));
  return Promise.all(ids.map((id) => client.inbox.nextOfType("ack", (ack) => ack.id === id, 20_000)));
}

describe("catching up on connect", () => {
  let test: TestServer;
  const clients = new ClientPool();

  /** A conversation holding latestPageSize + 5 messages, shared by the tests that only read it. */
  const total = LIMITS.latestPageSize + 5;
  let filled: { conversationId: string; acks: AckFrame[]; senderId: string };

  before(async () => {
    test = await startTestServer();
    const conversationId = freshConversationId("filled");
    const senderId = freshUserId("writer");
    const { client } = await clients.join({ host: test.host, conversationId, userId: senderId });
    const acks = await sendMany(client, total);
    client.close();
    filled = { conversationId, acks, senderId };
  });

  afterEach(() => clients.closeAll());

  after(async () => {
    clients.closeAll();
    await stopTestServer(test);
  });

  const join = (since?: number, conversationId = filled.conversationId) =>
    clients.join({ host: test.host, conversationId, userId: freshUserId("reader") }, since);

  it("numbers the messages of one sender 1..n in send order", () => {
    assert.deepEqual(filled.acks.map((ack) => ack.seq), range(1, total));
  });

  it("sends the latest page, bounded by latestPageSize and ordered by seq, to a client without since", async () => {
    const { welcome } = await join();
    assert.equal(welcome.lastSeq, total);
    assert.equal(welcome.reset, false);
    assert.equal(welcome.messages.length, LIMITS.latestPageSize);
    assert.deepEqual(seqs(welcome.messages), range(total - LIMITS.latestPageSize + 1, total));
    const last = welcome.messages.at(-1)!;
    const lastAck = filled.acks.at(-1)!;
    assert.deepEqual(last, {
      id: lastAck.id,
      seq: total,
      senderId: filled.senderId,
      senderName: filled.senderId,
      text: `message ${total}`,
      createdAt: lastAck.createdAt,
    });
  });

  it("replays exactly the messages after since", async () => {
    const since = total - 5;
    const { welcome } = await join(since);
    assert.equal(welcome.reset, false);
    assert.equal(welcome.lastSeq, total);
    assert.deepEqual(seqs(welcome.messages), range(since + 1, total));
    assert.deepEqual(
      welcome.messages.map((message) => message.id),
      filled.acks.slice(since).map((ack) => ack.id),
    );
  });

  it("replays more than a page when since is further back, within the replay limit", async () => {
    const { welcome } = await join(2);
    assert.equal(welcome.reset, false);
    assert.deepEqual(seqs(welcome.messages), range(3, total));

    const fromStart = await join(0);
    assert.equal(fromStart.welcome.reset, false);
    assert.deepEqual(seqs(fromStart.welcome.messages), range(1, total));
  });

  it("replays nothing to a client that is up to date", async () => {
    const { welcome } = await join(total);
    assert.deepEqual(welcome.messages, []);
    assert.equal(welcome.lastSeq, total);
    assert.equal(welcome.reset, false);
  });

  it("answers since beyond the last seq with the latest page and reset: true", async () => {
    const { welcome } = await join(total + 1);
    assert.equal(welcome.reset, true);
    assert.equal(welcome.lastSeq, total);
    assert.deepEqual(seqs(welcome.messages), range(total - LIMITS.latestPageSize + 1, total));

    const empty = await join(3, freshConversationId("empty"));
    assert.deepEqual(
      { lastSeq: empty.welcome.lastSeq, messages: empty.welcome.messages, reset: empty.welcome.reset },
      { lastSeq: 0, messages: [], reset: true },
    );
  });

  it("greets an empty conversation with no messages and lastSeq 0", async () => {
    const { welcome } = await join(undefined, freshConversationId("empty"));
    assert.deepEqual(
      { lastSeq: welcome.lastSeq, messages: welcome.messages, reset: welcome.reset },
      { lastSeq: 0, messages: [], reset: false },
    );
    const upToDate = await join(0, freshConversationId("empty"));
    assert.equal(upToDate.welcome.reset, false);
    assert.deepEqual(upToDate.welcome.messages, []);
  });

  it("answers every hello on the same connection, as after a reconnect", async () => {
    const { client, welcome } = await join(total - 1);
    assert.deepEqual(seqs(welcome.messages), [total]);
    const again = await client.hello(total - 3);
    assert.deepEqual(seqs(again.messages), range(total - 2, total));
    const cold = await client.hello();
    assert.equal(cold.messages.length, LIMITS.latestPageSize);
  });

  it("says hello with the widget transport's lastSeq and gets the replay after it", async () => {
    const transport = clients.track(
      openTransport({ host: test.host, conversationId: filled.conversationId, userId: freshUserId("widget"), since: total - 2 }),
    );
    const welcome = await transport.inbox.nextOfType("welcome");
    assert.equal(welcome.reset, false);
    assert.deepEqual(seqs(welcome.messages), [total - 1, total]);
    assert.deepEqual(transport.statuses, ["connecting", "online"]);
  });

  it("brings the widget transport online with a welcome longer than a client frame may be", async () => {
    const conversationId = freshConversationId("wordy");
    const { client } = await clients.join({ host: test.host, conversationId, userId: freshUserId("writer") });
    const ids = Array.from({ length: LIMITS.latestPageSize }, () => messageId());
    ids.forEach((id, i) => client.send({ type: "send", id, text: `${i} ${"lorem ipsum ".repeat(80)}` }));
    await Promise.all(ids.map((id) => client.inbox.nextOfType("ack", (ack) => ack.id === id)));

    // The server's welcome is fine: a PartySocket client gets all of it.
    const { welcome } = await join(undefined, conversationId);
    assert.equal(welcome.messages.length, LIMITS.latestPageSize);
    assert.ok(JSON.stringify(welcome).length > LIMITS.frameLength);

    const transport = clients.track(openTransport({ host: test.host, conversationId, userId: freshUserId("widget") }));
    const viaTransport = await transport.inbox.nextOfType("welcome", () => true, 2_000);
    assert.equal(viaTransport.messages.length, LIMITS.latestPageSize);
    assert.deepEqual(transport.statuses, ["connecting", "online"]);
  });

  it("falls back to the latest page with reset when the gap exceeds replayLimit", async () => {
    const conversationId = freshConversationId("long");
    const { client } = await clients.join({ host: test.host, conversationId, userId: freshUserId("writer") });
    const count = LIMITS.replayLimit + 2;
    const acks = await sendMany(client, count);
    assert.equal(acks.at(-1)!.seq, count);

    const atLimit = await join(count - LIMITS.replayLimit, conversationId);
    assert.equal(atLimit.welcome.reset, false);
    assert.equal(atLimit.welcome.messages.length, LIMITS.replayLimit);
    assert.deepEqual(seqs(atLimit.welcome.messages), range(count - LIMITS.replayLimit + 1, count));

    const beyond = await join(count - LIMITS.replayLimit - 1, conversationId);
    assert.equal(beyond.welcome.reset, true);
    assert.equal(beyond.welcome.lastSeq, count);
    assert.deepEqual(seqs(beyond.welcome.messages), range(count - LIMITS.latestPageSize + 1, count));
  });
});

/**
 * What the server does with frames it cannot accept: an error frame to the sender only,
 * nothing stored, and the connection (and the room) keeps working.
 */
import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type ErrorCode, type ServerFrame } from "../../src/protocol/index.js";
import {
  ClientPool,
  freshConversationId,
  freshUserId,
  messageId,
  startTestServer,
  stopTestServer,
  type TestClient,
  type TestServer,
} from "../support/server-clients.js";

interface BadFrameCase {
  name: string;
  data: string | Uint8Array<ArrayBuffer>;
  code: ErrorCode;
  /** The ref the error must carry; undefined when it must carry none. */
  ref?: string;
}

const validId = "9b2f4a4e-6a3c-4d5e-8f70-1a2b3c4d5e6f";

function cases(): BadFrameCase[] {
  const json = (value: unknown) => JSON.stringify(value);
  const id = () => messageId();
  const withRef = (name: string, build: (id: string) => unknown, code: ErrorCode = "bad_frame"): BadFrameCase => {
    const ref = id();
    return { name, data: json(build(ref)), code, ref };
  };
  return [
    { name: "malformed JSON", data: '{"type":"send",', code: "bad_json" },
    { name: "not JSON at all", data: "hello server", code: "bad_json" },
    { name: "JSON that is not an object", data: "42", code: "bad_frame" },
    { name: "a JSON array", data: json([{ type: "hello" }]), code: "bad_frame" },
    withRef("an unknown type", (ref) => ({ type: "edit", id: ref, text: "hi" })),
    { name: "an unknown type without id", data: json({ type: "typing" }), code: "bad_frame" },
    { name: "a frame without type", data: json({ id: validId, text: "hi" }), code: "bad_frame", ref: validId },
    withRef("a send without text", (ref) => ({ type: "send", id: ref })),
    withRef("a send with non-string text", (ref) => ({ type: "send", id: ref, text: 42 })),
    { name: "a send with a non-UUID id", data: json({ type: "send", id: "not-a-uuid", text: "hi" }), code: "bad_frame", ref: "not-a-uuid" },
    { name: "a send with a numeric id", data: json({ type: "send", id: 7, text: "hi" }), code: "bad_frame" },
    { name: "a send without id", data: json({ type: "send", text: "hi" }), code: "bad_frame" },
    withRef("a send with empty text", (ref) => ({ type: "send", id: ref, text: "" })),
    withRef("a send with whitespace-only text", (ref) => ({ type: "send", id: ref, text: " \n\t " })),
    withRef("a send with text over messageTextLength", (ref) => ({
      type: "send",
      id: ref,
      text: "x".repeat(LIMITS.messageTextLength + 1),
    })),
    withRef("a send with nested metadata", (ref) => ({ type: "send", id: ref, text: "hi", metadata: { nested: { a: 1 } } })),
    withRef("a send with array metadata values", (ref) => ({ type: "send", id: ref, text: "hi", metadata: { list: [1, 2] } })),
    withRef("a send with null metadata values", (ref) => ({ type: "send", id: ref, text: "hi", metadata: { gone: null } })),
    withRef("a send with metadata over metadataBytes", (ref) => ({
      type: "send",
      id: ref,
      text: "hi",
      metadata: { blob: "m".repeat(LIMITS.metadataBytes) },
    })),
    { name: "a hello with a negative since", data: json({ type: "hello", since: -1 }), code: "bad_frame" },
    { name: "a hello with a fractional since", data: json({ type: "hello", since: 1.5 }), code: "bad_frame" },
    { name: "a hello with a string since", data: json({ type: "hello", since: "3" }), code: "bad_frame" },
    {
      name: "a frame over frameLength",
      data: json({ type: "send", id: validId, text: "y".repeat(LIMITS.frameLength) }),
      code: "frame_too_large",
    },
    { name: "a binary frame", data: new TextEncoder().encode(json({ type: "hello" })), code: "bad_frame" },
  ];
}

describe("frames the server refuses", () => {
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

  async function expectError(client: TestClient, badFrame: BadFrameCase): Promise<void> {
    client.sendRaw(badFrame.data);
    const error = await client.inbox.nextOfType("error");
    assert.equal(error.code, badFrame.code, `${badFrame.name}: ${error.message}`);
    assert.equal(error.ref, badFrame.ref, `${badFrame.name}: ref`);
    assert.ok(error.message.length > 0, `${badFrame.name}: the error explains itself`);
  }

  it("answers each bad frame with the right error code and ref, and the connection and room keep working", async () => {
    const conversationId = freshConversationId();
    const alice = await clients.join({ host: test.host, conversationId, userId: freshUserId("alice"), name: "Alice" });
    const bob = await clients.join({ host: test.host, conversationId, userId: freshUserId("bob"), name: "Bob" });

    const all = cases();
    for (const badFrame of all) await expectError(alice.client, badFrame);
    assert.equal(alice.client.inbox.all((frame) => frame.type === "error").length, all.length);
    assert.deepEqual(alice.client.inbox.invalid, [], "every server frame matched the protocol");

    // Same connection: hello and send still work, and nothing bad was stored.
    const welcome = await alice.client.hello();
    assert.equal(welcome.lastSeq, 0, "no refused frame was stored");
    assert.deepEqual(welcome.messages, []);

    const ack = await alice.client.say("still here", { metadata: { ok: true } });
    assert.equal(ack.seq, 1);
    const delivered = await bob.client.inbox.nextOfType("message");
    assert.equal(delivered.message.id, ack.id);
    assert.equal(delivered.message.text, "still here");
    assert.deepEqual(delivered.message.metadata, { ok: true });

    const notWelcome = (frame: ServerFrame) => frame.type !== "welcome";
    assert.deepEqual(
      bob.client.inbox.all(notWelcome).map((frame) => frame.type),
      ["message"],
      "errors go to the sender only",
    );

    // And bob can answer.
    const reply = await bob.client.say("welcome back");
    assert.equal(reply.seq, 2);
    await alice.client.inbox.next((frame) => frame.type === "message" && frame.message.id === reply.id, "bob's reply");
  });

  it("accepts text of exactly messageTextLength and metadata of scalar values", async () => {
    const conversationId = freshConversationId();
    const alice = await clients.join({ host: test.host, conversationId, userId: freshUserId("alice") });
    const bob = await clients.join({ host: test.host, conversationId, userId: freshUserId("bob") });
    const text = "z".repeat(LIMITS.messageTextLength);
    const metadata = { s: "v", n: 1.5, t: true, f: false, zero: 0 };
    const ack = await alice.client.say(text, { metadata });
    assert.equal(ack.seq, 1);
    const delivered = await bob.client.inbox.nextOfType("message");
    assert.equal(delivered.message.text, text);
    assert.deepEqual(delivered.message.metadata, metadata);
  });

  it("keeps the ref of a refused frame to at most 64 characters", async () => {
    const alice = await clients.join({ host: test.host, conversationId: freshConversationId(), userId: freshUserId("alice") });
    const longId = "i".repeat(200);
    await expectError(alice.client, {
      name: "a send with a long non-UUID id",
      data: JSON.stringify({ type: "send", id: longId, text: "hi" }),
      code: "bad_frame",
      ref: longId.slice(0, 64),
    });
  });
});

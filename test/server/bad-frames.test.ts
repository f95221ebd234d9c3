/**
 * What the server does with frames it cannot accept, on a conversation socket and on an inbox
 * socket: an error frame to the sender only, nothing stored, and the connection (and the room)
 * keeps working.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type ErrorCode } from "../../src/protocol/index.js";
import type { AnyFrame } from "../support/frame-inbox.js";
import {
  freshRef,
  freshUser,
  freshUserId,
  isMessageEvent,
  messageId,
  messagesIn,
  useTestServer,
  type RoomClient,
} from "../support/server-clients.js";

interface BadFrameCase {
  name: string;
  data: string | Uint8Array<ArrayBuffer>;
  code: ErrorCode;
  /** The ref the error must carry; undefined when it must carry none. */
  ref?: string;
}

const validId = "9b2f4a4e-6a3c-4d5e-8f70-1a2b3c4d5e6f";
const json = (value: unknown) => JSON.stringify(value);

/** A case whose frame carries a fresh ref (as `id` or `ref`, as `build` places it) that the error must echo. */
function withRef(name: string, build: (ref: string) => unknown, code: ErrorCode = "bad_frame"): BadFrameCase {
  const ref = messageId();
  return { name, data: json(build(ref)), code, ref };
}

/** Bad frames any socket refuses the same way, whatever room it is in. */
function malformed(): BadFrameCase[] {
  return [
    { name: "malformed JSON", data: '{"type":"send",', code: "bad_json" },
    { name: "not JSON at all", data: "hello server", code: "bad_json" },
    { name: "JSON that is not an object", data: "42", code: "bad_frame" },
    { name: "a JSON array", data: json([{ type: "hello" }]), code: "bad_frame" },
    withRef("an unknown type", (ref) => ({ type: "edit", id: ref, text: "hi" })),
    { name: "an unknown type without id", data: json({ type: "typing" }), code: "bad_frame" },
    { name: "a frame without type", data: json({ id: validId, text: "hi" }), code: "bad_frame", ref: validId },
    { name: "a binary frame", data: new TextEncoder().encode(json({ type: "hello" })), code: "bad_frame" },
  ];
}

function conversationCases(): BadFrameCase[] {
  return [
    ...malformed(),
    withRef("a send without text", (ref) => ({ type: "send", id: ref })),
    withRef("a send with non-string text", (ref) => ({ type: "send", id: ref, text: 42 })),
    { name: "a send with a non-UUID id", data: json({ type: "send", id: "not-a-uuid", text: "hi" }), code: "bad_frame", ref: "not-a-uuid" },
    { name: "a send with a numeric id", data: json({ type: "send", id: 7, text: "hi" }), code: "bad_frame" },
    {
      name: "a send with an upper-case UUID",
      data: json({ type: "send", id: "0F8FAD5B-D9CB-469F-A165-70867728950E", text: "hi" }),
      code: "bad_frame",
      ref: "0F8FAD5B-D9CB-469F-A165-70867728950E",
    },
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
    withRef("a send whose metadata is an array", (ref) => ({ type: "send", id: ref, text: "hi", metadata: ["a", "b"] })),
    {
      name: "a send with a __proto__ metadata key",
      data: `{"type":"send","id":"${validId}","text":"hi","metadata":{"__proto__":"x"}}`,
      code: "bad_frame",
      ref: validId,
    },
    withRef("a send with metadata over metadataBytes", (ref) => ({
      type: "send",
      id: ref,
      text: "hi",
      metadata: { blob: "m".repeat(LIMITS.metadataBytes) },
    })),
    { name: "a hello with a negative since", data: json({ type: "hello", since: -1 }), code: "bad_frame" },
    { name: "a hello with a fractional since", data: json({ type: "hello", since: 1.5 }), code: "bad_frame" },
    { name: "a hello with a string since", data: json({ type: "hello", since: "3" }), code: "bad_frame" },
    { name: "a read without seq", data: json({ type: "read" }), code: "bad_frame" },
    { name: "a read with a negative seq", data: json({ type: "read", seq: -2 }), code: "bad_frame" },
    { name: "an add without ref", data: json({ type: "add", userId: freshUserId("x") }), code: "bad_frame" },
    withRef("an add with an invalid user id", (ref) => ({ type: "add", ref, userId: "has space" })),
    { name: "a kick with an empty ref", data: json({ type: "kick", ref: "", userId: freshUserId("x") }), code: "bad_frame", ref: "" },
    { name: "a leave with a numeric ref", data: json({ type: "leave", ref: 5 }), code: "bad_frame" },
    withRef("an update with an avatar that is no URL", (ref) => ({ type: "update", ref, avatar: "not a url" })),
    withRef("an update with a title over titleLength", (ref) => ({ type: "update", ref, title: "t".repeat(LIMITS.titleLength + 1) })),
    withRef("an inbox frame on a conversation socket", (ref) => ({ type: "join", ref, conversationId: "elsewhere" })),
    {
      name: "a frame over frameLength",
      data: json({ type: "send", id: validId, text: "y".repeat(LIMITS.frameLength) }),
      code: "frame_too_large",
    },
  ];
}

/** Bad frames for the inbox of `ownerId`. */
function inboxCases(ownerId: string): BadFrameCase[] {
  const create = (ref: string, fields: Record<string, unknown>) => ({ type: "create", ref, conversationType: "group", members: [], ...fields });
  return [
    ...malformed(),
    { name: "a conversation frame on an inbox socket", data: json({ type: "hello" }), code: "bad_frame" },
    withRef("a create without conversationType", (ref) => ({ type: "create", ref, members: [] })),
    withRef("a create of an unknown conversationType", (ref) => create(ref, { conversationType: "channel" })),
    withRef("a create without members", (ref) => ({ type: "create", ref, conversationType: "group" })),
    withRef("a create with members that are no list", (ref) => create(ref, { members: "bob" })),
    withRef("a create with an invalid member id", (ref) => create(ref, { members: ["has space"] })),
    withRef("a create naming more members than a group may have", (ref) =>
      create(ref, { members: Array.from({ length: LIMITS.groupMembers }, (_, i) => `member-${i}`) }),
    ),
    withRef("a create with an invalid conversation id", (ref) => create(ref, { id: "dot.ted" })),
    withRef("a create with a title over titleLength", (ref) => create(ref, { title: "t".repeat(LIMITS.titleLength + 1) })),
    withRef("a create with an avatar that is no URL", (ref) => create(ref, { avatar: "avatar.png" })),
    withRef("a create with metadata over metadataBytes", (ref) => create(ref, { metadata: { blob: "m".repeat(LIMITS.metadataBytes) } })),
    withRef("a create with a non-boolean joinable", (ref) => create(ref, { joinable: "yes" })),
    withRef("a one-to-one create naming nobody", (ref) => create(ref, { conversationType: "direct" }), "with_self"),
    withRef("a one-to-one create naming only its creator", (ref) => create(ref, { conversationType: "direct", members: [ownerId] }), "with_self"),
    withRef("a one-to-one create naming two others", (ref) =>
      create(ref, { conversationType: "direct", members: [freshUserId("x"), freshUserId("y")] }),
    ),
    withRef("a join without conversationId", (ref) => ({ type: "join", ref })),
    withRef("a join of an invalid conversation id", (ref) => ({ type: "join", ref, conversationId: "c".repeat(65) })),
    {
      name: "a frame over frameLength",
      data: json({ type: "create", ref: "big", conversationType: "group", members: [], title: "y".repeat(LIMITS.frameLength) }),
      code: "frame_too_large",
    },
  ];
}

describe("frames the server refuses", () => {
  const { clients } = useTestServer();

  async function expectError(client: Pick<RoomClient<AnyFrame>, "sendRaw" | "nextError">, badFrame: BadFrameCase): Promise<void> {
    client.sendRaw(badFrame.data);
    const error = await client.nextError();
    assert.equal(error.code, badFrame.code, `${badFrame.name}: ${error.message}`);
    assert.equal(error.ref, badFrame.ref, `${badFrame.name}: ref`);
    assert.ok(error.message.length > 0, `${badFrame.name}: the error explains itself`);
  }

  it("answers each bad conversation frame with the right error code and ref, and the connection and room keep working", async () => {
    const alice = freshUser("alice", "Alice");
    const bob = freshUser("bob");
    const conversationId = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const created = atAlice.welcome.lastSeq;

    const all = conversationCases();
    for (const badFrame of all) await expectError(atAlice.client, badFrame);
    assert.equal(atAlice.client.frames.all((frame) => frame.type === "error").length, all.length);
    assert.deepEqual(atAlice.client.frames.invalid, [], "every server frame matched the protocol");

    // Same connection: hello and send still work, and nothing bad was stored or changed.
    const welcome = await atAlice.client.hello();
    assert.equal(welcome.lastSeq, created, "no refused frame was stored");
    assert.deepEqual(messagesIn(welcome.events), []);
    assert.deepEqual(welcome.members, atAlice.welcome.members);
    assert.deepEqual(welcome.meta, atAlice.welcome.meta);

    const ack = await atAlice.client.say("still here", { metadata: { ok: true } });
    assert.equal(ack.seq, created + 1);
    const delivered = await atBob.client.frames.next(isMessageEvent(ack.id), "alice's message");
    assert.equal(delivered.event.message.text, "still here");
    assert.deepEqual(delivered.event.message.metadata, { ok: true });

    assert.deepEqual(
      atBob.client.frames.all((frame) => frame.type !== "welcome").map((frame) => frame.type),
      ["event"],
      "errors go to the sender only",
    );

    // And bob can answer.
    const reply = await atBob.client.say("welcome back");
    assert.equal(reply.seq, created + 2);
    await atAlice.client.frames.next(isMessageEvent(reply.id), "bob's reply");
  });

  it("answers each bad inbox frame with the right error code and ref, creates nothing, and the inbox keeps working", async () => {
    const alice = freshUser("alice", "Alice");
    const inbox = await clients.inbox(alice);
    assert.deepEqual(inbox.listing.conversations, []);

    const all = inboxCases(alice.userId);
    for (const badFrame of all) await expectError(inbox, badFrame);
    assert.equal(inbox.frames.all((frame) => frame.type === "error").length, all.length);
    assert.deepEqual(inbox.frames.invalid, [], "every server frame matched the protocol");

    const again = await clients.inbox(alice);
    assert.deepEqual(again.listing.conversations, [], "no refused frame created a conversation");

    // Same socket: a good create still works.
    const bob = freshUser("bob");
    await clients.signIn(bob);
    const done = await inbox.expectDone({ type: "create", ref: freshRef(), conversationType: "direct", members: [bob.userId] });
    assert.ok(done.conversationId);
    const summary = await inbox.summary(done.conversationId);
    assert.equal(summary.type, "direct");
    assert.deepEqual(summary.peer, { userId: bob.userId, name: bob.userId, online: false });
  });

  it("accepts text of exactly messageTextLength and metadata of scalar values", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const conversationId = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const text = "z".repeat(LIMITS.messageTextLength);
    const metadata = { s: "v", n: 1.5, t: true, f: false, zero: 0 };
    const ack = await atAlice.client.say(text, { metadata });
    assert.equal(ack.seq, atAlice.welcome.lastSeq + 1);
    const delivered = await atBob.client.frames.next(isMessageEvent(ack.id), "the longest message");
    assert.equal(delivered.event.message.text, text);
    assert.deepEqual(delivered.event.message.metadata, metadata);
  });

  it("keeps the ref of a refused frame to at most 64 characters", async () => {
    const alice = freshUser("alice");
    const conversationId = await clients.group(alice, []);
    const { client } = await clients.enter(conversationId, alice);
    const longId = "i".repeat(200);
    await expectError(client, {
      name: "a send with a long non-UUID id",
      data: JSON.stringify({ type: "send", id: longId, text: "hi" }),
      code: "bad_frame",
      ref: longId.slice(0, 64),
    });
    const inbox = await clients.inbox(alice);
    await expectError(inbox, {
      name: "a join with a long ref",
      data: JSON.stringify({ type: "join", ref: longId, conversationId }),
      code: "bad_frame",
      ref: longId.slice(0, 64),
    });
  });
});

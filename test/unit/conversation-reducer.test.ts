/** How a conversation's state follows frames and the user's own changes (src/store/conversation-reducer.ts): pure, no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConversationEvent, ConversationMeta, Member, ServerFrame, StoredMessage, WelcomeFrame } from "../../src/protocol/index.js";
import {
  appendPending,
  changeAtOnce,
  failMessages,
  mergePage,
  receive,
  replaceMessage,
  restoreCached,
  updateMember,
  type Activity,
  type ConversationState,
} from "../../src/store/conversation-reducer.js";
import type { ChatMessage } from "../../src/store/message-order.js";

const meta: ConversationMeta = { id: "c_room", type: "group", title: "Room", joinable: false, createdAt: 1 };
const member = (userId: string, joinedAt: number, role: Member["role"] = "member"): Member => ({ userId, name: userId, role, lastReadSeq: 0, joinedAt });
const ada = member("ada", 1, "owner");
const bob = member("bob", 2);

const storedMessage = (id: string, seq: number, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  id,
  seq,
  senderId: "bob",
  senderName: "bob",
  text: `text of ${id}`,
  createdAt: seq * 10,
  ...extra,
});
const sent = (id: string, seq: number, extra: Partial<StoredMessage> = {}): ChatMessage => ({
  ...storedMessage(id, seq, extra),
  conversationId: meta.id,
  type: extra.system ? "system" : "user",
  status: "sent",
});
const pending = (id: string, createdAt = 1_000): ChatMessage => ({
  id,
  conversationId: meta.id,
  type: "user",
  seq: null,
  senderId: "ada",
  senderName: "ada",
  text: `text of ${id}`,
  createdAt,
  status: "pending",
});

const state = (partial: Partial<ConversationState> = {}): ConversationState => ({
  id: meta.id,
  messages: [],
  members: [ada, bob],
  activity: [],
  meta,
  online: [],
  here: [],
  lastSeq: undefined,
  ...partial,
});

const messageEvent = (message: StoredMessage): ConversationEvent => ({ kind: "message", seq: message.seq, message });
const changeEvent = (seq: number, message: StoredMessage, op: "edited" | "deleted" | "reacted" = "edited"): ConversationEvent => ({
  kind: "change",
  seq,
  op,
  message,
  actorId: message.senderId,
  at: seq * 10,
});
const event = (conversationEvent: ConversationEvent): ServerFrame => ({ type: "event", event: conversationEvent });
const welcome = (partial: Partial<WelcomeFrame> = {}): WelcomeFrame => ({
  type: "welcome",
  conversationId: meta.id,
  userId: "ada",
  lastSeq: 0,
  meta,
  members: [ada, bob],
  events: [],
  reset: false,
  online: [],
  here: [],
  ...partial,
});

const ids = (messages: readonly ChatMessage[]) => messages.map((message) => message.id);

describe("conversation reducer: welcome", () => {
  it("takes meta, members, presence and the last seq from the server", () => {
    const renamed = { ...meta, title: "Renamed" };
    const { state: next } = receive(state({ meta: null, members: [] }), welcome({ meta: renamed, members: [bob], online: ["bob"], here: ["bob"], lastSeq: 7 }));
    assert.deepEqual(next.meta, renamed);
    assert.deepEqual(next.members, [bob]);
    assert.deepEqual(next.online, ["bob"]);
    assert.deepEqual(next.here, ["bob"]);
    assert.equal(next.lastSeq, 7);
  });

  it("merges a replay into what is held by seq, each id once, before the pending tail", () => {
    const held = state({ messages: [sent("m1", 1), sent("m3", 3), pending("p1")] });
    const { state: next } = receive(held, welcome({ events: [messageEvent(storedMessage("m2", 2)), messageEvent(storedMessage("m3", 3))], lastSeq: 3 }));
    assert.deepEqual(ids(next.messages), ["m1", "m2", "m3", "p1"]);
  });

  it("tells listeners a replayed message is added only when it was not held", () => {
    const held = state({ messages: [sent("m1", 1)] });
    const { heard } = receive(held, welcome({ events: [messageEvent(storedMessage("m1", 1)), messageEvent(storedMessage("m2", 2))] }));
    assert.deepEqual(
      heard.map(([kind, item, op]) => [kind, (item as ChatMessage).id, op]),
      [
        ["message", "m1", 0],
        ["message", "m2", 1],
      ],
    );
  });

  it("turns our pending message sent when the replay holds it (its ack was lost)", () => {
    const mine = pending("p1");
    const { state: next, heard } = receive(state({ messages: [mine] }), welcome({ events: [messageEvent({ ...storedMessage("p1", 4), senderId: "ada" })], lastSeq: 4 }));
    assert.deepEqual(
      next.messages.map((message) => [message.id, message.seq, message.status]),
      [["p1", 4, "sent"]],
    );
    assert.deepEqual(heard, [["message", next.messages[0], 0]]);
  });

  it("keeps only unsent messages when the server resets to its latest page", () => {
    const held = state({ messages: [sent("old1", 1), sent("old2", 2), pending("p1")] });
    const { state: next } = receive(held, welcome({ reset: true, events: [messageEvent(storedMessage("m900", 900))], lastSeq: 900 }));
    assert.deepEqual(ids(next.messages), ["m900", "p1"]);
  });

  it("brings a held message up to date from a replayed change, and adds no message it does not hold", () => {
    const held = state({ messages: [sent("m1", 1)] });
    const edited = storedMessage("m1", 1, { text: "edited", editedAt: 50 });
    const elsewhere = storedMessage("m0", 0, { text: "not held" });
    const { state: next, heard } = receive(held, welcome({ events: [changeEvent(5, edited), changeEvent(6, elsewhere)], lastSeq: 6 }));
    assert.deepEqual(
      next.messages.map((message) => [message.id, message.text]),
      [["m1", "edited"]],
    );
    assert.equal(heard.length, 1);
  });

  it("replays member and meta events to listeners in order", () => {
    const carl = member("carl", 3);
    const renamed = { ...meta, title: "New" };
    const events: ConversationEvent[] = [
      { kind: "member", seq: 1, op: "joined", member: carl, actorId: "carl", at: 10 },
      { kind: "meta", seq: 2, meta: renamed, actorId: "ada", at: 20 },
      { kind: "member", seq: 3, op: "left", member: carl, actorId: "carl", at: 30 },
    ];
    const { heard } = receive(state(), welcome({ events, lastSeq: 3 }));
    assert.deepEqual(heard, [
      ["member", carl, 1],
      ["conversation", renamed, 0],
      ["member", carl, -1],
    ]);
  });
});

describe("conversation reducer: live events", () => {
  it("places a new message after the stored ones and before the pending tail", () => {
    const held = state({ messages: [sent("m1", 1), pending("p1")], lastSeq: 1 });
    const { state: next, heard } = receive(held, event(messageEvent(storedMessage("m2", 2))));
    assert.deepEqual(ids(next.messages), ["m1", "m2", "p1"]);
    assert.equal(next.lastSeq, 2);
    assert.deepEqual(heard, [["message", sent("m2", 2), 1]]);
  });

  it("names each message's conversation and type: system for the host's lines, user for members'", () => {
    const { state: next } = receive(state(), event(messageEvent(storedMessage("s1", 1, { system: true, senderId: "", senderName: "" }))));
    const live = receive(next, event(messageEvent(storedMessage("m2", 2)))).state;
    assert.deepEqual(
      live.messages.map((message) => [message.conversationId, message.type]),
      [[meta.id, "system"], [meta.id, "user"]],
    );
  });

  it("stores a duplicate event once and tells listeners it was updated", () => {
    const held = state({ messages: [sent("m1", 1), sent("m2", 2)], lastSeq: 2 });
    const { state: next, heard } = receive(held, event(messageEvent(storedMessage("m2", 2))));
    assert.deepEqual(ids(next.messages), ["m1", "m2"]);
    assert.equal(heard[0]?.[2], 0);
  });

  it("sorts an out-of-order event into place and never moves the last seq back", () => {
    const held = state({ messages: [sent("m1", 1), sent("m3", 3)], lastSeq: 3 });
    const { state: next } = receive(held, event(messageEvent(storedMessage("m2", 2))));
    assert.deepEqual(ids(next.messages), ["m1", "m2", "m3"]);
    assert.equal(next.lastSeq, 3);
  });

  it("applies an edit, a deletion and a reaction to the held message", () => {
    const held = state({ messages: [sent("m1", 1), sent("m2", 2)], lastSeq: 2 });
    const edited = receive(held, event(changeEvent(3, storedMessage("m1", 1, { text: "better", editedAt: 30 })))).state;
    assert.equal(edited.messages[0]?.text, "better");
    const deleted = receive(edited, event(changeEvent(4, storedMessage("m2", 2, { text: "", deletedAt: 40 }), "deleted"))).state;
    assert.equal(deleted.messages[1]?.deletedAt, 40);
    const reacted = receive(deleted, event(changeEvent(5, storedMessage("m1", 1, { text: "better", reactions: { "👍": ["ada"] } }), "reacted")));
    assert.deepEqual(reacted.state.messages[0]?.reactions, { "👍": ["ada"] });
    assert.deepEqual(reacted.heard, [["message", sent("m1", 1, { text: "better", reactions: { "👍": ["ada"] } }), 0]]);
    assert.equal(reacted.state.lastSeq, 5);
  });

  it("tells listeners a deleted message was removed (op -1) and keeps its tombstone", () => {
    const held = state({ messages: [sent("m1", 1)], lastSeq: 1 });
    const tombstone = storedMessage("m1", 1, { text: "", deletedAt: 20 });
    const live = receive(held, event(changeEvent(2, tombstone, "deleted")));
    assert.deepEqual(live.heard, [["message", sent("m1", 1, { text: "", deletedAt: 20 }), -1]]);
    assert.equal(live.state.messages[0]?.deletedAt, 20);
    const replayed = receive(held, welcome({ events: [changeEvent(2, tombstone, "deleted")], lastSeq: 2 }));
    assert.deepEqual(replayed.heard.map(([, , op]) => op), [-1]);
    const own = changeAtOnce(held, "bob", { type: "delete", ref: "r1", messageId: "m1" }, 99);
    assert.ok(own.ok);
    assert.deepEqual(own.step.heard.map(([, , op]) => op), [-1]);
  });

  it("ignores a change to a message not held, but counts its seq", () => {
    const held = state({ messages: [sent("m5", 5)], lastSeq: 5 });
    const { state: next, heard } = receive(held, event(changeEvent(6, storedMessage("m1", 1, { text: "edited" }))));
    assert.deepEqual(next.messages, held.messages);
    assert.deepEqual(heard, []);
    assert.equal(next.lastSeq, 6);
  });

  it("adds a member in joining order, updates one in place, and removes one who left or was kicked", () => {
    const early = member("eve", 0);
    const added = receive(state(), event({ kind: "member", seq: 1, op: "added", member: early, actorId: "ada", at: 10 }));
    assert.deepEqual(
      added.state.members.map((item) => item.userId),
      ["eve", "ada", "bob"],
    );
    assert.deepEqual(added.heard, [["member", early, 1]]);
    const renamed = { ...bob, name: "Robert" };
    const updated = receive(added.state, event({ kind: "member", seq: 2, op: "updated", member: renamed, actorId: "bob", at: 20 }));
    assert.equal(updated.state.members.find((item) => item.userId === "bob")?.name, "Robert");
    assert.deepEqual(updated.heard, [["member", renamed, 0]]);
    const kicked = receive(updated.state, event({ kind: "member", seq: 3, op: "kicked", member: early, actorId: "ada", at: 30 }));
    assert.deepEqual(
      kicked.state.members.map((item) => item.userId),
      ["ada", "bob"],
    );
    assert.deepEqual(kicked.heard, [["member", early, -1]]);
  });

  it("takes a new meta and tells listeners the conversation changed", () => {
    const renamed = { ...meta, title: "Renamed" };
    const { state: next, heard } = receive(state(), event({ kind: "meta", seq: 1, meta: renamed, actorId: "ada", at: 10 }));
    assert.deepEqual(next.meta, renamed);
    assert.deepEqual(heard, [["conversation", renamed, 0]]);
  });
});

describe("conversation reducer: acks, reads and presence", () => {
  it("turns the acked pending message sent at its seq, ahead of the other pending ones", () => {
    const held = state({ messages: [sent("m1", 1), pending("p1", 100), pending("p2", 200)], lastSeq: 1 });
    const { state: next, heard } = receive(held, { type: "ack", id: "p1", seq: 2, createdAt: 555 });
    assert.deepEqual(
      next.messages.map((message) => [message.id, message.seq, message.status]),
      [
        ["m1", 1, "sent"],
        ["p1", 2, "sent"],
        ["p2", null, "pending"],
      ],
    );
    assert.equal(next.messages[1]?.createdAt, 555);
    assert.equal(next.lastSeq, 2);
    assert.deepEqual(heard, [["message", next.messages[1], 0]]);
  });

  it("counts the seq of an ack for a message it no longer holds, and changes nothing else", () => {
    const held = state({ messages: [sent("m1", 1)], lastSeq: 1 });
    const { state: next, heard } = receive(held, { type: "ack", id: "gone", seq: 4, createdAt: 40 });
    assert.deepEqual(next, { ...held, lastSeq: 4 });
    assert.deepEqual(heard, []);
  });

  it("moves a member's read position forward only (read_by)", () => {
    const read = receive(state({ members: [ada, { ...bob, lastReadSeq: 5 }] }), { type: "read_by", userId: "bob", seq: 8 });
    assert.equal(read.state.members[1]?.lastReadSeq, 8);
    assert.deepEqual(read.heard, [["member", read.state.members[1], 0]]);
    const stale = receive(read.state, { type: "read_by", userId: "bob", seq: 3 });
    assert.equal(stale.state.members[1]?.lastReadSeq, 8);
  });

  it("tells listeners of each message a read_by names, with its reader and time", () => {
    const read = receive(state({ members: [ada, bob] }), { type: "read_by", userId: "bob", seq: 8, readAt: 99, messageIds: ["m6", "m8"] });
    assert.deepEqual(read.heard.slice(1), [
      ["read", { userId: "bob", messageId: "m6", readAt: 99 }],
      ["read", { userId: "bob", messageId: "m8", readAt: 99 }],
    ]);
  });

  it("ignores read_by for someone who is not a member", () => {
    const held = state();
    const { state: next, heard } = receive(held, { type: "read_by", userId: "zed", seq: 3 });
    assert.equal(next, held);
    assert.deepEqual(heard, []);
  });

  it("tracks who is online and who has the conversation open", () => {
    const arrived = receive(state({ online: ["ada"] }), { type: "presence", userId: "bob", online: true, here: true });
    assert.deepEqual(arrived.state.online, ["ada", "bob"]);
    assert.deepEqual(arrived.state.here, ["bob"]);
    assert.deepEqual(arrived.heard, [["presence", { userId: "bob", online: true, here: true }]]);
    const away = receive(arrived.state, { type: "presence", userId: "bob", online: true, here: false });
    assert.deepEqual(away.state.online, ["ada", "bob"]);
    assert.deepEqual(away.state.here, []);
  });

  it("leaves the state alone for answers and typing, which others settle", () => {
    const held = state({ messages: [pending("p1")] });
    const frames: ServerFrame[] = [
      { type: "done", ref: "r1" },
      { type: "error", code: "forbidden", message: "no", ref: "p1" },
      { type: "typing_by", userId: "bob", name: "bob", on: true },
      { type: "page", ref: "r2", events: [], hasMore: false },
    ];
    for (const frame of frames) assert.deepEqual(receive(held, frame), { state: held, heard: [] });
  });
});

describe("conversation reducer: this user's own changes", () => {
  it("appends a message being sent to the pending tail", () => {
    const mine = pending("p2", 300);
    const { state: next, heard } = appendPending(state({ messages: [sent("m1", 1), pending("p1")] }), mine);
    assert.deepEqual(ids(next.messages), ["m1", "p1", "p2"]);
    assert.deepEqual(heard, [["message", mine, 1]]);
  });

  it("replaces a message by id", () => {
    const retried = { ...pending("p1"), text: "again" };
    const { state: next, heard } = replaceMessage(state({ messages: [pending("p1")] }), retried);
    assert.deepEqual(next.messages, [retried]);
    assert.deepEqual(heard, [["message", retried, 0]]);
  });

  it("fails only unsent messages, with the server's reason", () => {
    const held = state({ messages: [sent("m1", 1), pending("p1"), pending("p2")] });
    const { state: next, heard, failed } = failMessages(held, (message) => message.status === "pending", "not a member");
    assert.deepEqual(
      next.messages.map((message) => [message.id, message.status, message.error]),
      [
        ["m1", "sent", undefined],
        ["p1", "failed", "not a member"],
        ["p2", "failed", "not a member"],
      ],
    );
    assert.deepEqual(ids(failed), ["p1", "p2"]);
    assert.equal(heard.length, 2);
  });

  it("keeps the refusal's code with a failed message, so it can be worded in any language", () => {
    const held = state({ messages: [pending("p1")] });
    const { state: next } = failMessages(held, () => true, "the word is not allowed here", "blocked_word");
    assert.equal(next.messages[0]?.errorCode, "blocked_word");
    assert.equal(next.messages[0]?.error, "the word is not allowed here");
  });

  it("fails nothing when no unsent message matches", () => {
    const held = state({ messages: [sent("m1", 1)] });
    const step = failMessages(held, (message) => message.id === "m1", "refused");
    assert.equal(step.state, held);
    assert.deepEqual(step.failed, []);
  });

  it("shows an edit of one's own message at once and keeps the message as it was", () => {
    const own = sent("m1", 1, { senderId: "ada", senderName: "ada" });
    const shown = changeAtOnce(state({ messages: [own] }), "ada", { type: "edit", ref: "r1", messageId: "m1", text: "fixed" }, 99);
    assert.ok(shown.ok);
    assert.equal(shown.step.state.messages[0]?.text, "fixed");
    assert.equal(shown.step.state.messages[0]?.editedAt, 99);
    assert.equal(shown.step.state.messages[0]?.status, "sent");
    assert.equal(shown.before, own);
  });

  it("refuses an edit of someone else's message by the server's rule", () => {
    const shown = changeAtOnce(state({ messages: [sent("m1", 1)] }), "ada", { type: "edit", ref: "r1", messageId: "m1", text: "mine now" }, 99);
    assert.deepEqual(shown, { ok: false, code: "forbidden", message: "only its sender may edit a message" });
  });

  it("shows a reaction and a moderator's deletion at once", () => {
    const held = state({ messages: [sent("m1", 1)] });
    const reacted = changeAtOnce(held, "ada", { type: "react", ref: "r1", messageId: "m1", emoji: "🎉", on: true }, 99);
    assert.ok(reacted.ok);
    assert.deepEqual(reacted.step.state.messages[0]?.reactions, { "🎉": ["ada"] });
    const deleted = changeAtOnce(held, "ada", { type: "delete", ref: "r2", messageId: "m1" }, 99);
    assert.ok(deleted.ok);
    assert.equal(deleted.step.state.messages[0]?.deletedAt, 99);
    assert.equal(deleted.step.state.messages[0]?.text, "");
  });

  it("leaves a message not yet stored as it is until the server answers", () => {
    const held = state({ messages: [pending("p1")] });
    const shown = changeAtOnce(held, "ada", { type: "edit", ref: "r1", messageId: "p1", text: "later" }, 99);
    assert.ok(shown.ok);
    assert.equal(shown.step.state, held);
    assert.deepEqual(shown.step.heard, []);
    assert.equal(shown.before, held.messages[0]);
  });

  it("sets this user's read position and tells listeners", () => {
    const { state: next, heard } = updateMember(state(), "ada", (me) => ({ ...me, lastReadSeq: 9 }));
    assert.equal(next.members[0]?.lastReadSeq, 9);
    assert.deepEqual(heard, [["member", next.members[0], 0]]);
  });
});

describe("conversation reducer: cache and history", () => {
  it("names the conversation and type of cached messages written before messages carried them", () => {
    const { conversationId: _id, type: _type, ...older } = sent("m1", 1, { system: true });
    const snapshot = { meta, members: [bob], messages: [older as ChatMessage], lastSeq: 1 };
    const [restored] = restoreCached(state(), snapshot, undefined).state.messages;
    assert.equal(restored?.conversationId, meta.id);
    assert.equal(restored?.type, "system");
  });

  it("fills in from the cache only what is not held yet, with the outbox's unsent messages", () => {
    const snapshot = { meta: { ...meta, title: "Cached" }, members: [bob], messages: [sent("m1", 1), sent("m2", 2)], lastSeq: 2 };
    const outbox = { messages: { p1: pending("p1") }, changes: {} };
    const fresh = restoreCached(state({ meta: null, members: [] }), snapshot, outbox).state;
    assert.equal(fresh.meta?.title, "Cached");
    assert.deepEqual(fresh.members, [bob]);
    assert.equal(fresh.lastSeq, 2);
    assert.deepEqual(ids(fresh.messages), ["m1", "m2", "p1"]);
    const newer = restoreCached(state({ messages: [sent("m2", 2, { text: "newer" })], lastSeq: 5 }), snapshot, undefined).state;
    assert.equal(newer.meta, meta);
    assert.deepEqual(newer.members, [ada, bob]);
    assert.equal(newer.lastSeq, 5);
    assert.deepEqual(
      newer.messages.map((message) => message.text),
      ["text of m1", "newer"],
    );
  });

  it("merges an older page under the held messages, telling listeners of each one not held before", () => {
    const held = state({ messages: [sent("m3", 3), pending("p1")] });
    const { state: next, heard } = mergePage(held, [sent("m1", 1), sent("m2", 2), sent("m3", 3)]);
    assert.deepEqual(ids(next.messages), ["m1", "m2", "m3", "p1"]);
    assert.deepEqual(heard, [
      ["message", sent("m1", 1), 1],
      ["message", sent("m2", 2), 1],
    ]);
  });
});

describe("conversation reducer: activity (system lines)", () => {
  const carl = member("carl", 3);
  const joined: ConversationEvent = { kind: "member", seq: 2, op: "joined", member: carl, actorId: "carl", actorName: "carl", at: 20 };
  const renamed: ConversationEvent = { kind: "meta", seq: 4, meta: { ...meta, title: "Launch" }, actorId: "ada", actorName: "ada", changed: ["title"], at: 40 };
  const kicked: ConversationEvent = { kind: "member", seq: 6, op: "kicked", member: carl, actorId: "ada", actorName: "ada", at: 60 };
  const seqs = (next: ConversationState) => next.activity.map((item) => item.seq);

  it("keeps member and meta events from a replay by seq beside the messages, each once", () => {
    const events = [messageEvent(storedMessage("m1", 1)), joined, messageEvent(storedMessage("m3", 3)), renamed];
    const first = receive(state({ activity: [joined] }), welcome({ events, lastSeq: 4 })).state;
    assert.deepEqual(seqs(first), [2, 4]);
    assert.deepEqual(ids(first.messages), ["m1", "m3"]);
  });

  it("drops the activity it held when the server resets to its latest page", () => {
    const next = receive(state({ activity: [joined] }), welcome({ events: [renamed], reset: true, lastSeq: 4 })).state;
    assert.deepEqual(seqs(next), [4]);
  });

  it("adds live member and meta events to the activity in seq order, out of order too", () => {
    let next = receive(state(), event(kicked)).state;
    next = receive(next, event(joined)).state;
    next = receive(next, event(renamed)).state;
    next = receive(next, event(renamed)).state;
    assert.deepEqual(seqs(next), [2, 4, 6]);
    assert.equal(next.meta?.title, "Launch");
  });

  it("keeps no activity for messages and changes", () => {
    const next = receive(state({ messages: [sent("m1", 1)] }), event(changeEvent(2, storedMessage("m1", 1)))).state;
    assert.deepEqual(next.activity, []);
  });

  it("restores cached activity under what is held, and a snapshot of an older version without it", () => {
    const snapshot = { meta, members: [ada, bob], messages: [sent("m1", 1)], activity: [joined, renamed], lastSeq: 4 };
    assert.deepEqual(seqs(restoreCached(state({ activity: [kicked] }), snapshot, undefined).state), [2, 4, 6]);
    const { activity: _none, ...older } = snapshot;
    assert.deepEqual(seqs(restoreCached(state(), older, undefined).state), []);
  });

  it("merges the activity of an older page with its messages", () => {
    const held = state({ messages: [sent("m7", 7)], activity: [kicked] });
    const next = mergePage(held, [sent("m1", 1), sent("m3", 3)], [joined as Activity, renamed as Activity]).state;
    assert.deepEqual(seqs(next), [2, 4, 6]);
    assert.deepEqual(ids(next.messages), ["m1", "m3", "m7"]);
  });
});

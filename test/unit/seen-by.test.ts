/** Who has read which of the user's messages (src/components/chat-window/seen-by.ts): pure, no DOM. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readersByMessage, receiptMessageId } from "../../src/components/chat-window/seen-by.js";
import type { ChatMessage, Member } from "../../src/store/index.js";

function message(id: string, seq: number | null, senderId: string): ChatMessage {
  return { id, conversationId: "c_room", type: "user", seq, senderId, senderName: senderId, text: id, createdAt: 1_000, status: seq === null ? "pending" : "sent" };
}

function member(userId: string, lastReadSeq: number): Member {
  return { userId, name: userId.toUpperCase(), role: "member", lastReadSeq, joinedAt: 1_000 };
}

describe("seen by", () => {
  const messages = [message("mine-1", 1, "me"), message("theirs", 2, "bob"), message("mine-3", 3, "me"), message("sending", null, "me")];

  it("counts each reader under the newest of the user's messages they have read", () => {
    const readers = readersByMessage(messages, [member("me", 3), member("bob", 3), member("cy", 2), member("di", 1)], "me");
    assert.deepEqual([...readers], [
      ["mine-3", ["BOB"]],
      ["mine-1", ["CY", "DI"]],
    ]);
  });

  it("names nobody under a message no one has read, nor the user themself", () => {
    assert.deepEqual([...readersByMessage(messages, [member("me", 3), member("bob", 0)], "me")], []);
  });

  it("never counts a message that is not stored yet", () => {
    assert.deepEqual([...readersByMessage([message("sending", null, "me")], [member("bob", 99)], "me")], []);
  });
});

describe("seen by, for members who joined later", () => {
  const at = (id: string, seq: number, senderId: string, createdAt: number): ChatMessage => ({ ...message(id, seq, senderId), createdAt });
  const joined = (userId: string, lastReadSeq: number, joinedAt: number): Member => ({ ...member(userId, lastReadSeq), joinedAt });

  it("never names a member under a message sent before they joined", () => {
    // The server gives a new member lastReadSeq = lastSeq at join: that is not having read it.
    const messages = [at("old", 1, "me", 1_000), at("older-still", 2, "me", 2_000)];
    assert.deepEqual([...readersByMessage(messages, [joined("late", 2, 5_000), joined("bob", 2, 500)], "me")], [["older-still", ["BOB"]]]);
  });

  it("names them under a message sent after they joined, once they read it", () => {
    const messages = [at("old", 1, "me", 1_000), at("new", 2, "me", 9_000)];
    assert.deepEqual([...readersByMessage(messages, [joined("late", 2, 5_000)], "me")], [["new", ["LATE"]]]);
    assert.deepEqual([...readersByMessage(messages, [joined("late", 1, 5_000)], "me")], []);
  });
});

describe("receipt message", () => {
  it("is the user's newest stored message, not a pending one nor another's", () => {
    const messages = [message("mine-1", 1, "me"), message("mine-2", 2, "me"), message("theirs", 3, "bob"), message("sending", null, "me")];
    assert.equal(receiptMessageId(messages, "me"), "mine-2");
    assert.equal(receiptMessageId([message("theirs", 3, "bob")], "me"), null);
  });
});

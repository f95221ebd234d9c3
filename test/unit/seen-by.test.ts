/** Who has read which of the user's messages (src/components/chat-window/seen-by.ts): pure, no DOM. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readersByMessage } from "../../src/components/chat-window/seen-by.js";
import type { ChatMessage, Member } from "../../src/store/index.js";

function message(id: string, seq: number | null, senderId: string): ChatMessage {
  return { id, seq, senderId, senderName: senderId, text: id, createdAt: 1_000, status: seq === null ? "pending" : "sent" };
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

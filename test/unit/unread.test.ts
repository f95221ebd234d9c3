/** Where the reader left off (src/components/chat-window/unread.ts): pure, no DOM. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { firstUnreadId, unreadCount } from "../../src/components/chat-window/unread.js";

const message = (id: string, seq: number | null, senderId: string) => ({ id, seq, senderId });
const messages = [message("m1", 1, "bob"), message("m2", 2, "me"), message("m3", 3, "me"), message("m4", 4, "bob"), message("m5", 5, "cy"), message("p", null, "me")];

describe("unread", () => {
  it("starts at the first message from others after the read position", () => {
    assert.equal(firstUnreadId(messages, 1, "me"), "m4");
    assert.equal(firstUnreadId(messages, 4, "me"), "m5");
  });

  it("finds nothing when all is read or only the user wrote since", () => {
    assert.equal(firstUnreadId(messages, 5, "me"), null);
    assert.equal(firstUnreadId(messages.slice(0, 3), 1, "me"), null);
  });

  it("counts the messages from others after the read position", () => {
    assert.equal(unreadCount(messages, 1, "me"), 2);
    assert.equal(unreadCount(messages, 5, "me"), 0);
  });
});

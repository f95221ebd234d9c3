/** src/store/unread-total.ts: what the launcher's badge and chat.unreadCount count. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { unreadTotal } from "../../src/store/unread-total.js";

it("adds every conversation's unread messages and leaves muted ones out", () => {
  assert.equal(unreadTotal([{ unread: 2 }, { unread: 3, muted: true }, { unread: 1, muted: false }]), 3);
  assert.equal(unreadTotal([]), 0);
});

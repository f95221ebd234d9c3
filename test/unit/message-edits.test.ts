import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { edit, type Attachment, type Member, type StoredMessage } from "../../src/protocol/index.js";

const alice: Member = { userId: "alice", name: "Alice", role: "member", lastReadSeq: 0, joinedAt: 0 };
const file = (id: string): Attachment => ({ id, name: `${id}.txt`, size: 1, type: "text/plain" });
const message: StoredMessage = { id: "m1", seq: 3, senderId: "alice", senderName: "Alice", text: "hi", metadata: { a: 1 }, attachments: [file("f1")], createdAt: 1 };

describe("editing a message (edit)", () => {
  it("changes the metadata alone, keeping text and files, and marks it edited", () => {
    const changed = edit(message, alice, { messageId: "m1", metadata: { b: 2 } }, 9);
    assert.deepEqual(changed, { ok: true, message: { ...message, metadata: { b: 2 }, editedAt: 9 } });
  });

  it("replaces the files with the list given, and removes them all with an empty list", () => {
    const replaced = edit(message, alice, { messageId: "m1", attachments: [file("f2"), file("f1")] }, 9);
    assert.deepEqual(replaced.ok && replaced.message.attachments, [file("f2"), file("f1")]);
    const emptied = edit(message, alice, { messageId: "m1", attachments: [] }, 9);
    assert.equal(emptied.ok && "attachments" in emptied.message, false);
  });

  it("refuses an edit that changes nothing, or would leave no text and no files", () => {
    assert.match(JSON.stringify(edit(message, alice, { messageId: "m1" }, 9)), /give at least one/);
    assert.match(JSON.stringify(edit(message, alice, { messageId: "m1", text: " ", attachments: [] }, 9)), /needs text or attachments/);
    assert.equal(edit(message, alice, { messageId: "m1", text: "", attachments: [file("f3")] }, 9).ok, true);
  });

  it("refuses someone else's message", () => {
    const bob = { ...alice, userId: "bob" };
    assert.match(JSON.stringify(edit(message, bob, { messageId: "m1", metadata: {} }, 9)), /only its sender/);
  });
});

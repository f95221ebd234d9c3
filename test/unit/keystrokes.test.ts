/** Live typing text in the store (src/store/keystrokes.ts): who holds a draft, and how often one's own goes out. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type ServerFrame } from "../../src/protocol/index.js";
import { createKeystrokesSender, nextKeystrokes, type Keystrokes } from "../../src/store/keystrokes.js";

const drafts: Keystrokes = { ada: "hel", bob: "wor" };
const message = (senderId: string): ServerFrame => ({
  type: "event",
  event: { kind: "message", seq: 3, message: { id: "7d3e1f9a-0000-4000-8000-000000000001", seq: 3, senderId, senderName: senderId, text: "hello", createdAt: 1 } },
});

describe("others' live typing text", () => {
  it("keeps each member's latest text", () => {
    assert.deepEqual(nextKeystrokes(drafts, { type: "keystrokes_by", userId: "ada", text: "hello" }), { ada: "hello", bob: "wor" });
  });

  it("drops a member's text when their message arrives, and only theirs", () => {
    assert.deepEqual(nextKeystrokes(drafts, message("ada")), { bob: "wor" });
  });

  it("drops it when they empty it, stop typing or close the conversation", () => {
    assert.deepEqual(nextKeystrokes(drafts, { type: "keystrokes_by", userId: "ada", text: "" }), { bob: "wor" });
    assert.deepEqual(nextKeystrokes(drafts, { type: "typing_by", userId: "ada", name: "Ada", on: false }), { bob: "wor" });
    assert.deepEqual(nextKeystrokes(drafts, { type: "presence", userId: "bob", online: true, here: false }), { ada: "hel" });
  });

  it("returns the same object when nothing changes, so the store tells nobody", () => {
    assert.equal(nextKeystrokes(drafts, message("cy")), drafts);
    assert.equal(nextKeystrokes(drafts, { type: "typing_by", userId: "ada", name: "Ada", on: true }), drafts);
  });
});

describe("one's own live typing text", () => {
  it("goes out at most once per interval, ending with the latest text", async () => {
    const sent: { text: string; at: number }[] = [];
    const sender = createKeystrokesSender((text) => sent.push({ text, at: Date.now() }));
    const typed = "hello there";
    for (let n = 1; n <= typed.length; n++) {
      sender.input(typed.slice(0, n));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await new Promise((resolve) => setTimeout(resolve, LIMITS.keystrokesIntervalMs + 50));
    assert.ok(sent.length >= 2 && sent.length <= 3, `sent ${sent.length} times`);
    assert.equal(sent.at(-1)!.text, typed);
    for (let n = 1; n < sent.length; n++) assert.ok(sent[n]!.at - sent[n - 1]!.at >= LIMITS.keystrokesIntervalMs - 5);
  });

  it("sends nothing left over once cancelled (the message went out)", async () => {
    const sent: string[] = [];
    const sender = createKeystrokesSender((text) => sent.push(text));
    sender.input("a");
    await new Promise((resolve) => setTimeout(resolve, 20));
    sender.input("ab");
    sender.cancel();
    await new Promise((resolve) => setTimeout(resolve, LIMITS.keystrokesIntervalMs + 50));
    assert.deepEqual(sent, ["a"]);
  });
});

/**
 * Labels (src/protocol/labels.ts) and the client's parser keeping the rest of a frame when one
 * item of a list is odd (src/protocol/parse.ts): pure, no server.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { clip, clippedLabel, parseClientFrame, parseInboxClientFrame, parseServerFrame, plainLabel } from "../../src/protocol/index.js";

describe("labels", () => {
  it("drops bidi overrides, isolates and invisible characters, and keeps joiners", () => {
    assert.equal(plainLabel("invoice\u202efdp.exe"), "invoicefdp.exe");
    assert.equal(plainLabel("\u2067ad\u2069min\u200b \ufeffTeam\u0000"), "admin Team");
    assert.equal(plainLabel("  Anna \n\t Lee  "), "Anna Lee");
    assert.equal(plainLabel("👨\u200d👩\u200d👧 family"), "👨\u200d👩\u200d👧 family");
    assert.equal(plainLabel("\u202e\u200b"), "");
  });

  it("cuts at a code unit limit without splitting a surrogate pair", () => {
    const smiles = "😀".repeat(255);
    assert.equal(clip(smiles, 255).length, 254);
    assert.equal(clip(smiles, 256).length, 256);
    assert.equal(clip("abc", 255), "abc");
    assert.ok(!/[\ud800-\udbff]$/.test(clip("a😀", 2)));
    assert.equal(clippedLabel(` ${"b".repeat(10)} `, 5), "bbbbb");
  });
});

describe("parsing a server frame with an odd item", () => {
  const message = (id: string, name: string) => ({
    seq: 1,
    at: 1,
    kind: "message",
    message: { id, seq: 1, senderId: "alice", senderName: "Alice", text: "hi", createdAt: 1, attachments: [{ id, name, size: 1, type: "text/plain" }] },
  });
  const welcome = (events: unknown[]) =>
    JSON.stringify({
      type: "welcome",
      conversationId: "c1",
      userId: "alice",
      meta: { id: "c1", type: "group", title: "", joinable: false, createdAt: 1 },
      members: [],
      lastSeq: 2,
      events,
      reset: false,
      online: [],
      here: [],
    });

  it("keeps the rest of a welcome and says which item it left out", () => {
    const good = message("0b6d7a8e-8f0e-4c50-9d4e-8e0e2a1b6f01", "notes.txt");
    const odd = message("0b6d7a8e-8f0e-4c50-9d4e-8e0e2a1b6f02", "x".repeat(300));
    const parsed = parseServerFrame(welcome([odd, { ...good, seq: 2, message: { ...good.message, seq: 2 } }]));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error.message);
    assert.equal(parsed.frame.type === "welcome" && parsed.frame.events.length, 1);
    assert.match(parsed.skipped?.join() ?? "", /^events\[0\]: .*name/);
  });

  it("reports nothing when every item parses", () => {
    const parsed = parseServerFrame(welcome([message("0b6d7a8e-8f0e-4c50-9d4e-8e0e2a1b6f01", "notes.txt")]));
    assert.ok(parsed.ok && parsed.skipped === undefined);
  });
});

describe("parsing a client frame with an odd item", () => {
  it("refuses the whole frame: a create naming one invalid member is not a create naming the rest", () => {
    const parsed = parseClientFrame(JSON.stringify({ type: "hello" }));
    assert.ok(parsed.ok);
    const create = parseInboxClientFrame(JSON.stringify({ type: "create", ref: "r1", conversationType: "group", members: ["bob", "has space"] }));
    assert.equal(create.ok, false);
  });
});

/** src/server/push/away-news.ts: the notification a message makes for a member who is away. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { PUSH_BODY_LENGTH, PUSH_PAYLOAD_BYTES, payloadOf, type AwayNews } from "../../src/server/push/away-news.js";

const direct: AwayNews = { conversationId: "dm_a", senderName: "Bob", senderAvatar: "https://example.com/bob.png", text: "are you\nthere?", mentioned: false };

it("names a one-to-one by its sender and a group by its title, the sender before the words", () => {
  assert.deepEqual(payloadOf(direct, true), { conversationId: "dm_a", title: "Bob", body: "are you there?", tag: "confab:dm_a", icon: "https://example.com/bob.png" });
  const group = payloadOf({ ...direct, conversationId: "g_1", groupTitle: "Team", senderAvatar: undefined }, true);
  assert.deepEqual(group, { conversationId: "g_1", title: "Team", body: "Bob: are you there?", tag: "confab:g_1" });
});

it("cuts a long message to a few lines", () => {
  const body = payloadOf({ ...direct, text: "word ".repeat(200) }, true).body;
  assert.ok(body.length <= PUSH_BODY_LENGTH);
  assert.ok(body.endsWith("…"));
});

it("says only New message when previews are off: no sender, no words, no picture", () => {
  assert.deepEqual(payloadOf(direct, false), { conversationId: "dm_a", title: "New message", body: "", tag: "confab:dm_a" });
});

it("fits what one push carries, however the words escape", () => {
  const payload = payloadOf({ ...direct, senderName: "\u0001".repeat(120), senderAvatar: `https://example.com/${"a".repeat(2000)}`, text: "\u0002".repeat(4000) }, true);
  assert.ok(new TextEncoder().encode(JSON.stringify(payload)).length <= PUSH_PAYLOAD_BYTES);
  assert.equal(payload.icon, undefined, "the picture goes first");
  assert.ok(payload.body.length > 0, "some words stay");
});

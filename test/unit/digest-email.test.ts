/** demo/webhook-receiver.ts `digestEmail`: the email a host would send for an `unread.digest`. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { digestEmail } from "../../demo/webhook-receiver.js";
import type { DigestConversation } from "../../src/server/inbox/digest-plan.js";

const conversation = (conversationId: string, title: string, texts: string[], unread = texts.length): DigestConversation => ({
  conversationId,
  title,
  type: "group",
  unread,
  messages: texts.map((text, index) => ({ id: `${conversationId}-${index}`, senderId: "alice", senderName: "Alice", text, createdAt: index })),
});

it("quotes one conversation and takes replies to it", () => {
  const email = digestEmail({ userId: "bob", name: "Bob", conversations: [conversation("support-42", "Support", ["Hello", "two\nlines"])] }, "host.example");
  assert.equal(email.to, "<address of bob>");
  assert.equal(email.subject, "2 unread messages in Support");
  assert.equal(email.replyTo, "reply+support-42@host.example");
  assert.equal(email.text, "Hi Bob,\n\nSupport (2 unread)\n  Alice: Hello\n  Alice: two\n    lines\n\nReply to this email to answer.");
});

it("names several conversations, says how many more than it quotes, and takes no reply", () => {
  const email = digestEmail({
    userId: "bob",
    name: "Bob",
    conversations: [conversation("a", "Sales", ["Quote"], 12), conversation("b", "Support", ["Hi"]), conversation("c", "Ops", ["Up"])],
  });
  assert.equal(email.subject, "14 unread messages in Sales and 2 more");
  assert.equal(email.replyTo, undefined);
  assert.match(email.text, /Sales \(12 unread\)\n {2}Alice: Quote\n {2}…and 11 more\n/);
  assert.match(email.text, /Open the chat to answer\.$/);
});

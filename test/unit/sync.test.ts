/** Which conversations the chat follows (src/store/sync.ts), with stand-in handles: no server. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConversationSummary } from "../../src/protocol/index.js";
import type { Op, OwnedConversation } from "../../src/store/conversation.js";
import type { ChatMessage } from "../../src/store/message-order.js";
import { createSync } from "../../src/store/sync.js";

/** Stand-in handles that record who listens, and let a test make one speak. */
function handles() {
  const listening = new Map<string, (message: ChatMessage, op: Op) => void>();
  const conversation = (id: string) =>
    ({
      follow(listener: (message: ChatMessage, op: Op) => void) {
        assert.ok(!listening.has(id), `${id} followed twice`);
        listening.set(id, listener);
        return () => listening.delete(id);
      },
    }) as unknown as OwnedConversation;
  return { listening, conversation };
}

const row = (id: string) => ({ id }) as ConversationSummary;
const message = (id: string, conversationId = "a") => ({ id, conversationId, type: "user", seq: 1, senderId: "bob", senderName: "Bob", text: id, createdAt: 0, status: "sent" }) as ChatMessage;

describe("following every conversation", () => {
  it("follows nothing until something wants it, then every listed conversation", () => {
    const { listening, conversation } = handles();
    const sync = createSync(conversation, () => {});
    sync.listed([row("a"), row("b")]);
    assert.equal(listening.size, 0, "the list alone opens nothing");
    sync.retain();
    assert.deepEqual([...listening.keys()], ["a", "b"]);
  });

  it("follows a conversation added to the list and lets go of one that left it", () => {
    const { listening, conversation } = handles();
    const sync = createSync(conversation, () => {});
    sync.retain();
    sync.listed([row("a"), row("b")]);
    sync.listed([row("b"), row("c")]);
    assert.deepEqual([...listening.keys()].sort(), ["b", "c"]);
  });

  it("lets go of everything when the last want is released, and a second release changes nothing", () => {
    const { listening, conversation } = handles();
    const sync = createSync(conversation, () => {});
    sync.listed([row("a")]);
    const [first, second] = [sync.retain(), sync.retain()];
    first();
    first();
    assert.equal(listening.size, 1, "the other want still holds it");
    second();
    assert.equal(listening.size, 0);
  });

  it("passes each message on, naming its conversation, with its op", () => {
    const { listening, conversation } = handles();
    const heard: [ChatMessage, Op][] = [];
    const sync = createSync(conversation, (item, op) => heard.push([item, op]));
    sync.retain();
    sync.listed([row("a")]);
    listening.get("a")!(message("m1"), 1);
    listening.get("a")!(message("m1"), -1);
    assert.deepEqual(
      heard.map(([item, op]) => [item.conversationId, item.id, op]),
      [
        ["a", "m1", 1],
        ["a", "m1", -1],
      ],
    );
  });
});

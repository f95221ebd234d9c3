/** What the chat window's live region announces (src/components/chat-window/arrivals.ts): pure, no DOM. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { newestSeq, nextArrivals } from "../../src/components/chat-window/arrivals.js";
import type { ChatMessage } from "../../src/store/index.js";

function message(seq: number | null, senderId = "bob"): ChatMessage {
  return { id: `m${seq}`, conversationId: "c_room", type: "user", seq, senderId, senderName: senderId, text: `message ${seq}`, createdAt: 1_000, status: seq === null ? "pending" : "sent" };
}

const room = {};
const ids = (messages: readonly ChatMessage[]) => messages.map((item) => item.id);

describe("arrivals", () => {
  it("takes the newest stored seq, passing over pending messages", () => {
    assert.equal(newestSeq([message(1), message(4), message(null, "me")]), 4);
    assert.equal(newestSeq([message(null, "me")]), 0);
  });

  it("announces others' messages newer than the last update's, when online then and now", () => {
    const messages = [message(1), message(2), message(3, "me"), message(4)];
    const arrivals = nextArrivals([], { conversation: room, online: true, seq: 1 }, { conversation: room, online: true, seq: 4 }, messages, "me");
    assert.deepEqual(ids(arrivals), ["m2", "m4"]);
  });

  it("keeps only the latest three", () => {
    const messages = [1, 2, 3, 4, 5].map((seq) => message(seq));
    const arrivals = nextArrivals([message(0)], { conversation: room, online: true, seq: 0 }, { conversation: room, online: true, seq: 5 }, messages, "me");
    assert.deepEqual(ids(arrivals), ["m3", "m4", "m5"]);
  });

  it("announces nothing new on a first load or a resync after being offline", () => {
    const said = [message(1)];
    const messages = [message(1), message(2)];
    assert.equal(nextArrivals(said, { conversation: room, online: false, seq: 1 }, { conversation: room, online: true, seq: 2 }, messages, "me"), said);
    assert.equal(nextArrivals(said, { conversation: room, online: true, seq: 1 }, { conversation: room, online: false, seq: 2 }, messages, "me"), said);
    assert.equal(nextArrivals(said, { conversation: room, online: true, seq: 2 }, { conversation: room, online: true, seq: 2 }, messages, "me"), said);
  });

  it("starts afresh in another conversation", () => {
    const arrivals = nextArrivals([message(1)], { conversation: room, online: true, seq: 1 }, { conversation: {}, online: true, seq: 9 }, [message(9)], "me");
    assert.deepEqual(arrivals, []);
  });
});

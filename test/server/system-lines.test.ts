/**
 * History pages with `activity: true` (#17 system lines): the member and meta events among a
 * page's messages come with them, named by their actor; pages without it hold messages only.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConversationEvent, PageFrame } from "../../src/protocol/index.js";
import { freshRef, freshUser, useTestServer, type ConversationClient } from "../support/server-clients.js";

async function page(client: ConversationClient, bounds: { before?: number }, activity?: boolean): Promise<PageFrame> {
  const ref = freshRef();
  client.send({ type: "history", ref, ...bounds, limit: 1, ...(activity ? { activity } : {}) });
  return client.frames.nextOfType("page", (frame: PageFrame) => frame.ref === ref);
}

const kinds = (events: ConversationEvent[]) => events.map((event) => (event.kind === "member" ? `${event.kind} ${event.op}` : event.kind));

describe("history pages with activity", () => {
  const { clients } = useTestServer();

  it("brings the member and meta events between a page's messages, each page its own, naming the actor", async () => {
    const alice = freshUser("alice", "Alice");
    const carol = freshUser("carol", "Carol");
    const conversationId = await clients.group(alice, [carol], { title: "Room" });
    const { client } = await clients.enter(conversationId, alice);
    await client.say("first");
    await client.expectDone({ type: "kick", ref: freshRef(), userId: carol.userId });
    await client.expectDone({ type: "update", ref: freshRef(), title: "Launch" });
    const second = await client.say("second");

    const newest = await page(client, {}, true);
    assert.deepEqual(kinds(newest.events), ["message"], "the lines before the page's oldest message come with the older page");
    assert.equal(newest.hasMore, true);

    const older = await page(client, { before: second.seq }, true);
    assert.deepEqual(kinds(older.events), ["meta", "member added", "member added", "message", "member kicked", "meta"]);
    assert.equal(older.hasMore, false);
    const kicked = older.events.find((event) => event.kind === "member" && event.op === "kicked")!;
    assert.equal(kicked.kind === "member" && kicked.actorName, "Alice");
    const renamed = older.events.at(-1)!;
    assert.deepEqual(renamed.kind === "meta" && [renamed.meta.title, renamed.changed, renamed.actorName], ["Launch", ["title"], "Alice"]);

    const plain = await page(client, { before: second.seq });
    assert.deepEqual(kinds(plain.events), ["message"], "without activity a page holds messages only");
  });
});

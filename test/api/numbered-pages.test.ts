/**
 * `handle.getMessages({ page, pageSize })` from Node against the real server: pages by number
 * (1: the newest), `totalMessages` and `totalPages` counting messages not deleted, an empty
 * page past the end, and a page number that is not one refused.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {  type ChatMessage, type ConversationHandle } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const texts = (messages: ChatMessage[]) => messages.map((message) => message.text);

describe("pages of messages by number in the headless API", () => {
  const { server } = useTestServer();
  const { chatAs, hold, signedIn } = useChats(server);

  /** A group of Alice and Bob holding messages m1…m`count`, sent by Alice; both online. */
  async function withMessages(count: number) {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const atAlice = await alice.create({ type: "group", members: [bob.user.userId] });
    hold(atAlice.messages.listen(() => {}));
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) ids.push(atAlice.send(`m${n}`));
    await until(atAlice.messages, (messages) => messages.filter((m) => m.status === "sent").length === count, "all acked");
    const atBob: ConversationHandle = bob.conversation(atAlice.id);
    hold(atBob.messages.listen(() => {}));
    await until(atBob.status, (status) => status === "online", "bob online");
    return { atAlice, atBob, ids };
  }

  it("gives page 1 as the newest messages, in order, with the totals, 25 a page by default", async () => {
    const { atBob } = await withMessages(30);
    const first = await atBob.getMessages({ page: 1 });
    assert.deepEqual(texts(first.data), Array.from({ length: 25 }, (_, i) => `m${i + 6}`));
    assert.deepEqual([first.page, first.totalMessages, first.totalPages, first.hasNext, first.hasPrev], [1, 30, 2, true, false]);
    const second = await first.nextPage();
    assert.deepEqual(texts(second.data), ["m1", "m2", "m3", "m4", "m5"]);
    assert.deepEqual([second.page, second.hasNext, second.hasPrev], [2, false, true]);
  });

  it("gives a middle page and goes back to the page before it", async () => {
    const { atBob } = await withMessages(10);
    const middle = await atBob.getMessages({ page: 2, pageSize: 3 });
    assert.deepEqual(texts(middle.data), ["m5", "m6", "m7"]);
    assert.deepEqual([middle.totalMessages, middle.totalPages, middle.hasNext, middle.hasPrev], [10, 4, true, true]);
    assert.deepEqual(texts((await middle.prevPage()).data), ["m8", "m9", "m10"]);
    assert.deepEqual(texts((await atBob.getMessages({ page: 4, pageSize: 3 })).data), ["m1"]);
  });

  it("answers a page past the end with no messages and the totals, not an error", async () => {
    const { atBob } = await withMessages(4);
    const beyond = await atBob.getMessages({ page: 9, pageSize: 3 });
    assert.deepEqual(beyond.data, []);
    assert.deepEqual([beyond.totalMessages, beyond.totalPages, beyond.hasNext], [4, 2, false]);
  });

  it("leaves deleted messages out of the pages and the totals", async () => {
    const { atAlice, atBob, ids } = await withMessages(6);
    await atAlice.delete(ids[4]!);
    await atAlice.delete(ids[1]!);
    const page = await atBob.getMessages({ page: 1, pageSize: 3 });
    assert.deepEqual(texts(page.data), ["m3", "m4", "m6"]);
    assert.deepEqual([page.totalMessages, page.totalPages], [4, 2]);
    assert.deepEqual(texts((await page.nextPage()).data), ["m1"]);
  });

  it("counts for each reader only the messages they may see: a blocked sender's are left out of the blocker's", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const atAlice = await alice.create({ type: "direct", members: [bob.user.userId] });
    hold(atAlice.messages.listen(() => {}));
    atAlice.send("before");
    await until(atAlice.messages, (messages) => messages.some((m) => m.status === "sent"), "acked");
    await bob.block(alice.user.userId);
    atAlice.send("after");
    await until(atAlice.messages, (messages) => messages.filter((m) => m.status === "sent").length === 2, "both acked");
    const atBob = bob.conversation(atAlice.id);
    const seenByBob = await atBob.getMessages({ page: 1 });
    assert.deepEqual([texts(seenByBob.data), seenByBob.totalMessages], [["before"], 1]);
    const seenByAlice = await atAlice.getMessages({ page: 1 });
    assert.deepEqual([texts(seenByAlice.data), seenByAlice.totalMessages], [["before", "after"], 2]);
  });

  it("refuses page 0 with a clear error while page 1 still answers", async () => {
    const { atBob } = await withMessages(2);
    await assert.rejects(atBob.getMessages({ page: 0 }), /page numbers start at 1/);
    assert.equal((await atBob.getMessages({ page: 1 })).totalMessages, 2);
  });
});

/**
 * What the server keeps on disk (issue #15), read from the very files wrangler dev writes
 * (test/support/sqlite-files.ts): touching ids nobody created stores no tables, a message
 * changed a thousand times is kept once, and a deleted message leaves no table, index, queue
 * or list row holding what it said. Each case also checks the members still talk.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, LIMITS } from "../../src/protocol/index.js";
import { everyValue, objectFiles, openDatabase, rawBytes, tablesOf } from "../support/sqlite-files.js";
import {
  RawSocket,
  TEST_VARS,
  freshConversationId,
  freshRef,
  freshUser,
  freshUserId,
  isMessageEvent,
  socketUrl,
  tokenFor,
  useTestServer,
} from "../support/server-clients.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TOGGLES = 1_000;

describe("what the server stores", () => {
  const { server, clients } = useTestServer({
    ...TEST_VARS,
    // Webhooks to a port nobody listens on: deliveries stay queued, as behind a slow endpoint.
    WEBHOOK_URLS: "http://127.0.0.1:9/webhooks",
    WEBHOOK_SECRET: "storage-test-secret",
    WEBHOOK_RETRY_BASE_MS: "600000",
  });

  /** Those of `paths` whose database holds tables of ours. */
  async function filesWithTables(paths: string[]): Promise<string[]> {
    const stored = await Promise.all(paths.map(async (path) => tablesOf(await openDatabase(path)).length > 0));
    return paths.filter((_, index) => stored[index]);
  }

  /** The files of each class that appeared since `before`. */
  async function newFiles(before: Set<string>, className: string): Promise<string[]> {
    return (await objectFiles(server().persistTo, className)).filter((path) => !before.has(path));
  }

  it("stores no tables for conversation ids and users nobody created, however they are touched", async () => {
    const mallory = freshUser("mallory");
    const token = await tokenFor(mallory);
    const before = new Set([...(await objectFiles(server().persistTo, "Conversation")), ...(await objectFiles(server().persistTo, "Inbox"))]);
    for (let i = 0; i < 5; i++) {
      const id = freshConversationId("nobody");
      const socket = new RawSocket(socketUrl(server().host, "conversation", id, `token=${token}`));
      assert.equal((await socket.expectClosed(2_000)).code, CLOSE_CODES.notFound);
      const download = await fetch(`http://${server().host}/attachments/${id}/0b6d7a8e-8f0e-4c50-9d4e-8e0e2a1b6f01`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(download.status, 403);
      const user = await fetch(`http://${server().host}/api/v1/users/${freshUserId("ghost")}`, { headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` } });
      assert.equal(user.status, 404);
    }
    // Blocking people one has never talked to makes no one-to-one either.
    const blocker = await clients.inbox(mallory);
    for (let i = 0; i < 3; i++) assert.equal((await blocker.request({ type: "block", ref: freshRef(), userId: freshUserId("stranger") })).type, "done");
    assert.deepEqual(await filesWithTables(await newFiles(before, "Conversation")), [], "no conversation object stored tables");
    const inboxes = await filesWithTables(await newFiles(before, "Inbox"));
    assert.equal(inboxes.length, 1, "only the blocker's own inbox stored tables");

    // A conversation that is created does store them, and works.
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const ack = await (await clients.enter(id, alice)).client.say("real");
    assert.equal((await (await clients.enter(id, bob)).welcome).events.some((event) => event.seq === ack.seq), true);
  });

  it(`keeps a message changed ${TOGGLES} times once: one change row, not ${TOGGLES} copies`, { timeout: 120_000 }, async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const before = new Set(await objectFiles(server().persistTo, "Conversation"));
    const id = await clients.group(alice, [bob]);
    const atAlice = (await clients.enter(id, alice)).client;
    const long = await atAlice.say("l".repeat(LIMITS.messageTextLength));
    const answers = [];
    for (let i = 0; i < TOGGLES; i++) {
      answers.push(atAlice.request({ type: "react", ref: freshRef(), messageId: long.id, emoji: "👍", on: i % 2 === 0 }));
      if (i % 100 === 99) await Promise.all(answers.splice(0));
    }
    await Promise.all(answers);

    const { welcome } = await clients.enter(id, bob, long.seq);
    assert.equal(welcome.reset, false, `replaying from ${long.seq} to ${welcome.lastSeq}`);
    assert.deepEqual(welcome.events.map((event) => event.kind), ["change"], "one change replays all of them");
    const [path] = await newFiles(before, "Conversation");
    const db = await openDatabase(path!);
    const [rows] = db.exec("SELECT COUNT(*) FROM events");
    // The conversation, its two members, the message and its one change.
    assert.equal(Number(rows!.values[0]![0]), 5, "events rows");
    const [pages] = db.exec("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    const databaseBytes = Number(pages?.values[0]?.[0]);
    // One copy of the message was 4000 characters: a thousand would be megabytes.
    assert.ok(databaseBytes < 1_000_000, `the database holds ${databaseBytes} bytes`);
    console.log(`# ${TOGGLES} toggles on a ${LIMITS.messageTextLength}-character message: database ${databaseBytes} bytes; main file and write-ahead log ${(await rawBytes(path!)).length} bytes`);
    // And the room still talks.
    const after = await atAlice.say("after all that");
    await (await clients.enter(id, bob)).client.say("heard");
    assert.ok(after.seq > long.seq);
  });

  it("keeps nothing of a deleted message: no table, search index, webhook queue or list row says what it said", { timeout: 60_000 }, async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const before = new Set([...(await objectFiles(server().persistTo, "Conversation")), ...(await objectFiles(server().persistTo, "Inbox"))]);
    const id = await clients.group(alice, [bob]);
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    const bobsList = await clients.inbox(bob);

    const secret = await atAlice.say("Zanzibarian plans, see https://secret.example/Zanzibarian", { metadata: { note: "Zanzibarian" } });
    await bobsList.summary(id, (row) => row.lastMessage?.text.startsWith("Zanzibarian") === true);
    assert.equal((await atBob.request({ type: "react", ref: freshRef(), messageId: secret.id, emoji: "👀", on: true })).type, "done");
    assert.equal((await atAlice.request({ type: "edit", ref: freshRef(), messageId: secret.id, text: "Zanzibarian, edited" })).type, "done");
    // Bob's list closes: his Inbox keeps its row while he is away.
    bobsList.close();
    await bobsList.closed;
    await sleep(200);

    assert.equal((await atAlice.request({ type: "delete", ref: freshRef(), messageId: secret.id })).type, "done");
    await atBob.frames.next((frame) => frame.type === "event" && frame.event.kind === "change" && frame.event.op === "deleted", "the deletion");
    const later = await atAlice.say("after it");
    await atBob.frames.next(isMessageEvent(later.id), "the next message");
    await sleep(500);

    const files = [...(await newFiles(before, "Conversation")), ...(await newFiles(before, "Inbox"))];
    assert.ok(files.length >= 3, "the conversation and both inboxes");
    let leftInFreeSpace = 0;
    for (const path of files) {
      const kept = everyValue(await openDatabase(path)).filter(({ value }) => /zanzibarian/i.test(value));
      assert.deepEqual(kept.map(({ table }) => table), [], `${path.split("/").slice(-2).join("/")} still holds the text`);
      if (/zanzibarian/i.test((await rawBytes(path)).toString("latin1"))) leftInFreeSpace++;
    }
    // SQLite reuses freed pages and log frames later; that is the runtime's, and README says so.
    console.log(`# deleted text left in SQLite's freed pages or log frames of ${leftInFreeSpace} of ${files.length} files`);
    assert.equal((await clients.inbox(bob)).listing.conversations.find((row) => row.id === id)?.lastMessage?.text, "after it");
  });
});

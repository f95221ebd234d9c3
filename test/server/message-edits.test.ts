/**
 * Editing a message's files and metadata over raw sockets against the real server (issue #19):
 * the edit's `attachments` is the whole new list, new ones checked like a send's, each edit one
 * `change` event; files dropped are deleted from R2, files added stop counting against the
 * uploader's quota of unsent ones (UPLOAD_QUOTA_BYTES: 100 KB here); bad files refuse the whole
 * edit and change nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { Attachment, type ErrorFrame, type EventFrame, type ServerFrame, type StoredMessage } from "../../src/protocol/index.js";
import { TEST_VARS, freshRef, freshUser, messageId, tokenFor, useTestServer, type ConversationClient, type User } from "../support/server-clients.js";

const QUOTA = 100_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isChange = (frame: ServerFrame): frame is EventFrame => frame.type === "event" && frame.event.kind === "change";
const changed = (frame: EventFrame): StoredMessage => (frame.event.kind === "change" ? frame.event.message : assert.fail("not a change"));

describe("editing a message's files and metadata", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, UPLOAD_QUOTA_BYTES: String(QUOTA) });
  const base = () => `http://${server().host}/attachments`;

  async function post(user: User, conversationId: string, bytes: number): Promise<Response> {
    return fetch(`${base()}/${conversationId}?name=f${bytes}.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenFor(user)}`, "content-type": "text/plain" },
      body: new Uint8Array(bytes).fill(0x61),
    });
  }

  async function upload(user: User, conversationId: string, bytes: number): Promise<Attachment> {
    const response = await post(user, conversationId, bytes);
    assert.equal(response.status, 201, await response.clone().text());
    return v.parse(Attachment, await response.json());
  }

  async function status(user: User, conversationId: string, attachmentId: string): Promise<number> {
    const response = await fetch(`${base()}/${conversationId}/${attachmentId}`, { headers: { authorization: `Bearer ${await tokenFor(user)}` } });
    await response.body?.cancel();
    return response.status;
  }

  async function deletedFromR2(user: User, conversationId: string, attachmentId: string): Promise<void> {
    const deadline = Date.now() + 8_000;
    while ((await status(user, conversationId, attachmentId)) !== 404) {
      assert.ok(Date.now() < deadline, `${attachmentId} is still in R2`);
      await sleep(200);
    }
  }

  const edit = (client: ConversationClient, messageId: string, changes: object) => client.request({ type: "edit", ref: freshRef(), messageId, ...changes } as never);

  function assertRefused(answer: { type: string }, code: ErrorFrame["code"], message: RegExp): void {
    assert.equal(answer.type, "error", `expected ${code}, got ${JSON.stringify(answer)}`);
    assert.equal((answer as ErrorFrame).code, code);
    assert.match((answer as ErrorFrame).message, message);
  }

  it("adds, replaces and removes a message's files, one change each, deleting dropped files and freeing the quota", { timeout: 30_000 }, async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const first = await upload(alice, id, 10);
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    const sent = messageId();
    atAlice.send({ type: "send", id: sent, text: "files", attachments: [first] });
    const ack = await atAlice.frames.nextOfType("ack", (frame) => frame.id === sent);

    const added = await upload(alice, id, 60_000);
    assert.equal((await post(alice, id, 60_000)).status, 429, "the unsent file counts");
    assert.equal((await edit(atAlice, sent, { attachments: [first, added] })).type, "done");
    assert.deepEqual(changed(await atBob.frames.next(isChange, "the add at bob")).attachments, [first, added]);
    await sleep(300);
    const replacement = await upload(alice, id, 60_000); // the quota was freed by the edit

    assert.equal((await edit(atAlice, sent, { attachments: [{ ...replacement, name: "claimed.exe", size: 1 }] })).type, "done");
    const replaced = changed(await atBob.frames.next(isChange, "the replacement at bob"));
    assert.deepEqual(replaced.attachments, [replacement], "what R2 holds, not what was claimed");
    assert.equal(replaced.text, "files");
    await deletedFromR2(bob, id, first.id);
    await deletedFromR2(bob, id, added.id);

    assert.equal((await edit(atAlice, sent, { attachments: [] })).type, "done");
    const removed = changed(await atBob.frames.next(isChange, "the removal at bob"));
    assert.equal(removed.attachments, undefined);
    assert.equal(removed.text, "files");
    await deletedFromR2(bob, id, replacement.id);
    const welcome = await atBob.hello();
    assert.equal(welcome.lastSeq, ack.seq + 3, "one event per edit");
    const history = welcome.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
    assert.equal(history.find((message) => message.id === sent)?.attachments, undefined);
  });

  it("changes the metadata alone, keeping the text and files", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const file = await upload(alice, id, 10);
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    const sent = messageId();
    atAlice.send({ type: "send", id: sent, text: "tagged", attachments: [file], metadata: { tag: "old" } });
    await atAlice.frames.nextOfType("ack", (ack) => ack.id === sent);
    assert.equal((await edit(atAlice, sent, { metadata: { tag: "new" } })).type, "done");
    const message = changed(await atBob.frames.next(isChange, "the edit at bob"));
    assert.deepEqual([message.text, message.attachments, message.metadata], ["tagged", [file], { tag: "new" }]);
    assert.ok(message.editedAt);
  });

  it("refuses an edit naming another conversation's, someone else's, a never-uploaded or a repeated file, or nothing to change; nothing changes", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const elsewhere = await clients.group(alice, [bob]);
    const kept = await upload(alice, id, 10);
    const fromElsewhere = await upload(alice, elsewhere, 11);
    const bobs = await upload(bob, id, 12);
    const never: Attachment = { id: "00000000-0000-4000-8000-00000000abcd", name: "ghost.txt", size: 5, type: "text/plain" };
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    const sent = messageId();
    atAlice.send({ type: "send", id: sent, text: "mine", attachments: [kept] });
    const { seq } = await atAlice.frames.nextOfType("ack", (ack) => ack.id === sent);
    await atBob.frames.nextOfType("event");

    assertRefused(await edit(atAlice, sent, { attachments: [kept, fromElsewhere] }), "not_found", /not uploaded to this conversation/);
    assertRefused(await edit(atAlice, sent, { text: "new words", attachments: [never] }), "not_found", /ghost\.txt .*not uploaded to this conversation/);
    assertRefused(await edit(atAlice, sent, { attachments: [bobs] }), "forbidden", /uploaded by someone else/);
    assertRefused(await edit(atAlice, sent, { attachments: [kept, kept] }), "bad_frame", /once/);
    assertRefused(await edit(atAlice, sent, {}), "bad_frame", /give at least one/);
    assertRefused(await edit(atAlice, sent, { text: "", attachments: [] }), "bad_frame", /needs text or attachments/);
    assertRefused(await edit(atBob, sent, { attachments: [bobs] }), "forbidden", /only its sender/);

    await atBob.frames.expectNone(isChange, 200, "a change event");
    const welcome = await atBob.hello();
    assert.equal(welcome.lastSeq, seq, "nothing was logged");
    const stored = welcome.events.flatMap((event) => (event.kind === "message" ? [event.message] : [])).find((message) => message.id === sent);
    assert.deepEqual([stored?.text, stored?.attachments, stored?.editedAt], ["mine", [kept], undefined]);
    assert.equal(await status(bob, id, kept.id), 200, "the kept file is still there");
    // Bob is fine: his own file goes out with his message.
    const his = messageId();
    atBob.send({ type: "send", id: his, text: "", attachments: [bobs] });
    await atBob.frames.nextOfType("ack", (ack) => ack.id === his);
  });
});

/**
 * `handle.edit(id, { text, metadata, attachments })` from Node against the real server: the
 * metadata alone, or the files (added, replaced, removed), changed in one edit that the other
 * member sees live and after a reload; a non-author's edit and bad files refused with the
 * server's reason, the message shown as it was.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type Attachment, type Chat, type ChatMessage } from "../../src/store/index.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const ids = (files: Attachment[] | undefined) => (files ?? []).map((file) => file.id);

describe("editing a message's metadata and files through the headless API", () => {
  const { server } = useTestServer();
  const { chatOf: chatAs, online, signedIn } = useChats(server);

  /** Uploads `body` to `conversationId` as `chat`'s (guest) user, as a host's backend would. */
  async function upload(chat: Chat, conversationId: string, body: string): Promise<Attachment> {
    const guest = await fetch(`http://${server().host}/auth/guest`, { method: "POST", body: JSON.stringify({ user: chat.user.userId, name: chat.user.name }) });
    const { token } = (await guest.json()) as { token: string };
    const response = await fetch(`http://${server().host}/attachments/${conversationId}?name=${body}.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body,
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Attachment;
  }

  /** Alice and Bob in a group, both online, and Alice's message `text` (with `files`) sent. */
  async function sentByAlice(text: string, options: { metadata?: Record<string, number>; files?: string[] } = {}) {
    const [alice, bob] = await signedIn(chatAs(freshUserId("alice")), chatAs(freshUserId("bob")));
    const atAlice = await online(await alice.create({ type: "group", members: [bob.user.userId] }));
    const attachments = await Promise.all((options.files ?? []).map((body) => upload(alice, atAlice.id, body)));
    const id = atAlice.send(text, { metadata: options.metadata, attachments });
    await until(atAlice.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "the ack");
    const atBob = await online(bob.conversation(atAlice.id));
    await until(atBob.messages, (messages) => messages.some((m) => m.id === id), "bob has it");
    return { alice, bob, atAlice, atBob, id, attachments };
  }

  const find = (messages: ChatMessage[], id: string) => messages.find((message) => message.id === id);

  /** The message as a fresh client of `userId` loads it from the server. */
  async function reloaded(userId: string, conversationId: string, id: string): Promise<ChatMessage> {
    const handle = await online(chatAs(userId).conversation(conversationId));
    return find(await until(handle.messages, (messages) => Boolean(find(messages, id)), "the reloaded message"), id)!;
  }

  it("changes a message's metadata alone, seen by the other member live and after a reload", async () => {
    const { bob, atAlice, atBob, id } = await sentByAlice("keep my words", { metadata: { size: 12 } });
    await atAlice.edit(id, { metadata: { size: 16 } });
    const live = find(await until(atBob.messages, (messages) => find(messages, id)?.metadata?.size === 16, "bob sees it"), id)!;
    assert.equal(live.text, "keep my words");
    assert.ok(live.editedAt);
    const stored = await reloaded(bob.user.userId, atAlice.id, id);
    assert.deepEqual([stored.text, stored.metadata], ["keep my words", { size: 16 }]);
  });

  it("adds, replaces and removes a message's files in one edit each, live and after a reload", async () => {
    const { alice, bob, atAlice, atBob, id, attachments } = await sentByAlice("files", { files: ["first"] });
    const [first] = attachments;
    const second = await upload(alice, atAlice.id, "second");
    await atAlice.edit(id, { attachments: [first!, second] });
    await until(atBob.messages, (messages) => ids(find(messages, id)?.attachments).join() === [first!.id, second.id].join(), "bob sees the add");

    const third = await upload(alice, atAlice.id, "third");
    await atAlice.edit(id, { text: "one file", attachments: [third] });
    await until(atBob.messages, (messages) => ids(find(messages, id)?.attachments).join() === third.id && find(messages, id)?.text === "one file", "the replacement");
    assert.deepEqual(ids((await reloaded(bob.user.userId, atAlice.id, id)).attachments), [third.id]);

    await atAlice.edit(id, { attachments: [] });
    await until(atBob.messages, (messages) => find(messages, id)?.attachments === undefined, "the removal");
    const stored = await reloaded(bob.user.userId, atAlice.id, id);
    assert.deepEqual([stored.text, stored.attachments], ["one file", undefined]);
  });

  it("refuses another member's edit and a file never uploaded with the server's reason, and shows the message as it was", async () => {
    const { atAlice, atBob, id, attachments } = await sentByAlice("as it was", { files: ["kept"] });
    await assert.rejects(atBob.edit(id, { metadata: { hijacked: 1 } }), /only its sender may edit/);
    const ghost: Attachment = { id: "00000000-0000-4000-8000-00000000abcd", name: "ghost.txt", size: 5, type: "text/plain" };
    await assert.rejects(atAlice.edit(id, { text: "changed", attachments: [ghost] }), /ghost\.txt .*not uploaded to this conversation/);
    for (const handle of [atAlice, atBob]) {
      const message = find(handle.messages.get(), id)!;
      assert.deepEqual([message.text, ids(message.attachments), message.metadata, message.editedAt], ["as it was", ids(attachments), undefined, undefined]);
    }
    await atAlice.edit(id, "still editable"); // the old signature, and the author is fine
    await until(atBob.messages, (messages) => find(messages, id)?.text === "still editable", "the good edit");
  });
});

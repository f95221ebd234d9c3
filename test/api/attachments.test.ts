/**
 * Attachments through the headless API from Node against the real server: sending uploaded
 * files with `send(text, { attachments })`, reading them back with `attachmentUrl`, the
 * server's refusals surfacing on the message and as AttachmentError, and metadata still
 * accepted alone as the second argument. (`upload` needs a browser's XMLHttpRequest: Node
 * uploads with fetch here, as a host's backend would; the composer tests cover `upload`.)
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveObjectURL } from "node:buffer";
import { AttachmentError, type Attachment, type Chat, type ChatMessage } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

describe("attachments in the headless API", () => {
  const { server } = useTestServer();
  const { chatAs, signedIn } = useChats(server);

  /** Uploads `body` to `conversationId` as `chat`'s (guest) user. */
  async function upload(chat: Chat, conversationId: string, body: string, type: string, name: string): Promise<Attachment> {
    const guest = await fetch(`http://${server().host}/auth/guest`, {
      method: "POST",
      body: JSON.stringify({ user: chat.user.userId, name: chat.user.name }),
    });
    const { token } = (await guest.json()) as { token: string };
    const response = await fetch(`http://${server().host}/attachments/${conversationId}?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body,
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Attachment;
  }

  const settled = (id: string) => (messages: ChatMessage[]) => messages.some((message) => message.id === id && message.status !== "pending");

  it("sends uploaded files, text optional, and lets members read them back through attachmentUrl", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    const notes = await upload(alice, group.id, "the minutes", "text/plain", "minutes.txt");

    const id = group.send("", { attachments: [notes] });
    assert.deepEqual(group.messages.get().at(-1)?.attachments, [notes], "shown at once with its files");
    const sent = await until(group.messages, settled(id), "the ack");
    assert.equal(sent.find((message) => message.id === id)!.status, "sent");

    const atBob = bob.conversation(group.id);
    const received = await until(atBob.messages, (messages) => messages.some((message) => message.id === id), "bob receives");
    assert.deepEqual(received.find((message) => message.id === id)!.attachments, [notes]);

    const url = await atBob.attachmentUrl(notes);
    assert.equal(await atBob.attachmentUrl(notes), url, "fetched once");
    const blob = resolveObjectURL(url)!;
    assert.equal(await blob.text(), "the minutes");
    assert.equal(blob.type, "application/octet-stream", "anything but a picture downloads if opened");
  });

  it("fails a message naming a file not uploaded to its conversation with the server's reason", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    const elsewhere = await alice.create({ type: "group", members: [bob.user.userId] });
    const stray = await upload(alice, elsewhere.id, "wrong room", "text/plain", "stray.txt");

    const id = group.send("see attached", { attachments: [stray] });
    const messages = await until(group.messages, settled(id), "the refusal");
    const failed = messages.find((message) => message.id === id)!;
    assert.equal(failed.status, "failed");
    assert.match(failed.error ?? "", /not uploaded to this conversation/);
  });

  it("rejects attachmentUrl with an AttachmentError once the user is no longer a member", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    const notes = await upload(alice, group.id, "for members", "text/plain", "members.txt");
    await group.kick(bob.user.userId);
    await assert.rejects(bob.conversation(group.id).attachmentUrl(notes), (error: unknown) => {
      assert.ok(error instanceof AttachmentError);
      assert.equal(error.status, 403);
      assert.match(error.message, /not a member/);
      return true;
    });
  });

  it("sends metadata given in the options, and none when there is none", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const direct = await alice.create({ type: "direct", members: [bob.user.userId] });
    const ids = [direct.send("plain"), direct.send("options", { metadata: { n: 1 } })];
    const atBob = bob.conversation(direct.id);
    const received = await until(atBob.messages, (messages) => ids.every((id) => messages.some((message) => message.id === id)), "both");
    assert.deepEqual(
      ids.map((id) => received.find((message) => message.id === id)!.metadata),
      [undefined, { n: 1 }],
    );
  });
});

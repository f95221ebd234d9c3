/**
 * Whatever the server accepts, every client can read (issue #15): display names, titles,
 * attachment names and message text of any Unicode (astral planes, joiners, bidi controls,
 * every field at its limit) go in through the real server, and every frame that carries them
 * back (welcome, history, search, the inbox listing) parses with the widget's own parser
 * without leaving anything out. One file named with 255 "😀" once hid a whole conversation.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import { Attachment, LIMITS, type StoredMessage } from "../../src/protocol/index.js";
import {
  freshRef,
  freshUserId,
  messageId,
  tokenFor,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

const RUNS = 40;

/** Any text, astral planes and controls included, of up to `max` code points. */
const anyText = (max: number) => fc.string({ unit: "binary", minLength: 1, maxLength: max });
const edgeNames = [
  "😀".repeat(LIMITS.attachmentNameLength),
  "invoice\u202efdp.exe",
  "👨\u200d👩\u200d👧".repeat(40),
  "\u0000\u202e\u200b",
  "a".repeat(LIMITS.attachmentNameLength + 1),
];

describe("whatever the server accepts, the widget's parser reads", () => {
  const { server, clients } = useTestServer();

  function assertReadable(...sockets: { frames: { label: string; invalid: { reason: string }[] } }[]): void {
    for (const socket of sockets) {
      assert.deepEqual(socket.frames.invalid.map((frame) => frame.reason), [], `${socket.frames.label} got frames the widget cannot read`);
    }
  }

  async function upload(user: User, conversationId: string, name: string): Promise<Attachment | undefined> {
    const response = await fetch(`http://${server().host}/attachments/${conversationId}?${new URLSearchParams({ name })}`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenFor(user)}`, "content-type": "text/plain" },
      body: "some notes",
    });
    assert.equal(response.status, 201, await response.clone().text());
    return v.parse(Attachment, await response.json());
  }

  async function sendWith(client: ConversationClient, text: string, attachments: Attachment[]) {
    const id = messageId();
    client.send({ type: "send", id, text, attachments });
    return client.frames.next((frame) => (frame.type === "ack" || frame.type === "error") && (frame.type === "ack" ? frame.id : frame.ref) === id, "answer");
  }

  /** Puts `name`, `title`, `fileName` and `text` through the server and reads them back every way a client does. */
  async function roundTrip(name: string, title: string, fileName: string, text: string): Promise<void> {
    const alice: User = { userId: freshUserId("alice"), name };
    const bob: User = { userId: freshUserId("bob"), name: "Bob" };
    const inbox = await clients.inbox(alice);
    const created = await inbox.tryCreate({ conversationType: "group", members: [bob.userId], title });
    assertReadable(inbox);
    if (created.type === "error") return; // refused: nothing stored, nothing to read
    const id = created.conversationId!;
    const atAlice = (await clients.enter(id, alice)).client;
    const attachment = await upload(alice, id, fileName);
    const answer = await sendWith(atAlice, text, [attachment!]);
    const stored = answer.type === "ack";

    const { client: atBob, welcome } = await clients.enter(id, bob);
    const message = welcome.events.flatMap((event) => (event.kind === "message" ? [event.message] : [])).find((item: StoredMessage) => !item.system);
    assert.equal(message !== undefined, stored, "the message the server acked is in bob's welcome");
    if (message) assert.equal(message.attachments?.[0]?.name, attachment!.name, "the name the server kept");
    atBob.send({ type: "history", ref: freshRef(), limit: LIMITS.historyPageSize });
    await atBob.frames.nextOfType("page");
    atBob.send({ type: "search", ref: freshRef(), query: text.slice(0, 20) });
    await atBob.frames.next((frame) => frame.type === "page" || frame.type === "error", "search answer");
    const bobInbox = await clients.inbox(bob);
    assertReadable(inbox, atAlice, atBob, bobInbox);
    clients.closeAll();
  }

  it("reads back file names, display names and titles at and past their limits", async () => {
    for (const edge of edgeNames) await roundTrip(edge, edge.slice(0, LIMITS.titleLength), edge, edge);
  });

  it(`reads back any Unicode in every field (${RUNS} generated cases)`, { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(anyText(130), anyText(130), anyText(300), anyText(2000), (name, title, fileName, text) => roundTrip(name, title, fileName, text)),
      { numRuns: RUNS },
    );
  });
});

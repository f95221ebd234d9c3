/**
 * Mentions through the real server (wrangler dev on workerd): a message keeps only the members
 * its text names ("@Name" or "@id"), each once; each member's list row counts the unread
 * messages that mention them, apart from `unread`, until they read; edits and deletions change
 * that count.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, type AckFrame, type ConversationSummary, type ErrorFrame } from "../../src/protocol/index.js";
import {
  freshRef,
  freshUser,
  isMessageEvent,
  messageId,
  messagesIn,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

/** Sends `text` mentioning `mentions` and resolves with the ack. */
function mention(client: ConversationClient, text: string, mentions: string[]): Promise<AckFrame> {
  const id = messageId();
  client.send({ type: "send", id, text, mentions });
  return client.frames.nextOfType("ack", (ack) => ack.id === id);
}

describe("mentions", () => {
  const { clients } = useTestServer();

  /** A group of `owner` and `others` where every member has connected once, so each goes by their name. */
  async function namedGroup(owner: User, others: User[]) {
    const id = await clients.group(owner, others);
    const rooms = await Promise.all([owner, ...others].map((user) => clients.enter(id, user)));
    return { id, rooms: rooms.map((room) => room.client) };
  }

  it("keeps only members the text names, each once, and shows them to everyone with the message", async () => {
    const [alice, bob, carol, eve] = [freshUser("alice", "Alice"), freshUser("bob", "Bob Stone"), freshUser("carol", "Carol"), freshUser("eve", "Eve")];
    const { id, rooms } = await namedGroup(alice, [bob, carol]);
    const [atAlice, atBob] = rooms as [ConversationClient, ConversationClient];
    // Eve is no member; carol is a member the text does not name; bob is named twice, once by id.
    const ack = await mention(atAlice, `@bob stone and @${bob.userId}, ask @Eve`, [bob.userId, bob.userId, carol.userId, eve.userId]);
    const live = await atBob.frames.next(isMessageEvent(ack.id), "the message");
    assert.deepEqual(live.event.message.mentions, [bob.userId]);
    const { welcome } = await clients.enter(id, carol);
    assert.deepEqual(messagesIn(welcome.events).find((message) => message.id === ack.id)?.mentions, [bob.userId], "stored so");

    const none = await mention(atAlice, "nobody here, bob@example.com, @Bob Stoneware", [bob.userId]);
    const plain = await atBob.frames.next(isMessageEvent(none.id), "a message naming nobody");
    assert.equal(plain.event.message.mentions, undefined, "an e-mail address or a longer word is no mention");
  });

  it("refuses a send with more mentions than the limit, and the room keeps serving", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const { rooms } = await namedGroup(alice, [bob]);
    const [atAlice] = rooms as [ConversationClient];
    const id = messageId();
    atAlice.send({ type: "send", id, text: "@everyone", mentions: Array.from({ length: LIMITS.mentionsPerMessage + 1 }, (_, i) => `user${i}`) });
    const refusal: ErrorFrame = await atAlice.nextError();
    assert.equal(refusal.code, "bad_frame");
    assert.match(refusal.message, /at most 50 mentions/);
    assert.ok((await atAlice.say("still here")).seq > 0);
  });

  it("counts unread mentions apart from unread messages, not one's own, and clears them on read", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    const { id, rooms } = await namedGroup(alice, [bob, carol]);
    const [atAlice, atBob] = rooms as [ConversationClient, ConversationClient];
    const [bobsList, alicesList] = [await clients.inbox(bob), await clients.inbox(alice)];

    await atAlice.say("no mention");
    await mention(atAlice, "@Bob look", [bob.userId]);
    const last = await mention(atAlice, "@Bob and @Alice, again", [bob.userId, alice.userId]);
    const row = await bobsList.summary(id, (summary) => summary.unread === 3);
    assert.equal(row.unreadMentions, 2);
    const own = await alicesList.summary(id, (summary) => summary.lastMessage?.text === "@Bob and @Alice, again");
    assert.equal(own.unreadMentions, 0, "mentioning oneself counts for nobody");

    // Carol mentions alice: alice's count rises, and sending later clears it (she has seen all before).
    const atCarol = (await clients.enter(id, carol)).client;
    await mention(atCarol, "@Alice?", [alice.userId]);
    await alicesList.summary(id, (summary) => summary.unreadMentions === 1);

    atBob.send({ type: "read", seq: last.seq });
    const read = await bobsList.summary(id, (summary) => summary.lastMessage?.text === "@Alice?" && summary.unread === 1);
    assert.equal(read.unreadMentions, 0, "read up to both mentions; carol's message is still unread");
    await atAlice.say("answering");
    assert.equal((await alicesList.summary(id, (summary) => summary.lastMessage?.text === "answering")).unreadMentions, 0);
  });

  it("still counts mentions in a muted conversation", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const { id, rooms } = await namedGroup(alice, [bob]);
    const [atAlice, atBob] = rooms as [ConversationClient, ConversationClient];
    const bobsList = await clients.inbox(bob);
    await atBob.expectDone({ type: "mute", ref: freshRef() });
    await mention(atAlice, "@Bob, urgent", [bob.userId]);
    const row: ConversationSummary = await bobsList.summary(id, (summary) => summary.unread === 1);
    assert.equal(row.muted, true);
    assert.equal(row.unreadMentions, 1);
  });

  it("lets an edit change the mentions, re-checked against the new text, and a deletion drop them", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    const { id, rooms } = await namedGroup(alice, [bob, carol]);
    const [atAlice, atBob] = rooms as [ConversationClient, ConversationClient];
    const [bobsList, carolsList] = [await clients.inbox(bob), await clients.inbox(carol)];
    const sent = await mention(atAlice, "@Bob can you?", [bob.userId]);
    await bobsList.summary(id, (summary) => summary.unreadMentions === 1);

    // Without a list, the edit keeps what the new text still names: nobody here.
    await atAlice.expectDone({ type: "edit", ref: freshRef(), messageId: sent.id, text: "can anyone?" });
    const unnamed = await atBob.frames.next((frame) => frame.type === "event" && frame.event.kind === "change" && frame.event.message.text === "can anyone?", "edit");
    assert.equal(unnamed.type === "event" && unnamed.event.kind === "change" ? unnamed.event.message.mentions : "?", undefined);
    assert.equal((await bobsList.summary(id, (summary) => summary.lastMessage?.text === "can anyone?")).unreadMentions, 0);

    await atAlice.expectDone({ type: "edit", ref: freshRef(), messageId: sent.id, text: "@Carol can you?", mentions: [carol.userId, bob.userId] });
    await carolsList.summary(id, (summary) => summary.unreadMentions === 1);
    const { welcome } = await clients.enter(id, bob);
    assert.deepEqual(messagesIn(welcome.events).find((message) => message.id === sent.id)?.mentions, [carol.userId]);

    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: sent.id });
    const deleted = await carolsList.summary(id, (summary) => summary.lastMessage?.deleted === true);
    assert.equal(deleted.unreadMentions, 0);
    assert.equal(deleted.unread, 0);
  });
});

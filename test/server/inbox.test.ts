/**
 * What members see of a conversation beyond its messages (issue #4, server side): every
 * member's inbox row with the last message and their unread count, read positions, and member
 * and meta changes replayed after a reconnect just like messages.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../src/protocol/index.js";
import type { ConversationSummary } from "../../src/protocol/index.js";
import {
  TEST_VARS,
  freshRef,
  freshUser,
  range,
  seqsOf,
  useTestServer,
} from "../support/server-clients.js";

describe("inboxes, read positions and replayed changes", () => {
  const { server, clients } = useTestServer();

  it("gives every member's inbox the last message and their unread count, and read clears it and tells the others", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol], { title: "Lunch" });
    const inbox = { alice: await clients.inbox(alice), bob: await clients.inbox(bob), carol: await clients.inbox(carol) };
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const atCarol = await clients.enter(id, carol);

    await atAlice.client.say("first from alice");
    const second = await atAlice.client.say("second from alice");
    const lastMessage = { senderId: alice.userId, senderName: "Alice", text: "second from alice", createdAt: second.createdAt };
    const bobsRow = await inbox.bob.summary(id, (summary) => summary.lastMessage?.text === "second from alice");
    assert.equal(bobsRow.unread, 2, "bob's unread counts alice's messages");
    assert.deepEqual(bobsRow.lastMessage, lastMessage);
    assert.equal(bobsRow.title, "Lunch");
    assert.equal(bobsRow.updatedAt, second.createdAt);
    const carolsRow = await inbox.carol.summary(id, (summary) => summary.lastMessage?.text === "second from alice");
    assert.equal(carolsRow.unread, 2);
    const alicesRow = await inbox.alice.summary(id, (summary) => summary.lastMessage?.text === "second from alice");
    assert.equal(alicesRow.unread, 0, "the sender's own messages are not unread");
    assert.deepEqual(alicesRow.lastMessage, lastMessage);

    // Bob reads up to alice's second message.
    atBob.client.send({ type: "read", seq: second.seq });
    await inbox.bob.summary(id, (summary) => summary.unread === 0 && summary.lastMessage?.text === "second from alice");
    for (const client of [atAlice.client, atCarol.client]) {
      const { type, userId, seq } = await client.frames.nextOfType("read_by");
      assert.deepEqual({ type, userId, seq }, { type: "read_by", userId: bob.userId, seq: second.seq });
    }
    await atBob.client.frames.expectNone((frame) => frame.type === "read_by", 100, "own read_by");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(inbox.carol.frames.all((frame) => frame.type === "summary").at(-1)?.conversation.unread, 2, "carol's unread stays");

    // Reading backwards changes nothing; reading past the end stops at the last seq.
    atBob.client.send({ type: "read", seq: second.seq - 1 });
    await atAlice.client.frames.expectNone((frame) => frame.type === "read_by" && frame.seq < second.seq, 150, "read_by going back");

    const reply = await atBob.client.say("bob's reply");
    assert.equal((await inbox.alice.summary(id, (summary) => summary.lastMessage?.text === "bob's reply")).unread, 1);
    assert.equal((await inbox.carol.summary(id, (summary) => summary.lastMessage?.text === "bob's reply")).unread, 3);
    assert.equal((await inbox.bob.summary(id, (summary) => summary.lastMessage?.text === "bob's reply")).unread, 0);
    atCarol.client.send({ type: "read", seq: reply.seq + 100 });
    const carolRead = await atAlice.client.frames.nextOfType("read_by", (frame) => frame.userId === carol.userId);
    assert.deepEqual({ userId: carolRead.userId, seq: carolRead.seq }, { userId: carol.userId, seq: reply.seq });
    assert.equal((await inbox.carol.summary(id, (summary) => summary.unread === 0)).unread, 0);

    // The read positions are stored: a welcome's members carry them.
    const { welcome } = await clients.enter(id, alice);
    const readBy = Object.fromEntries(welcome.members.map((member) => [member.userId, member.lastReadSeq]));
    assert.deepEqual(readBy, { [alice.userId]: second.seq, [bob.userId]: reply.seq, [carol.userId]: reply.seq });
  });

  it("keeps the rows of closed lists current for when they are read: an opening list's welcome and the server API", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    const id = await clients.group(alice, [bob, carol], { title: "Away" });
    const aliceInbox = await clients.inbox(alice);
    const atAlice = (await clients.enter(id, alice)).client;
    for (const text of ["one", "two", "three"]) await atAlice.say(text);
    // The round that updated alice's open list has told bob's and carol's closed ones too.
    await aliceInbox.summary(id, (summary) => summary.lastMessage?.text === "three");

    const response = await fetch(`http://${server().host}/api/v1/users/${bob.userId}/conversations`, {
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` },
    });
    const { conversations } = (await response.json()) as { conversations: ConversationSummary[] };
    assert.deepEqual([conversations[0]?.unread, conversations[0]?.lastMessage?.text], [3, "three"], "the API reads bob's current row");

    const carolInbox = await clients.inbox(carol);
    const row = carolInbox.listing.conversations.find((summary) => summary.id === id);
    assert.deepEqual([row?.unread, row?.lastMessage?.text], [3, "three"], "carol's list opens current");

    // Her list open, carol gets each change live again, her own reading too.
    for (const [text, unread] of [["four", 4], ["five", 5], ["six", 6]] as const) {
      await atAlice.say(text);
      assert.equal((await carolInbox.summary(id, (summary) => summary.lastMessage?.text === text)).unread, unread, text);
    }
    const atCarol = (await clients.enter(id, carol)).client;
    await atCarol.say("read them all");
    assert.equal((await carolInbox.summary(id, (summary) => summary.lastMessage?.text === "read them all")).unread, 0);
    await atAlice.say("seven");
    assert.equal((await carolInbox.summary(id, (summary) => summary.lastMessage?.text === "seven")).unread, 1);
  });

  it("counts unread across many messages, reads and deletions, however far behind the counts were", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    const id = await clients.group(alice, [bob, carol]);
    const atAlice = (await clients.enter(id, alice)).client;
    const atBob = (await clients.enter(id, bob)).client;
    // More messages than the counts are ever left behind by (unread-counts.ts), none read yet.
    const acks = [];
    for (const index of range(1, 70)) acks.push(await atAlice.say(`message ${index}`));
    atBob.send({ type: "read", seq: acks[9]!.seq });
    await atAlice.frames.next((frame) => frame.type === "read_by", "bob's read");
    // One message both had unread before the read (bob read it), and the last, which neither read.
    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: acks[5]!.id });
    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: acks[69]!.id });

    const unreadOf = async (userId: string) => {
      const response = await fetch(`http://${server().host}/api/v1/users/${userId}/conversations`, {
        headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` },
      });
      const { conversations } = (await response.json()) as { conversations: ConversationSummary[] };
      return conversations.find((row) => row.id === id)?.unread;
    };
    assert.equal(await unreadOf(bob.userId), 70 - 10 - 1, "bob read ten; one he had not read was deleted");
    assert.equal(await unreadOf(carol.userId), 70 - 2, "carol read none; two were deleted");
    assert.equal(await unreadOf(alice.userId), 0, "the sender's own messages are not unread");
  });

  it("sends rows live to a list that opened after its one-to-one was started without it", async () => {
    const [alice, erin] = [freshUser("alice", "Alice"), freshUser("erin", "Erin")];
    const aliceInbox = await clients.inbox(alice);
    const id = await aliceInbox.create({ conversationType: "direct", members: [erin.userId] });
    const atAlice = (await clients.enter(id, alice)).client;
    await atAlice.say("hi Erin");
    await aliceInbox.summary(id, (summary) => summary.lastMessage?.text === "hi Erin");

    const erinInbox = await clients.inbox(erin);
    assert.equal(erinInbox.listing.conversations.find((summary) => summary.id === id)?.unread, 1);
    const atErin = (await clients.enter(id, erin)).client;
    await atErin.say("hello Alice");
    assert.equal((await erinInbox.summary(id, (summary) => summary.lastMessage?.text === "hello Alice")).unread, 0);
    for (const text of ["one more", "and another"]) {
      await atAlice.say(text);
      assert.equal((await erinInbox.summary(id, (summary) => summary.lastMessage?.text === text)).lastMessage?.text, text);
    }
  });

  it("lists a fresh inbox socket's conversations most recently active first, with the same rows", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const older = await clients.group(alice, [bob], { title: "Older" });
    const newer = await clients.group(alice, [bob], { title: "Newer" });
    const bobInbox = await clients.inbox(bob);
    const inOlder = await clients.enter(older, alice);
    await inOlder.client.say("waking the older one up");
    const latest = await bobInbox.summary(older, (summary) => summary.unread === 1);

    const { listing } = await clients.inbox(bob);
    assert.deepEqual(listing.conversations.map((summary) => summary.id), [older, newer]);
    assert.deepEqual(listing.conversations[0], latest);
    assert.equal(listing.conversations[1]!.title, "Newer");
  });

  it("replays member and meta changes after since, like messages, in the order live sockets saw them", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("carol")];
    await clients.signIn(carol);
    const id = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(id, alice);
    const away = await clients.enter(id, bob);
    const since = away.welcome.lastSeq;
    away.client.close();

    // While bob is away: a new title, carol added, a message, carol's name, carol kicked.
    await atAlice.client.expectDone({ type: "update", ref: freshRef(), title: "Renamed", metadata: { v: 2 } });
    await atAlice.client.expectDone({ type: "add", ref: freshRef(), userId: carol.userId });
    const message = await atAlice.client.say("while bob was away");
    const atCarol = await clients.enter(id, { ...carol, name: "Carol" });
    await atAlice.client.expectDone({ type: "kick", ref: freshRef(), userId: carol.userId });
    assert.equal((await atCarol.client.expectClosed()).code, CLOSE_CODES.removed);
    const live = atAlice.client.frames.all((frame) => frame.type === "event").map((frame) => frame.type === "event" && frame.event);
    const { welcome } = await clients.enter(id, bob, since);
    assert.equal(welcome.reset, false);
    assert.equal(welcome.lastSeq, since + 5);
    assert.deepEqual(seqsOf(welcome.events), range(since + 1, since + 5));
    assert.deepEqual(
      welcome.events.map((event) =>
        event.kind === "member" ? `${event.op} ${event.member.userId} by ${event.actorId}` : event.kind === "meta" ? `meta ${event.meta.title}` : `message ${event.message.text}`,
      ),
      [
        "meta Renamed",
        `added ${carol.userId} by ${alice.userId}`,
        "message while bob was away",
        `updated ${carol.userId} by ${carol.userId}`,
        `kicked ${carol.userId} by ${alice.userId}`,
      ],
    );
    const [meta, , stored, renamed] = welcome.events;
    assert.deepEqual(meta?.kind === "meta" && meta.meta.metadata, { v: 2 });
    assert.equal(stored?.kind === "message" && stored.message.id, message.id);
    assert.equal(renamed?.kind === "member" && renamed.member.name, "Carol");
    assert.equal(welcome.meta.title, "Renamed");
    assert.deepEqual(welcome.members.map((member) => member.userId).sort(), [alice.userId, bob.userId].sort());

    // Alice's live socket saw the same changes, her own message excepted (she got its ack).
    assert.deepEqual(live, welcome.events.filter((event) => event.kind !== "message"));
  });
});

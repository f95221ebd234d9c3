/**
 * A one-to-one conversation in people's lists (issue #17): whoever opens it has it at once; the
 * other person gets it only once it holds a message they can see, live or when their list opens
 * later, and loses it again if every such message is deleted. Starting a conversation with
 * someone is not a way to put rows in their list.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConversationSummary } from "../../src/protocol/index.js";
import { TEST_VARS, freshRef, freshUser, useTestServer, type InboxClient, type User } from "../support/server-clients.js";

/** Long enough for a round of inbox updates to have arrived, had there been one. */
const SETTLE_MS = 400;

describe("one-to-one conversations in lists", () => {
  const { server, clients } = useTestServer();

  const idsIn = (inbox: InboxClient) => inbox.listing.conversations.map((summary) => summary.id);

  /** `user`'s rows as the server API reads them. */
  async function apiRows(user: User): Promise<ConversationSummary[]> {
    const response = await fetch(`http://${server().host}/api/v1/users/${user.userId}/conversations`, {
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` },
    });
    return ((await response.json()) as { conversations: ConversationSummary[] }).conversations;
  }

  it("lists it for its creator at once and for the peer with the first message, live", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const aliceInbox = await clients.inbox(alice);
    const bobInbox = await clients.inbox(bob);
    const id = await aliceInbox.create({ conversationType: "direct", members: [bob.userId] });
    assert.equal((await aliceInbox.summary(id)).lastMessage, undefined, "the creator's row, before any message");

    await bobInbox.frames.expectNone((frame) => (frame.type === "summary" && frame.conversation.id === id) || frame.type === "removed", SETTLE_MS, "a row for bob");
    assert.deepEqual(await apiRows(bob), [], "the server API lists nothing for bob either");
    assert.deepEqual(idsIn(await clients.inbox(bob)), [], "nor does a list bob opens now");

    const atAlice = (await clients.enter(id, alice)).client;
    await atAlice.say("**hi** Bob");
    const row = await bobInbox.summary(id);
    assert.equal(row.lastMessage?.text, "hi Bob", "the row previews the message's plain text");
    assert.equal(row.unread, 1);
    assert.deepEqual((await apiRows(bob)).map((summary) => summary.id), [id]);
  });

  it("gives the row to a list opened later only once a message was sent while it was closed", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const atAlice = (await clients.enter(id, alice)).client;
    // Alice coming and going tells bob's closed list nothing worth a row.
    atAlice.close();
    assert.deepEqual(idsIn(await clients.inbox(bob)), []);

    const again = (await clients.enter(id, alice)).client;
    await again.say("are you there?");
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const bobInbox = await clients.inbox(bob);
    assert.deepEqual(idsIn(bobInbox), [id]);
    assert.equal(bobInbox.listing.conversations[0]?.lastMessage?.text, "are you there?");
    const alicesList = await clients.inbox(alice);
    assert.deepEqual(idsIn(alicesList), [id], "alice's list keeps it");
  });

  it("takes the row back from the peer when the only message is deleted, and the creator keeps it", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const aliceInbox = await clients.inbox(alice);
    const bobInbox = await clients.inbox(bob);
    const id = await aliceInbox.create({ conversationType: "direct", members: [bob.userId] });
    const atAlice = (await clients.enter(id, alice)).client;
    const sent = await atAlice.say("oops, wrong person");
    await bobInbox.summary(id, (summary) => summary.lastMessage?.text === "oops, wrong person");

    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: sent.id });
    assert.deepEqual(await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id), { type: "removed", conversationId: id });
    assert.equal((await aliceInbox.summary(id, (summary) => summary.lastMessage?.deleted === true)).id, id);
    assert.deepEqual(idsIn(await clients.inbox(bob)), [], "a list bob opens later has no row either");
    assert.deepEqual(await apiRows(bob), []);

    // A second message brings it back.
    await atAlice.say("hi Bob, for real");
    assert.equal((await bobInbox.summary(id)).lastMessage?.text, "hi Bob, for real");
  });

  it("keeps the row of a peer who already read older messages when the latest is deleted", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const atAlice = (await clients.enter(id, alice)).client;
    await atAlice.say("first");
    const second = await atAlice.say("second");
    await atAlice.expectDone({ type: "delete", ref: freshRef(), messageId: second.id });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const bobInbox = await clients.inbox(bob);
    assert.deepEqual(idsIn(bobInbox), [id]);
    assert.equal(bobInbox.listing.conversations[0]?.lastMessage?.deleted, true);
  });

  it("lists it for a peer who opens it themselves, before any message", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const bobInbox = await clients.inbox(bob);
    assert.deepEqual(idsIn(bobInbox), []);
    assert.equal(await bobInbox.create({ conversationType: "direct", members: [alice.userId] }), id);
    assert.equal((await bobInbox.summary(id)).lastMessage, undefined);
    assert.deepEqual(idsIn(await clients.inbox(bob)), [id], "and keeps it in lists opened later");
  });

  it("never lists it for a peer who blocks the sender, while a peer who does not gets it", async () => {
    const [mallory, alice, carol] = [freshUser("mallory", "Mallory"), freshUser("alice", "Alice"), freshUser("carol", "Carol")];
    const aliceInbox = await clients.inbox(alice);
    await aliceInbox.expectDone({ type: "block", ref: freshRef(), userId: mallory.userId });
    const fromMallory = await clients.create(mallory, { conversationType: "direct", members: [alice.userId] });
    const atMallory = (await clients.enter(fromMallory, mallory)).client;
    await atMallory.sayMany(3, (index) => `spam ${index}`);

    const toCarol = await clients.create(mallory, { conversationType: "direct", members: [carol.userId] });
    const carolInbox = await clients.inbox(carol);
    assert.deepEqual(idsIn(carolInbox), [], "carol has no row before a message either");
    await (await clients.enter(toCarol, mallory)).client.say("hello Carol");
    assert.equal((await carolInbox.summary(toCarol)).lastMessage?.text, "hello Carol", "carol, who blocks nobody, gets the row");

    await aliceInbox.frames.expectNone((frame) => frame.type === "summary" && frame.conversation.id === fromMallory, SETTLE_MS, "a row from mallory");
    assert.deepEqual(idsIn(await clients.inbox(alice)), []);
    assert.deepEqual(await apiRows(alice), []);
  });

  it("shows in the creator's row whether the peer's list is open, though the peer has no row yet", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
    const aliceInbox = await clients.inbox(alice);
    // Bob's list is open when the conversation starts, carol's is closed (her row would come stale).
    let bobInbox = await clients.inbox(bob);
    const withBob = await aliceInbox.create({ conversationType: "direct", members: [bob.userId] });
    const withCarol = await aliceInbox.create({ conversationType: "direct", members: [carol.userId] });
    assert.equal((await aliceInbox.summary(withBob)).peer?.online, true);
    assert.equal((await aliceInbox.summary(withCarol)).peer?.online, false);

    bobInbox.close();
    await aliceInbox.summary(withBob, (summary) => summary.peer?.online === false);
    bobInbox = await clients.inbox(bob);
    assert.deepEqual(idsIn(bobInbox), [], "bob still has no row");
    await aliceInbox.summary(withBob, (summary) => summary.peer?.online === true);

    const carolInbox = await clients.inbox(carol);
    assert.deepEqual(idsIn(carolInbox), []);
    await aliceInbox.summary(withCarol, (summary) => summary.peer?.online === true);
    carolInbox.close();
    await aliceInbox.summary(withCarol, (summary) => summary.peer?.online === false);
  });

  it("lists a one-to-one the host's backend creates for both people at once", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const bobInbox = await clients.inbox(bob);
    const response = await fetch(`http://${server().host}/api/v1/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "direct", members: [{ userId: alice.userId }, { userId: bob.userId }] }),
    });
    assert.equal(response.status, 201);
    const { id } = ((await response.json()) as { conversation: { id: string } }).conversation;
    assert.equal((await bobInbox.summary(id)).lastMessage, undefined);
    assert.deepEqual((await apiRows(alice)).map((summary) => summary.id), [id]);
  });
});

/**
 * Who may do what in a conversation (issue #4, server side): leaving, ownership passing on,
 * owners and admins managing a group while plain members may not, removed members losing
 * their sockets and their inbox row, and non-members neither reading nor posting.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, type ErrorFrame, type UpdateFrame } from "../../src/protocol/index.js";
import {
  freshRef,
  freshUser,
  isMemberEvent,
  isMessageEvent,
  isMetaEvent,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

const add = (client: ConversationClient, user: User) => client.request({ type: "add", ref: freshRef(), userId: user.userId });
const kick = (client: ConversationClient, user: User) => client.request({ type: "kick", ref: freshRef(), userId: user.userId });
const leave = (client: ConversationClient) => client.request({ type: "leave", ref: freshRef() });
const update = (client: ConversationClient, change: Omit<UpdateFrame, "type" | "ref">) =>
  client.request({ type: "update", ref: freshRef(), ...change });

function assertRefused(answer: { type: string }, code: ErrorFrame["code"], what: string): void {
  assert.equal(answer.type, "error", `${what}: expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code, `${what}: ${(answer as ErrorFrame).message}`);
}

describe("membership and roles", () => {
  const { clients } = useTestServer();

  /** Checks that `user`'s next socket to `conversationId` is refused as not_member and closed with 4003 at once. */
  async function assertShutOut(conversationId: string, user: User): Promise<void> {
    const refusal = await clients.refused("conversation", conversationId, user);
    assert.equal(refusal.error.code, "not_member");
    assert.equal(refusal.close.code, CLOSE_CODES.forbidden);
    assert.deepEqual(refusal.frames.map((frame) => frame.type), ["error"]);
  }

  it("lets a member leave: done, their sockets closed with 4010, the conversation gone from their inbox, the others told", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const bobsOtherTab = await clients.enter(id, bob);
    const bobInbox = await clients.inbox(bob);
    const aliceInbox = await clients.inbox(alice);

    const answer = await leave(atBob.client);
    assert.equal(answer.type, "done");
    for (const socket of [atBob.client, bobsOtherTab.client]) {
      assert.equal((await socket.expectClosed()).code, CLOSE_CODES.removed);
    }
    const left = await atAlice.client.frames.next(isMemberEvent("left", bob.userId), "bob leaving");
    assert.equal(left.event.actorId, bob.userId);
    assert.equal(left.event.seq, atAlice.welcome.lastSeq + 1);
    await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id);
    await aliceInbox.summary(id, (summary) => summary.memberCount === 2);

    assert.deepEqual((await clients.inbox(bob)).listing.conversations, []);
    await assertShutOut(id, bob);
    const again = await atAlice.client.hello();
    assert.deepEqual(again.members.map((member) => member.userId).sort(), [alice.userId, carol.userId].sort());
  });

  it("brings back whoever left a one-to-one conversation when either opens it again", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob")];
    const aliceInbox = await clients.inbox(alice);
    const id = await aliceInbox.create({ conversationType: "direct", members: [bob.userId] });
    const atBob = await clients.enter(id, bob);
    assert.equal((await leave(atBob.client)).type, "done");
    assert.equal((await atBob.client.expectClosed()).code, CLOSE_CODES.removed);
    await aliceInbox.summary(id, (summary) => summary.memberCount === 1);

    const bobInbox = await clients.inbox(bob);
    assert.equal(await aliceInbox.create({ conversationType: "direct", members: [bob.userId] }), id);
    // Bob's list shows it again with the next message (a one-to-one he did not open holds none).
    await (await clients.enter(id, alice)).client.say("welcome back");
    assert.equal((await bobInbox.summary(id)).memberCount, 2);
    const back = await clients.enter(id, bob);
    assert.ok(back.welcome.events.some((event) => event.kind === "member" && event.op === "added" && event.seq > atBob.welcome.lastSeq));
  });

  it("hands ownership to the longest-standing member when the last owner leaves", async () => {
    // zoe is added first and bob later: zoe has stood longer, though bob sorts first.
    const [alice, zoe, bob] = [freshUser("alice"), freshUser("zoe"), freshUser("bob")];
    await clients.signIn(bob);
    const id = await clients.group(alice, [zoe]);
    const atAlice = await clients.enter(id, alice);
    const atZoe = await clients.enter(id, zoe);
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal((await add(atAlice.client, bob)).type, "done");
    const atBob = await clients.enter(id, bob);

    assert.equal((await leave(atAlice.client)).type, "done");
    const left = await atZoe.client.frames.next(isMemberEvent("left", alice.userId), "alice leaving");
    const promoted = await atZoe.client.frames.next(isMemberEvent("updated", zoe.userId), "zoe promoted");
    assert.equal(promoted.event.seq, left.event.seq + 1);
    assert.equal(promoted.event.member.role, "owner");
    await atBob.client.frames.next(isMemberEvent("updated", zoe.userId), "zoe promoted, at bob");

    const { welcome } = await clients.enter(id, bob);
    const roleOf = Object.fromEntries(welcome.members.map((member) => [member.userId, member.role]));
    assert.deepEqual(roleOf, { [zoe.userId]: "owner", [bob.userId]: "member" });
    // The new owner can manage the group; the member still cannot.
    assert.equal((await update(atZoe.client, { title: "Zoe's now" })).type, "done");
    assertRefused(await update(atBob.client, { title: "Bob's now" }), "forbidden", "bob updating");
  });

  it("refuses add, kick and update from a plain member with forbidden, and nothing changes", async () => {
    const [alice, bob, carol, dave] = [freshUser("alice"), freshUser("bob"), freshUser("carol"), freshUser("dave")];
    const id = await clients.group(alice, [bob, carol], { title: "Plans", avatar: "https://example.com/plans.png" });
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const atCarol = await clients.enter(id, carol);
    const daveInbox = await clients.inbox(dave);

    assertRefused(await add(atBob.client, dave), "forbidden", "add");
    assertRefused(await kick(atBob.client, carol), "forbidden", "kick a member");
    assertRefused(await kick(atBob.client, alice), "forbidden", "kick the owner");
    assertRefused(await update(atBob.client, { title: "Bob's plans" }), "forbidden", "update the title");
    assertRefused(await update(atBob.client, { avatar: null }), "forbidden", "remove the avatar");
    assertRefused(await update(atBob.client, { metadata: { hijacked: true } }), "forbidden", "update the metadata");

    for (const client of [atAlice.client, atCarol.client]) {
      await client.frames.expectNone((frame) => frame.type === "event", 100, "event");
    }
    const after = await atAlice.client.hello();
    assert.equal(after.lastSeq, atAlice.welcome.lastSeq);
    assert.deepEqual(after.meta, atAlice.welcome.meta);
    assert.deepEqual(after.members, atAlice.welcome.members);
    assert.deepEqual(daveInbox.frames.all((frame) => frame.type === "summary"), []);
    assert.equal((await atCarol.client.hello()).userId, carol.userId, "carol was not kicked");
  });

  it("refuses what even an owner may not do, and what a one-to-one conversation does not allow", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(id, alice);
    assertRefused(await kick(atAlice.client, alice), "forbidden", "kick oneself");
    assertRefused(await kick(atAlice.client, carol), "not_member", "kick a non-member");
    // Adding someone who is already in is a no-op that succeeds.
    assert.equal((await add(atAlice.client, bob)).type, "done");
    await atAlice.client.frames.expectNone((frame) => frame.type === "event", 100, "event");

    const direct = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
    const inDirect = await clients.enter(direct, alice);
    assertRefused(await add(inDirect.client, carol), "forbidden", "add to a one-to-one");
    assertRefused(await kick(inDirect.client, bob), "forbidden", "kick from a one-to-one");
    assertRefused(await update(inDirect.client, { title: "Us" }), "forbidden", "title a one-to-one");
    assert.equal((await inDirect.client.hello()).lastSeq, inDirect.welcome.lastSeq);
  });

  it("lets an owner add members and change title, avatar and metadata, telling sockets and inboxes", async () => {
    const [alice, bob, dave] = [freshUser("alice"), freshUser("bob"), freshUser("dave")];
    const id = await clients.group(alice, [bob], { title: "Plans", metadata: { kind: "trip" } });
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const bobInbox = await clients.inbox(bob);
    const daveInbox = await clients.inbox(dave);

    const avatar = "https://example.com/trip.png";
    assert.equal((await update(atAlice.client, { title: "Trip", avatar })).type, "done");
    const changed = await atBob.client.frames.next(isMetaEvent, "meta change");
    assert.equal(changed.event.actorId, alice.userId);
    assert.deepEqual(
      { title: changed.event.meta.title, avatar: changed.event.meta.avatar, metadata: changed.event.meta.metadata },
      { title: "Trip", avatar, metadata: { kind: "trip" } },
    );
    await bobInbox.summary(id, (summary) => summary.title === "Trip" && summary.avatar === avatar);

    assert.equal((await update(atAlice.client, { avatar: null, metadata: { kind: "hike" } })).type, "done");
    const cleared = await atBob.client.frames.next(isMetaEvent, "avatar removed");
    assert.equal(cleared.event.meta.avatar, undefined);
    assert.equal(cleared.event.meta.title, "Trip");
    assert.deepEqual(cleared.event.meta.metadata, { kind: "hike" });
    const summary = await bobInbox.summary(id, (summary) => summary.avatar === undefined);
    assert.equal(summary.title, "Trip");

    assert.equal((await add(atAlice.client, dave)).type, "done");
    const added = await atBob.client.frames.next(isMemberEvent("added", dave.userId), "dave added");
    assert.equal(added.event.actorId, alice.userId);
    assert.equal(added.event.member.role, "member");
    assert.equal((await daveInbox.summary(id)).memberCount, 3);
    const atDave = await clients.enter(id, dave);
    assert.deepEqual(atDave.welcome.meta, cleared.event.meta);
  });

  it("closes a kicked member's sockets with 4010, removes the conversation from their inbox, and shuts them out after", async () => {
    const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol]);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const atCarol = await clients.enter(id, carol);
    const bobInbox = await clients.inbox(bob);
    const carolInbox = await clients.inbox(carol);

    const answer = await kick(atAlice.client, bob);
    assert.equal(answer.type, "done");
    assert.equal(answer.type === "done" && answer.conversationId, id);
    assert.equal((await atBob.client.expectClosed()).code, CLOSE_CODES.removed);
    await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id);

    for (const client of [atAlice.client, atCarol.client]) {
      const kicked = await client.frames.next(isMemberEvent("kicked", bob.userId), "bob kicked");
      assert.equal(kicked.event.actorId, alice.userId);
    }
    await carolInbox.summary(id, (summary) => summary.memberCount === 2);

    await assertShutOut(id, bob);
    await atCarol.client.frames.expectNone(isMessageEvent(), 100, "message");
    assert.deepEqual((await clients.inbox(bob)).listing.conversations, []);
  });

  it("shows a non-member no welcome and lets them store nothing: not_member and close 4003 at once", async () => {
    const [alice, bob, mallory] = [freshUser("alice"), freshUser("bob"), freshUser("mallory")];
    const id = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(id, alice);

    await assertShutOut(id, mallory);

    await atAlice.client.say("for members only");
    assert.equal((await atAlice.client.hello()).lastSeq, atAlice.welcome.lastSeq + 1, "only alice's message was stored");
  });
});

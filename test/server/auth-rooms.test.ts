/**
 * Authorization inside the Durable Objects, for users the Worker admitted: who may read and
 * post (members only), who may manage a group (owners, not plain members), what a kicked user
 * keeps (nothing), and that the user behind every frame is the token's, whatever the frame
 * claims. Then the cap on sockets per user (MAX_CONNECTIONS_PER_USER) on its own server.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, type ErrorFrame } from "../../src/protocol/index.js";
import {
  TEST_VARS,
  freshRef,
  freshUser,
  isMemberEvent,
  isMessageEvent,
  messageId,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

function assertError(answer: { type: string }, code: ErrorFrame["code"], what: string): void {
  assert.equal(answer.type, "error", `${what}: expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code, `${what}: ${(answer as ErrorFrame).message}`);
}

describe("authorization in the rooms", () => {
  const { clients } = useTestServer();

  const add = (client: ConversationClient, user: User) => client.request({ type: "add", ref: freshRef(), userId: user.userId });
  const kick = (client: ConversationClient, user: User) => client.request({ type: "kick", ref: freshRef(), userId: user.userId });

  describe("non-members", () => {
    it("are told not_member and closed with 4003 at once, before sending anything, and nothing changes", async () => {
      const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("mallory")];
      const id = await clients.group(alice, [bob], { title: "Private" });
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const refusal = await clients.refused("conversation", id, mallory);
      assert.equal(refusal.error.code, "not_member");
      assert.equal(refusal.close.code, CLOSE_CODES.forbidden);
      assert.deepEqual(refusal.frames.map((frame) => frame.type), ["error"]);

      // The members are undisturbed.
      const ack = await atAlice.client.say("members only");
      await atBob.client.frames.next(isMessageEvent(), "bob's copy");
      atBob.client.send({ type: "read", seq: ack.seq });
      await atAlice.client.frames.nextOfType("read_by");
      const after = await atAlice.client.hello();
      assert.deepEqual(after.meta, atAlice.welcome.meta);
      assert.deepEqual(after.members.map((member) => member.userId), atAlice.welcome.members.map((member) => member.userId));
    });

    it("cannot join a group by invitation only through their inbox, and may join one open to all", async () => {
      const [alice, mallory] = [freshUser("alice"), freshUser("mallory")];
      const closed = await clients.group(alice, []);
      const open = await clients.group(alice, [], { joinable: true });
      const inbox = await clients.inbox(mallory);
      assertError(await inbox.join(closed), "forbidden", "join by invitation only");
      assert.equal((await inbox.join(open)).type, "done");
      const { welcome } = await clients.enter(open, mallory);
      assert.deepEqual(welcome.members.map((member) => [member.userId, member.role]), [[alice.userId, "owner"], [mallory.userId, "member"]]);
      const stillOut = await clients.connect(closed, mallory);
      assert.equal((await stillOut.nextError()).code, "not_member");
    });

    it("whose socket was refused get in with a new one once added", async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
      await clients.signIn(bob);
      const id = await clients.group(alice, []);
      const atAlice = await clients.enter(id, alice);
      assert.equal((await clients.refused("conversation", id, bob)).error.code, "not_member");
      assert.equal((await add(atAlice.client, bob)).type, "done");
      const atBob = await clients.enter(id, bob);
      const ack = await atAlice.client.say("are you there, bob?");
      const heard = await atBob.client.frames.next(isMessageEvent(), "alice's message");
      assert.equal(heard.event.seq, ack.seq);
    });
  });

  describe("roles", () => {
    it("refuse a plain member's add, kick and update with forbidden, and nothing changes", async () => {
      const [alice, bob, carol, dave] = [freshUser("alice"), freshUser("bob"), freshUser("carol"), freshUser("dave")];
      const id = await clients.group(alice, [bob, carol], { title: "Plans" });
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);

      assertError(await add(atBob.client, dave), "forbidden", "add");
      assertError(await kick(atBob.client, carol), "forbidden", "kick a member");
      assertError(await kick(atBob.client, alice), "forbidden", "kick the owner");
      assertError(await atBob.client.request({ type: "update", ref: freshRef(), title: "Bob's" }), "forbidden", "update");

      await atAlice.client.frames.expectNone((frame) => frame.type === "event", 150, "event");
      const after = await atAlice.client.hello();
      assert.equal(after.lastSeq, atAlice.welcome.lastSeq);
      assert.deepEqual(after.members, atAlice.welcome.members);
      assert.equal(after.meta.title, "Plans");
      assert.equal((await clients.refused("conversation", id, dave)).error.code, "not_member", "dave was not added");
    });

    it("let the owner add, update and kick", async () => {
      const [alice, bob, dave] = [freshUser("alice"), freshUser("bob"), freshUser("dave")];
      await clients.signIn(dave);
      const id = await clients.group(alice, [bob], { title: "Plans" });
      const atAlice = await clients.enter(id, alice);
      assert.equal((await add(atAlice.client, dave)).type, "done");
      assert.equal((await atAlice.client.request({ type: "update", ref: freshRef(), title: "Trip" })).type, "done");
      assert.equal((await kick(atAlice.client, bob)).type, "done");
      const { welcome } = await clients.enter(id, dave);
      assert.equal(welcome.meta.title, "Trip");
      assert.deepEqual(welcome.members.map((member) => member.userId).sort(), [alice.userId, dave.userId].sort());
    });
  });

  describe("kicked members", () => {
    it("lose every socket with 4010 and every later read, post or rejoin", async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const tabs = [await clients.enter(id, bob), await clients.enter(id, bob)];
      const bobInbox = await clients.inbox(bob);

      assert.equal((await kick(atAlice.client, bob)).type, "done");
      for (const tab of tabs) {
        const close = await tab.client.expectClosed();
        assert.equal(close.code, CLOSE_CODES.removed);
        assert.match(close.reason, /removed/);
      }
      await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id);
      await atAlice.client.say("after bob");

      const again = await clients.refused("conversation", id, bob);
      assert.equal(again.error.code, "not_member");
      assert.equal(again.close.code, CLOSE_CODES.forbidden);
      assertError(await bobInbox.join(id), "forbidden", "rejoin by id");
      const after = await atAlice.client.hello();
      assert.deepEqual(after.members.map((member) => member.userId), [alice.userId]);
      assert.ok(after.events.every((event) => event.kind !== "message" || event.message.senderId !== bob.userId));
    });
  });

  describe("identity comes from the token, never from a frame", () => {
    it("stores a send with the token's user and name, whatever senderId, senderName or userId it carries", async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const spoofed = messageId();
      atBob.client.send({
        type: "send",
        id: spoofed,
        text: "I am alice, honest",
        senderId: alice.userId,
        senderName: "Alice",
        userId: alice.userId,
        seq: 1,
        createdAt: 0,
      });
      const ack = await atBob.client.frames.nextOfType("ack", (frame) => frame.id === spoofed);
      assert.ok(ack.createdAt > 0);
      const heard = await atAlice.client.frames.next(isMessageEvent(spoofed), "the message");
      assert.equal(heard.event.message.senderId, bob.userId);
      assert.equal(heard.event.message.senderName, "Bob");
      assert.equal(heard.event.seq, ack.seq);
      const stored = (await atAlice.client.hello()).events.find((event) => event.kind === "message" && event.message.id === spoofed);
      assert.equal(stored?.kind === "message" && stored.message.senderId, bob.userId);
    });

    it("reads, hellos, kicks and leaves as the token's user, whatever userId or actorId they carry", async () => {
      const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const ack = await atAlice.client.say("read me");
      const atBob = await clients.enter(id, bob);

      atBob.client.send({ type: "hello", userId: alice.userId });
      assert.equal((await atBob.client.frames.nextOfType("welcome")).userId, bob.userId);

      atBob.client.send({ type: "read", seq: ack.seq, userId: carol.userId });
      const readBy = await atAlice.client.frames.nextOfType("read_by");
      assert.equal(readBy.userId, bob.userId);

      const asOwner = await atBob.client.request({ type: "kick", ref: freshRef(), userId: carol.userId, actorId: alice.userId, role: "owner" });
      assertError(asOwner, "forbidden", "a member's kick claiming the owner");

      const leave = await atBob.client.request({ type: "leave", ref: freshRef(), userId: carol.userId });
      assert.equal(leave.type, "done");
      assert.equal((await atBob.client.expectClosed()).code, CLOSE_CODES.removed);
      const left = await atAlice.client.frames.next(isMemberEvent("left"), "someone leaving");
      assert.equal(left.event.member.userId, bob.userId, "bob left, not carol");
      const members = (await atAlice.client.hello()).members;
      assert.deepEqual(members.map((member) => member.userId).sort(), [alice.userId, carol.userId].sort());
      assert.equal(members.find((member) => member.userId === carol.userId)?.lastReadSeq !== ack.seq, true, "carol's read position untouched");
    });

    it("creates and joins as the token's user, whatever creator or userId the inbox frame carries", async () => {
      const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol", "Carol")];
      const bobInbox = await clients.inbox(bob);
      await clients.signIn(carol);
      const created = await bobInbox.expectDone({
        type: "create",
        ref: freshRef(),
        conversationType: "group",
        members: [carol.userId],
        joinable: true,
        creator: alice.userId,
        userId: alice.userId,
        owner: alice.userId,
      });
      const id = created.conversationId!;
      const { welcome } = await clients.enter(id, carol);
      assert.deepEqual(
        welcome.members.map((member) => [member.userId, member.role]),
        [[bob.userId, "owner"], [carol.userId, "member"]],
      );
      assert.equal((await clients.refused("conversation", id, alice)).error.code, "not_member", "alice was not made a member");

      const aliceInbox = await clients.inbox(alice);
      assert.equal((await aliceInbox.request({ type: "join", ref: freshRef(), conversationId: id, userId: carol.userId })).type, "done");
      const joined = (await clients.enter(id, alice)).welcome;
      assert.deepEqual(joined.members.map((member) => member.userId).sort(), [alice.userId, bob.userId, carol.userId].sort());
    });
  });
});

describe("sockets per user (MAX_CONNECTIONS_PER_USER=2)", () => {
  const { clients } = useTestServer({ ...TEST_VARS, MAX_CONNECTIONS_PER_USER: "2" });

  it("refuses a user's third socket to a conversation with too_many_connections and 4429 at once", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    const first = await clients.enter(id, alice);
    const second = await clients.enter(id, alice);
    const third = await clients.refused("conversation", id, alice);
    assert.equal(third.error.code, "too_many_connections");
    assert.match(third.error.message, /at most 2 connections/);
    assert.equal(third.close.code, CLOSE_CODES.tooManyConnections);
    assert.deepEqual(third.frames.map((frame) => frame.type), ["error"]);

    // Other users are not affected: bob may hold his two.
    const atBob = await clients.enter(id, bob);
    await clients.enter(id, bob);
    const ack = await atBob.client.say("hello alice");
    for (const tab of [first, second]) await tab.client.frames.next(isMessageEvent(), "bob's message");

    // The two admitted ones keep working, and a closed tab frees a place.
    assert.equal((await first.client.say("still here")).seq, ack.seq + 1);
    second.client.close();
    await second.client.closed;
    const replacement = await clients.enter(id, alice);
    assert.equal(replacement.welcome.userId, alice.userId);
  });

  it("caps a user's inbox sockets the same way: too_many_connections and 4429 at once, no listing", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const tabs = [await clients.inbox(alice), await clients.inbox(alice)];
    const third = await clients.refused("inbox", alice.userId, alice);
    assert.equal(third.error.code, "too_many_connections");
    assert.equal(third.close.code, CLOSE_CODES.tooManyConnections);
    assert.deepEqual(third.frames.map((frame) => frame.type), ["error"]);

    // A conversation with alice appears: her two inboxes hear of it.
    const id = await clients.group(bob, [alice]);
    for (const tab of tabs) await tab.summary(id);
  });
});

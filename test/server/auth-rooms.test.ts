/**
 * Authorization inside the Durable Objects, for users the Worker admitted: who may read and
 * post (members only), who may manage a group (owners, not plain members), what a kicked user
 * keeps (nothing), and that the user behind every frame is the token's, whatever the frame
 * claims. Then the cap on sockets per user (MAX_CONNECTIONS_PER_USER) on its own server.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, type ErrorFrame, type ServerFrame } from "../../src/protocol/index.js";
import {
  InboxClient,
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

const isConversationNews = (frame: ServerFrame) => frame.type === "event" || frame.type === "read_by" || frame.type === "welcome";

describe("authorization in the rooms", () => {
  const { clients } = useTestServer();

  const add = (client: ConversationClient, user: User) => client.request({ type: "add", ref: freshRef(), userId: user.userId });
  const kick = (client: ConversationClient, user: User) => client.request({ type: "kick", ref: freshRef(), userId: user.userId });

  describe("non-members", () => {
    it("get not_member at once and nothing of the conversation while their socket waits", async () => {
      const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("mallory")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const eavesdropper = await clients.connect(id, mallory);
      const told = await eavesdropper.nextError();
      assert.equal(told.code, "not_member");

      const ack = await atAlice.client.say("members only");
      await atBob.client.frames.next(isMessageEvent(), "bob's copy");
      atBob.client.send({ type: "read", seq: ack.seq });
      await atAlice.client.frames.nextOfType("read_by");
      await eavesdropper.frames.expectNone(isConversationNews, 200, "conversation frame");
      assert.deepEqual(eavesdropper.frames.received.map((frame) => frame.type), ["error"]);
    });

    const firstFrames: [string, (owner: User, intruder: User) => Record<string, unknown>][] = [
      ["hello", () => ({ type: "hello" })],
      ["hello since 0", () => ({ type: "hello", since: 0 })],
      ["send", () => ({ type: "send", id: messageId(), text: "let me in" })],
      ["read", () => ({ type: "read", seq: 1 })],
      ["add (of themselves)", (_owner, intruder) => ({ type: "add", ref: freshRef(), userId: intruder.userId })],
      ["kick (of the owner)", (owner) => ({ type: "kick", ref: freshRef(), userId: owner.userId })],
      ["update", () => ({ type: "update", ref: freshRef(), title: "Mallory's now" })],
      ["leave", () => ({ type: "leave", ref: freshRef() })],
      ["a frame of no known type", () => ({ type: "steal" })],
    ];
    for (const [what, frame] of firstFrames) {
      it(`are closed with 4003 on a first frame of ${what}, and nothing changes`, async () => {
        const [alice, mallory] = [freshUser("alice", "Alice"), freshUser("mallory")];
        const id = await clients.group(alice, [], { title: "Private" });
        const atAlice = await clients.enter(id, alice);
        const intruder = await clients.connect(id, mallory);
        await intruder.nextError();
        intruder.send(frame(alice, mallory));
        assert.equal((await intruder.nextError()).code, "not_member");
        assert.equal((await intruder.expectClosed()).code, CLOSE_CODES.forbidden);
        assert.deepEqual(intruder.frames.all((f) => f.type !== "error"), [], "no welcome, ack, done or event");

        await atAlice.client.frames.expectNone((f) => f.type === "event", 100, "event");
        const after = await atAlice.client.hello();
        assert.equal(after.lastSeq, atAlice.welcome.lastSeq, "nothing logged");
        assert.deepEqual(after.meta, atAlice.welcome.meta);
        assert.deepEqual(after.members, atAlice.welcome.members);
      });
    }

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

    it(
      "whose socket was refused get no welcome on it after being added: it is closed on its first frame, or gets live events",
      async () => {
        const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
        const id = await clients.group(alice, []);
        const atAlice = await clients.enter(id, alice);
        const early = await clients.connect(id, bob);
        assert.equal((await early.nextError()).code, "not_member");
        assert.equal((await add(atAlice.client, bob)).type, "done");

        early.send({ type: "hello" });
        const answer = await early.frames.next((frame) => frame.type === "welcome" || frame.type === "error", "welcome or error");
        if (answer.type === "error") {
          assert.equal((await early.expectClosed()).code, CLOSE_CODES.forbidden);
          return;
        }
        // Welcomed: then it must hear the conversation like any member's socket.
        const ack = await atAlice.client.say("are you there, bob?");
        const heard = await early.frames.next(isMessageEvent(), "alice's message", 1_000).catch(() => undefined);
        assert.ok(heard, `bob's welcomed socket missed message seq ${ack.seq}`);
      },
    );
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
      const atDave = await clients.connect(id, dave);
      assert.equal((await atDave.nextError()).code, "not_member", "dave was not added");
    });

    it("let the owner add, update and kick", async () => {
      const [alice, bob, dave] = [freshUser("alice"), freshUser("bob"), freshUser("dave")];
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

      for (const first of [{ type: "hello" }, { type: "send", id: messageId(), text: "still here?" }]) {
        const again = await clients.connect(id, bob);
        assert.equal((await again.nextError()).code, "not_member");
        again.send(first);
        assert.equal((await again.nextError()).code, "not_member");
        assert.equal((await again.expectClosed()).code, CLOSE_CODES.forbidden);
        assert.deepEqual(again.frames.all((frame) => frame.type !== "error"), [], `${first.type}: nothing but errors`);
      }
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
      const aliceIn = await clients.connect(id, alice);
      assert.equal((await aliceIn.nextError()).code, "not_member", "alice was not made a member");

      const aliceInbox = await clients.inbox(alice);
      assert.equal((await aliceInbox.request({ type: "join", ref: freshRef(), conversationId: id, userId: carol.userId })).type, "done");
      const joined = (await clients.enter(id, alice)).welcome;
      assert.deepEqual(joined.members.map((member) => member.userId).sort(), [alice.userId, bob.userId, carol.userId].sort());
    });
  });
});

describe("sockets per user (MAX_CONNECTIONS_PER_USER=2)", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, MAX_CONNECTIONS_PER_USER: "2" });

  it("tells a user's third socket to a conversation too_many_connections at once, sends it nothing, and closes it with 4429 on its first frame", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const id = await clients.group(alice, [bob]);
    const first = await clients.enter(id, alice);
    const second = await clients.enter(id, alice);
    const third = await clients.connect(id, alice);
    const told = await third.nextError();
    assert.equal(told.code, "too_many_connections");
    assert.match(told.message, /at most 2 connections/);

    // Other users are not affected: bob may hold his two.
    const atBob = await clients.enter(id, bob);
    await clients.enter(id, bob);
    const ack = await atBob.client.say("hello alice");
    for (const tab of [first, second]) await tab.client.frames.next(isMessageEvent(), "bob's message");
    await third.frames.expectNone(isConversationNews, 200, "conversation frame");

    third.send({ type: "hello" });
    assert.equal((await third.nextError()).code, "too_many_connections");
    assert.equal((await third.expectClosed()).code, CLOSE_CODES.tooManyConnections);
    assert.deepEqual(third.frames.all((frame) => frame.type !== "error"), []);

    // The two admitted ones keep working, and a closed tab frees a place.
    assert.equal((await first.client.say("still here")).seq, ack.seq + 1);
    second.client.close();
    await second.client.closed;
    const replacement = await clients.enter(id, alice);
    assert.equal(replacement.welcome.userId, alice.userId);
  });

  it("caps a user's inbox sockets the same way: too_many_connections, no listing, close 4429 on the first frame", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
    const tabs = [await clients.inbox(alice), await clients.inbox(alice)];
    const third = clients.track(new InboxClient(server().host, alice));
    await third.opened();
    assert.equal((await third.nextError()).code, "too_many_connections");

    // A conversation with alice appears: her two inboxes hear of it, the third does not.
    const id = await clients.group(bob, [alice]);
    for (const tab of tabs) await tab.summary(id);
    await third.frames.expectNone((frame) => frame.type !== "error", 200, "inbox frame");

    third.send({ type: "join", ref: freshRef(), conversationId: id });
    assert.equal((await third.nextError()).code, "too_many_connections");
    assert.equal((await third.expectClosed()).code, CLOSE_CODES.tooManyConnections);
    assert.deepEqual(third.frames.all((frame) => frame.type !== "error"), []);
    await clients.inbox(bob);
  });
});

/**
 * Creating and joining conversations through the inbox socket (issue #4, server side): the
 * one-to-one pair rule, groups with title, avatar, metadata and members, ids that are taken,
 * and joining a group by its id.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConversationSummary, ErrorFrame } from "../../src/protocol/index.js";
import { directConversationId } from "../../src/server/direct-id.js";
import {
  freshConversationId,
  freshUser,
  isMemberEvent,
  TEST_VARS,
  useTestServer,
  type InboxClient,
  type User,
} from "../support/server-clients.js";

/** A summary without the time it changed, which tests cannot know. */
const withoutTime = ({ updatedAt: _, ...rest }: ConversationSummary) => rest;

function assertRefused(answer: { type: string }, code: ErrorFrame["code"]): void {
  assert.equal(answer.type, "error", `expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code, (answer as ErrorFrame).message);
}

describe("creating and joining conversations", () => {
  const { server, clients } = useTestServer();

  it("gives a pair of people one one-to-one conversation, whoever opens it and however often", async () => {
    const alice = freshUser("alice", "Alice");
    const bob = freshUser("bob", "Bob");
    const aliceInbox = await clients.inbox(alice);
    const bobInbox = await clients.inbox(bob);

    const first = await aliceInbox.create({ conversationType: "direct", members: [bob.userId] });
    assert.equal(first, await directConversationId(alice.userId, bob.userId));
    // Bob's inbox knows the name he connects with, so the conversation is titled by it at once.
    assert.equal((await aliceInbox.summary(first)).title, "Bob");
    // Bob's list gets the row once he opens it too (or once it holds a message: direct-lists.test.ts).
    assert.equal(await bobInbox.create({ conversationType: "direct", members: [alice.userId] }), first);
    assert.deepEqual(withoutTime(await bobInbox.summary(first)), {
      id: first,
      type: "direct",
      title: "Alice",
      // Alice has her conversation list open.
      peer: { userId: alice.userId, name: "Alice", online: true },
      memberCount: 2,
      unread: 0,
      unreadMentions: 0,
    });

    assert.equal(await aliceInbox.create({ conversationType: "direct", members: [bob.userId] }), first);
    assert.equal(await bobInbox.create({ conversationType: "direct", members: [alice.userId] }), first);

    const { welcome } = await clients.enter(first, bob);
    assert.equal(welcome.meta.type, "direct");
    assert.equal(welcome.meta.joinable, false);
    assert.deepEqual(
      welcome.members.map(({ userId, name, role }) => ({ userId, name, role })).sort((a, b) => a.userId.localeCompare(b.userId)),
      [
        { userId: alice.userId, name: "Alice", role: "member" },
        { userId: bob.userId, name: "Bob", role: "member" },
      ],
    );
    // Opening it again logged nothing: meta and the two members, named from the start.
    assert.deepEqual(
      welcome.events.map((event) => (event.kind === "member" ? `${event.op} ${event.member.userId}` : event.kind)),
      ["meta", `added ${alice.userId}`, `added ${bob.userId}`],
    );
    const named = await aliceInbox.summary(first, (summary) => summary.title === "Bob");
    assert.deepEqual(named.peer, { userId: bob.userId, name: "Bob", online: true });

    for (const [user, title] of [[alice, "Bob"], [bob, "Alice"]] as const) {
      const { listing } = await clients.inbox(user);
      assert.deepEqual(
        listing.conversations.map(({ id, title, memberCount }) => ({ id, title, memberCount })),
        [{ id: first, title, memberCount: 2 }],
        `${user.userId}'s inbox holds the conversation once`,
      );
    }
  });

  it("creates a group with title, avatar, metadata and members, and puts it in every member's inbox", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
    const inboxes = [await clients.inbox(alice), await clients.inbox(bob), await clients.inbox(carol)];
    const id = freshConversationId("c_club");
    const spec = {
      title: "Book club",
      avatar: "https://example.com/club.png",
      metadata: { topic: "books", weekly: true, seats: 12 },
    };
    const created = await inboxes[0]!.create({ conversationType: "group", id, members: [bob.userId, carol.userId], ...spec });
    assert.equal(created, id);

    for (const inbox of inboxes) {
      assert.deepEqual(withoutTime(await inbox.summary(id)), {
        id,
        type: "group",
        title: "Book club",
        avatar: spec.avatar,
        memberCount: 3,
        unread: 0,
        unreadMentions: 0,
      });
    }

    const { welcome } = await clients.enter(id, alice);
    assert.deepEqual(welcome.meta, {
      id,
      type: "group",
      ...spec,
      joinable: false,
      createdAt: welcome.meta.createdAt,
    });
    const roleOf = Object.fromEntries(welcome.members.map((member) => [member.userId, member.role]));
    assert.deepEqual(roleOf, { [alice.userId]: "owner", [bob.userId]: "member", [carol.userId]: "member" });
    assert.deepEqual(welcome.events[0], { kind: "meta", seq: 1, meta: welcome.meta, actorId: alice.userId, at: welcome.meta.createdAt });
    assert.deepEqual(
      welcome.events.slice(1).map((event) => event.kind === "member" && [event.op, event.member.userId, event.member.role, event.actorId]),
      [
        ["added", alice.userId, "owner", alice.userId],
        ["added", bob.userId, "member", alice.userId],
        ["added", carol.userId, "member", alice.userId],
      ],
    );
  });

  it("titles an untitled group by the other members' names and gives it a random id", async () => {
    const owner = freshUser("owner", "Olive");
    const others = [freshUser("m1"), freshUser("m2"), freshUser("m3"), freshUser("m4")];
    const ownerInbox = await clients.inbox(owner);
    const firstInbox = await clients.inbox(others[0]!);
    const id = await ownerInbox.create({ conversationType: "group", members: others.map((user) => user.userId) });
    assert.match(id, /^g_[0-9a-f]{32}$/);

    const { welcome } = await clients.enter(id, owner);
    const namesBesides = (userId: string) => welcome.members.filter((member) => member.userId !== userId).map((member) => member.name);
    const ownerSees = namesBesides(owner.userId);
    assert.equal((await ownerInbox.summary(id)).title, `${ownerSees.slice(0, 3).join(", ")} +1`);
    const firstSees = namesBesides(others[0]!.userId);
    assert.ok(firstSees.includes("Olive"));
    assert.equal((await firstInbox.summary(id)).title, `${firstSees.slice(0, 3).join(", ")} +1`);

    const loner = freshUser("loner");
    const lonerInbox = await clients.inbox(loner);
    const alone = await lonerInbox.create({ conversationType: "group", members: [] });
    assert.equal((await lonerInbox.summary(alone)).title, "Just you");
  });

  it("refuses to create a group under an id that exists, and changes nothing", async () => {
    const [alice, bob, mallory] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("mallory")];
    const id = freshConversationId("c_taken");
    await clients.group(alice, [bob], { id, title: "First" });

    const malloryInbox = await clients.inbox(mallory);
    assertRefused(await malloryInbox.tryCreate({ conversationType: "group", id, members: [], title: "Second" }), "exists");
    const aliceInbox = await clients.inbox(alice);
    assertRefused(await aliceInbox.tryCreate({ conversationType: "group", id, members: [mallory.userId] }), "exists");

    const { welcome } = await clients.enter(id, alice);
    assert.equal(welcome.meta.title, "First");
    assert.equal(welcome.lastSeq, 3);
    assert.deepEqual(welcome.members.map((member) => member.userId).sort(), [alice.userId, bob.userId].sort());
    await malloryInbox.frames.expectNone((frame) => frame.type === "summary", 200, "summary");
    assert.deepEqual((await clients.inbox(mallory)).listing.conversations, []);
  });

  it("names a member by their id until they have ever connected", async () => {
    const alice = freshUser("alice", "Alice");
    const stranger = freshUser("stranger");
    const aliceInbox = await clients.inbox(alice);
    const id = await aliceInbox.create({ conversationType: "direct", members: [stranger.userId] });
    assert.equal((await aliceInbox.summary(id)).title, stranger.userId);
  });

  it("keeps the ids the host's backend will use out of a widget's reach, and the widgets' out of the backend's", async () => {
    const [mallory, alice] = [freshUser("mallory"), freshUser("alice")];
    const hostId = freshConversationId("support");
    const squat = await (await clients.inbox(mallory)).tryCreate({ conversationType: "group", id: hostId, members: [], title: "Mine now" });
    assertRefused(squat, "bad_frame");
    assert.match((squat as ErrorFrame).message, /starts with c_/);

    const api = (body: object) =>
      fetch(`${server().server.url}/api/v1/conversations`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const created = await api({ type: "group", id: hostId, members: [{ userId: alice.userId, role: "owner" }] });
    assert.equal(created.status, 201, await created.clone().text());
    const { welcome } = await clients.enter(hostId, alice);
    assert.deepEqual(welcome.members.map((member) => member.userId), [alice.userId], "only the backend's members");
    const widgetsId = await clients.group(alice, [], { id: freshConversationId("c_alice") });
    const taken = await api({ type: "group", id: freshConversationId("c_backend"), members: [{ userId: alice.userId }] });
    assert.equal(taken.status, 400);
    assert.match(await taken.text(), /named by widgets/);
    assert.ok(widgetsId.startsWith("c_"));
  });

  it(
    "keeps a pair's one-to-one id out of reach of groups",
    async () => {
      const [alice, bob, mallory] = [freshUser("alice"), freshUser("bob"), freshUser("mallory")];
      const directId = await directConversationId(alice.userId, bob.userId);
      const malloryInbox = await clients.inbox(mallory);
      const squat = await malloryInbox.tryCreate({ conversationType: "group", id: directId, members: [], title: "Gotcha" });
      assert.equal(squat.type, "error", "a group may not take a one-to-one id");

      const aliceInbox = await clients.inbox(alice);
      const answer = await aliceInbox.tryCreate({ conversationType: "direct", members: [bob.userId] });
      if (answer.type === "done") {
        const { welcome } = await clients.enter(answer.conversationId!, alice);
        assert.equal(welcome.meta.type, "direct");
        assert.deepEqual(welcome.members.map((member) => member.userId).sort(), [alice.userId, bob.userId].sort());
      }
    },
  );

  describe("joining by id", () => {
    async function group(owner: User, spec: { joinable?: boolean; title?: string } = {}): Promise<string> {
      return clients.group(owner, [], { id: freshConversationId("c_g"), ...spec });
    }

    it("lets anyone join a joinable group, once, and tells its members", async () => {
      const alice = freshUser("alice", "Alice");
      const dave = freshUser("dave", "Dave");
      const id = await group(alice, { joinable: true, title: "Open house" });
      const atAlice = await clients.enter(id, alice);
      assert.equal(atAlice.welcome.meta.joinable, true);

      const daveInbox = await clients.inbox(dave);
      const done = await daveInbox.join(id);
      assert.equal(done.type, "done");
      assert.equal(done.type === "done" && done.conversationId, id);
      assert.deepEqual(withoutTime(await daveInbox.summary(id)), {
        id,
        type: "group",
        title: "Open house",
        memberCount: 2,
        unread: 0,
        unreadMentions: 0,
      });
      const joined = await atAlice.client.frames.next(isMemberEvent("joined", dave.userId), "dave joining");
      const { at, member, ...change } = joined.event;
      assert.deepEqual(change, { kind: "member", seq: atAlice.welcome.lastSeq + 1, op: "joined", actorId: dave.userId });
      // History from before joining is there to read but does not count as unread.
      assert.deepEqual(member, { userId: dave.userId, name: "Dave", role: "member", lastReadSeq: joined.event.seq, joinedAt: at });

      const atDave = await clients.enter(id, dave);
      assert.ok(atDave.welcome.members.some((member) => member.userId === dave.userId));

      // Joining again is a no-op that succeeds.
      assert.equal((await daveInbox.join(id)).type, "done");
      const aboutDave = isMemberEvent(undefined, dave.userId);
      await atAlice.client.frames.expectNone((frame) => aboutDave(frame) && frame.event.seq !== joined.event.seq, 200, "second member event");
      assert.equal((await atAlice.client.hello()).lastSeq, joined.event.seq);
    });

    it("refuses to join a group that is not joinable (forbidden), a one-to-one conversation (forbidden) or an unknown id (not_found)", async () => {
      const [alice, bob, dave] = [freshUser("alice"), freshUser("bob"), freshUser("dave")];
      const closed = await group(alice);
      const direct = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });
      const atAlice = await clients.enter(closed, alice);

      const daveInbox: InboxClient = await clients.inbox(dave);
      assertRefused(await daveInbox.join(closed), "forbidden");
      assertRefused(await daveInbox.join(direct), "forbidden");
      assertRefused(await daveInbox.join(freshConversationId("nowhere")), "not_found");

      await atAlice.client.frames.expectNone(isMemberEvent(), 200, "member event");
      assert.equal((await atAlice.client.hello()).lastSeq, atAlice.welcome.lastSeq);
      assert.deepEqual(daveInbox.frames.all((frame) => frame.type === "summary"), []);
      const atDave = await clients.connect(closed, dave);
      assert.equal((await atDave.nextError()).code, "not_member");
    });
  });
});

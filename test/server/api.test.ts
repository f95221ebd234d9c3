/**
 * The server API (issue #9): the host backend's JSON endpoints under /api/v1, against a real
 * wrangler dev. Every change made through it must reach open widgets' sockets exactly as if a
 * member had made it: the same event, under the next seq.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CLOSE_CODES, type ConversationMeta, type EventFrame, type Member, type StoredMessage } from "../../src/protocol/index.js";
import {
  TEST_VARS,
  freshConversationId,
  freshRef,
  freshUser,
  isMemberEvent,
  isMessageEvent,
  isMetaEvent,
  messageId,
  useTestServer,
  type MemberChange,
  type User,
} from "../support/server-clients.js";

interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

type MemberEventFrame = EventFrame & { event: MemberChange };

interface ConversationView {
  conversation: ConversationMeta;
  members: Member[];
  lastSeq: number;
}

describe("server API", () => {
  const { server, clients } = useTestServer();

  async function api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    { key = TEST_VARS.API_KEY, headers = {} }: { key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(`${server().server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** A group made through the API, with `owner` as its owner and `others` as members. */
  async function apiGroup(owner: User, others: User[], extra: Record<string, unknown> = {}): Promise<string> {
    const id = freshConversationId("api");
    const answer = await api<ConversationView>("POST", "/conversations", {
      type: "group",
      id,
      title: "Made by the backend",
      members: [{ userId: owner.userId, role: "owner" }, ...others.map((user) => ({ userId: user.userId }))],
      ...extra,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return id;
  }

  describe("access", () => {
    it("refuses a request without a key, or with a wrong one, with 401", async () => {
      const missing = await api("GET", "/users/nobody", undefined, { key: null });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error.code, "unauthorized");
      const wrong = await api("GET", "/users/nobody", undefined, { key: "not-the-key" });
      assert.equal(wrong.status, 401);
      const nearlyRight = await api("GET", "/users/nobody", undefined, { key: `${TEST_VARS.API_KEY}x` });
      assert.equal(nearlyRight.status, 401);
    });

    it("refuses a request carrying an Origin header, even with the right key, and never sends CORS headers", async () => {
      const fromPage = await api("GET", "/users/nobody", undefined, { headers: { origin: "https://example.com" } });
      assert.equal(fromPage.status, 403);
      assert.equal(fromPage.body.error.code, "browser_refused");
      assert.equal(fromPage.headers.get("access-control-allow-origin"), null);
      const preflight = await fetch(`${server().server.url}/api/v1/users/nobody`, {
        method: "OPTIONS",
        headers: { origin: "https://example.com", "access-control-request-method": "PUT" },
      });
      await preflight.body?.cancel();
      assert.equal(preflight.headers.get("access-control-allow-origin"), null);
      assert.equal(preflight.headers.get("access-control-allow-headers"), null);
    });

    it("answers unknown routes with 404 and malformed bodies with 400 saying what is wrong", async () => {
      assert.equal((await api("GET", "/nothing-here")).status, 404);
      const notJson = await fetch(`${server().server.url}/api/v1/conversations`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
        body: "{nope",
      });
      assert.equal(notJson.status, 400);
      const badType = await api("POST", "/conversations", { type: "party", members: [{ userId: "a" }] });
      assert.equal(badType.status, 400);
      assert.match(badType.body.error.message, /type/);
      const badRole = await api("PUT", `/conversations/${freshConversationId()}/members/bob`, { role: "king" });
      assert.equal(badRole.status, 400);
      const both = await api("POST", `/conversations/${freshConversationId()}/messages`, { userId: "a", system: true, text: "hi" });
      assert.equal(both.status, 400);
      const bigLimit = await api("GET", `/conversations/${freshConversationId()}/messages?limit=101`);
      assert.equal(bigLimit.status, 400);
      const badUser = await api("PUT", "/users/has%20space", { name: "X" });
      assert.equal(badUser.status, 400);
    });
  });

  describe("users", () => {
    it("upserts a user's profile, which conversations show live as a member update", async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob", "Bob")];
      const id = await clients.group(alice, [bob]);
      const { client: atAlice } = await clients.enter(id, alice);
      await clients.enter(id, bob);

      const answer = await api("PUT", `/users/${bob.userId}`, { name: "Robert", avatar: "https://example.com/bob.png", metadata: { plan: "pro" } });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { id: bob.userId, name: "Robert", avatar: "https://example.com/bob.png", metadata: { plan: "pro" } });
      // Bob's own socket renamed him once already, to the name in his token.
      const renamed = await atAlice.frames.next(
        (frame): frame is MemberEventFrame => isMemberEvent("updated", bob.userId)(frame) && frame.event.member.name === "Robert",
        "bob renamed",
      );
      assert.equal(renamed.event.member.avatar, "https://example.com/bob.png");

      const read = await api("GET", `/users/${bob.userId}`);
      assert.deepEqual(read.body, answer.body);
      assert.equal((await api("GET", `/users/${freshUser("ghost").userId}`)).status, 404);
    });

    it("gives a user added later the name the API set", async () => {
      const carol = freshUser("carol");
      await api("PUT", `/users/${carol.userId}`, { name: "Carol C." });
      const owner = freshUser("owner");
      const id = await apiGroup(owner, [carol]);
      const view = await api<ConversationView>("GET", `/conversations/${id}`);
      assert.equal(view.body.members.find((member) => member.userId === carol.userId)?.name, "Carol C.");
    });

    it("lists a user's conversations with unread counts", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      for (const text of ["one", "two", "three"]) {
        assert.equal((await api("POST", `/conversations/${id}/messages`, { userId: alice.userId, text })).status, 201);
      }
      let listed: { id: string; unread: number; lastMessage?: { text: string } } | undefined;
      // Inboxes are updated just after the change; wait for the last one to land.
      for (let tries = 0; tries < 50 && listed?.unread !== 3; tries++) {
        const answer = await api("GET", `/users/${bob.userId}/conversations`);
        listed = answer.body.conversations.find((summary: { id: string }) => summary.id === id);
        if (listed?.unread !== 3) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(listed?.unread, 3);
      assert.equal(listed?.lastMessage?.text, "three");
      const aliceList = await api("GET", `/users/${alice.userId}/conversations`);
      assert.equal(aliceList.body.conversations.find((summary: { id: string }) => summary.id === id)?.unread, 0);
    });
  });

  describe("conversations", () => {
    it("creates a group with roles, which appears live in members' lists", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const bobInbox = await clients.inbox(bob);
      const id = freshConversationId("api");
      const created = await api<ConversationView>("POST", "/conversations", {
        type: "group",
        id,
        title: "Support",
        metadata: { ticket: 42 },
        members: [
          { userId: alice.userId, role: "owner" },
          { userId: bob.userId, role: "admin" },
          { userId: carol.userId },
        ],
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.conversation.title, "Support");
      assert.deepEqual(
        created.body.members.map((member) => [member.userId, member.role]),
        [[alice.userId, "owner"], [bob.userId, "admin"], [carol.userId, "member"]],
      );
      const summary = await bobInbox.summary(id);
      assert.equal(summary.title, "Support");
      assert.equal(summary.memberCount, 3);

      const again = await api("POST", "/conversations", { type: "group", id, members: [{ userId: alice.userId }] });
      assert.equal(again.status, 409);
      const fetched = await api<ConversationView>("GET", `/conversations/${id}`);
      assert.deepEqual(fetched.body, created.body);
      assert.equal((await api("GET", `/conversations/${freshConversationId()}`)).status, 404);
    });

    it("creates a one-to-one conversation under the pair's own id", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const created = await api<ConversationView>("POST", "/conversations", {
        type: "direct",
        members: [{ userId: alice.userId }, { userId: bob.userId }],
      });
      assert.equal(created.status, 201);
      const id = created.body.conversation.id;
      assert.match(id, /^dm_/);
      const fromWidget = await clients.create(bob, { conversationType: "direct", members: [alice.userId] });
      assert.equal(fromWidget, id);
      const three = await api("POST", "/conversations", { type: "direct", members: [{ userId: "a" }, { userId: "b" }, { userId: "c" }] });
      assert.equal(three.status, 400);
    });

    it("updates a conversation: members see the meta event under the next seq", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client, welcome } = await clients.enter(id, bob);
      const answer = await api<ConversationView>("PATCH", `/conversations/${id}`, { title: "Renamed", metadata: { color: "teal" } });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.conversation.title, "Renamed");
      const event = await client.frames.next(isMetaEvent, "meta change");
      assert.equal(event.event.seq, welcome.lastSeq + 1);
      assert.equal(event.event.meta.title, "Renamed");
      assert.deepEqual(event.event.meta.metadata, { color: "teal" });
      assert.equal(answer.body.lastSeq, event.event.seq);
    });

    it("deletes a conversation: members' sockets close, it leaves their lists, and it is gone", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client } = await clients.enter(id, bob);
      const bobInbox = await clients.inbox(bob);
      const answer = await api("DELETE", `/conversations/${id}`);
      assert.equal(answer.status, 200);
      assert.equal((await client.expectClosed()).code, CLOSE_CODES.removed);
      await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id);
      assert.equal((await api("GET", `/conversations/${id}`)).status, 404);
      assert.equal((await api("DELETE", `/conversations/${id}`)).status, 404);
      const again = await clients.connect(id, bob);
      assert.equal((await again.nextError()).code, "not_found");
    });
  });

  describe("members", () => {
    it("adds a member live, and makes an admin who may then remove members from the widget", async () => {
      const [alice, bob, carol, dave] = [freshUser("alice"), freshUser("bob"), freshUser("carol"), freshUser("dave")];
      const id = await apiGroup(alice, [bob, carol]);
      const { client: atAlice, welcome } = await clients.enter(id, alice);
      const { client: atBob } = await clients.enter(id, bob);

      const refusedKick = await atBob.request({ type: "kick", ref: freshRef(), userId: carol.userId });
      assert.equal(refusedKick.type, "error");

      const promoted = await api("PUT", `/conversations/${id}/members/${bob.userId}`, { role: "admin" });
      assert.equal(promoted.status, 200);
      assert.equal(promoted.body.member.role, "admin");
      const updated = await atAlice.frames.next(isMemberEvent("updated", bob.userId), "bob promoted");
      assert.equal(updated.event.member.role, "admin");
      assert.equal(updated.event.seq, welcome.lastSeq + 1);

      const added = await api("PUT", `/conversations/${id}/members/${dave.userId}`, {});
      assert.equal(added.status, 201);
      assert.equal(added.body.member.role, "member");
      const addedEvent = await atAlice.frames.next(isMemberEvent("added", dave.userId), "dave added");
      assert.equal(addedEvent.event.seq, updated.event.seq + 1);

      const { client: atCarol } = await clients.enter(id, carol);
      const kicked = await atBob.request({ type: "kick", ref: freshRef(), userId: carol.userId });
      assert.equal(kicked.type, "done");
      assert.equal((await atCarol.expectClosed()).code, CLOSE_CODES.removed);
    });

    it("removes a member: their sockets close and the others see them kicked", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client: atAlice } = await clients.enter(id, alice);
      const { client: atBob } = await clients.enter(id, bob);
      const bobInbox = await clients.inbox(bob);
      const answer = await api("DELETE", `/conversations/${id}/members/${bob.userId}`);
      assert.equal(answer.status, 200);
      assert.equal((await atBob.expectClosed()).code, CLOSE_CODES.removed);
      const kicked = await atAlice.frames.next(isMemberEvent("kicked", bob.userId), "bob removed");
      assert.equal(kicked.event.actorId, "confab:api");
      await bobInbox.frames.nextOfType("removed", (frame) => frame.conversationId === id);
      assert.equal((await api("DELETE", `/conversations/${id}/members/${bob.userId}`)).status, 404);
    });
  });

  describe("messages", () => {
    it("posts as a member: others see the message live with its seq, and a retry with the same id stores it once", async () => {
      const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client: atBob, welcome } = await clients.enter(id, bob);
      const id1 = messageId();
      const posted = await api<{ message: StoredMessage; created: boolean }>("POST", `/conversations/${id}/messages`, {
        id: id1,
        userId: alice.userId,
        text: "from the backend",
        metadata: { source: "crm" },
      });
      assert.equal(posted.status, 201);
      const event = await atBob.frames.next(isMessageEvent(id1), "posted message");
      assert.equal(event.event.seq, welcome.lastSeq + 1);
      assert.deepEqual(event.event.message, posted.body.message);
      assert.equal(event.event.message.senderId, alice.userId);
      assert.equal(event.event.message.system, undefined);

      const retried = await api("POST", `/conversations/${id}/messages`, { id: id1, userId: alice.userId, text: "from the backend" });
      assert.equal(retried.status, 200);
      assert.equal(retried.body.message.seq, event.event.seq);
      const stranger = await api("POST", `/conversations/${id}/messages`, { userId: freshUser("eve").userId, text: "hi" });
      assert.equal(stranger.status, 404);
      assert.equal(stranger.body.error.code, "not_member");

      const ack = await atBob.say("and back");
      assert.equal(ack.seq, event.event.seq + 1);
    });

    it("posts with mentions: kept for the members the text names, and counted in their list row", async () => {
      const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
      // Named through the API, so "@Bob" names him; carol goes by her id.
      assert.equal((await api("PUT", `/users/${bob.userId}`, { name: "Bob" })).status, 200);
      const id = await apiGroup(alice, [bob, carol]);
      const bobsList = await clients.inbox(bob);
      const posted = await api<{ message: StoredMessage }>("POST", `/conversations/${id}/messages`, {
        userId: alice.userId,
        text: `@Bob and @${carol.userId}, see the invoice`,
        mentions: [bob.userId, carol.userId, freshUser("eve").userId],
      });
      assert.equal(posted.status, 201);
      assert.deepEqual(posted.body.message.mentions, [bob.userId, carol.userId], "a non-member is dropped");
      await bobsList.summary(id, (summary) => summary.unread === 1);
      const list = await api<{ conversations: { id: string; unread: number; unreadMentions: number }[] }>("GET", `/users/${bob.userId}/conversations`);
      const row = list.body.conversations.find((conversation) => conversation.id === id);
      assert.deepEqual([row?.unread, row?.unreadMentions], [1, 1]);
      const tooMany = await api("POST", `/conversations/${id}/messages`, {
        userId: alice.userId,
        text: "@Bob",
        mentions: Array.from({ length: 51 }, (_, i) => `user${i}`),
      });
      assert.equal(tooMany.status, 400);
      assert.match(tooMany.body.error.message, /mentions/);
    });

    it("posts a system message, from no member, marked system", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client: atAlice } = await clients.enter(id, alice);
      const posted = await api("POST", `/conversations/${id}/messages`, { system: true, text: "Your order has shipped" });
      assert.equal(posted.status, 201);
      const event = await atAlice.frames.next(isMessageEvent(posted.body.message.id), "system message");
      assert.equal(event.event.message.system, true);
      assert.equal(event.event.message.senderId, "");
      assert.equal(event.event.message.text, "Your order has shipped");
    });

    it("lists messages with the widget's cursor pagination", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const seqs: number[] = [];
      for (let i = 1; i <= 5; i++) {
        const posted = await api("POST", `/conversations/${id}/messages`, { userId: i % 2 ? alice.userId : bob.userId, text: `m${i}` });
        seqs.push(posted.body.message.seq);
      }
      const newest = await api("GET", `/conversations/${id}/messages?limit=2`);
      assert.deepEqual(newest.body.messages.map((message: StoredMessage) => message.text), ["m4", "m5"]);
      assert.equal(newest.body.hasMore, true);
      const older = await api("GET", `/conversations/${id}/messages?limit=2&before=${seqs[3]}`);
      assert.deepEqual(older.body.messages.map((message: StoredMessage) => message.text), ["m2", "m3"]);
      assert.equal(older.body.hasMore, true);
      const oldest = await api("GET", `/conversations/${id}/messages?limit=100&before=${seqs[1]}`);
      assert.deepEqual(oldest.body.messages.map((message: StoredMessage) => message.text), ["m1"]);
      assert.equal(oldest.body.hasMore, false);
      const newer = await api("GET", `/conversations/${id}/messages?after=${seqs[2]}&limit=1`);
      assert.deepEqual(newer.body.messages.map((message: StoredMessage) => message.text), ["m4"]);
      assert.equal(newer.body.hasMore, true);
      assert.equal((await api("GET", `/conversations/${id}/messages?before=1&after=2`)).status, 400);
    });

    it("deletes a message: members see the deletion live", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await apiGroup(alice, [bob]);
      const { client: atAlice } = await clients.enter(id, alice);
      const ack = await atAlice.say("regrettable");
      const answer = await api("DELETE", `/conversations/${id}/messages/${ack.id}`);
      assert.equal(answer.status, 200);
      const change = await atAlice.frames.next(
        (frame) => frame.type === "event" && frame.event.kind === "change" && frame.event.op === "deleted",
        "deletion",
      );
      assert.ok(change.type === "event" && change.event.kind === "change");
      assert.equal(change.event.seq, ack.seq + 1);
      assert.equal(change.event.message.text, "");
      assert.equal((await api("DELETE", `/conversations/${id}/messages/${messageId()}`)).status, 404);
    });
  });
});

/**
 * The server API's host-side control of users (issue #18), against a real wrangler dev: listing
 * and searching everyone in the directory, deleting a user (from their groups and one-to-ones,
 * their Inbox and the directory, with their messages when asked), and the directory learning
 * the members of conversations made before it existed. Every attack or edge also checks that a
 * good member of the same room is unharmed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CLOSE_CODES, type PeopleFrame, type StoredMessage } from "../../src/protocol/index.js";
import { d1Files, editDatabase, objectFiles, openDatabase } from "../support/sqlite-files.js";
import {
  freshUserId,
  isMemberEvent,
  isMessageEvent,
  messageId,
  restartTestServer,
  useTestServer,
  type ConversationClient,
  type InboxClient,
  type User,
} from "../support/server-clients.js";
import { apiOf } from "../support/server-api.js";


interface UsersPage {
  users: { id: string; name: string; avatar?: string }[];
  next?: string;
}

/** Letters no other test's names hold, so a search finds only this test's people. */
const freshWord = (): string => `q${randomBytes(4).toString("hex").replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** Polls `read` until `done` holds for its value (the directory is written off the reply path). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

const foundIds = (answer: PeopleFrame | { type: "error" }): string[] => {
  if (answer.type !== "people") throw new Error(`search refused: ${JSON.stringify(answer)}`);
  return answer.people.map((person) => person.id);
};

/** Sends a message and checks `others` each get it live. */
async function chatWorks(from: ConversationClient, others: ConversationClient[]): Promise<void> {
  const id = messageId();
  from.send({ type: "send", id, text: "still here" });
  await from.frames.nextOfType("ack", (ack) => ack.id === id);
  await Promise.all(others.map((other) => other.frames.next(isMessageEvent(id), `message ${id}`)));
}

describe("server API: users", () => {
  const { server, clients } = useTestServer();
  const api = apiOf(server);

  async function register(user: User, name: string, avatar?: string): Promise<void> {
    const answer = await api("PUT", `/users/${user.userId}`, { name, ...(avatar ? { avatar } : {}) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }

  /** Every page of `GET /users` with `query`, `limit` at a time. */
  async function allPages(query: string, limit: number): Promise<UsersPage["users"]> {
    const users: UsersPage["users"] = [];
    let cursor: string | undefined;
    do {
      const answer = await api<UsersPage>("GET", `/users?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.body.users.length <= limit);
      users.push(...answer.body.users);
      cursor = answer.body.next;
    } while (cursor);
    return users;
  }

  describe("listing", () => {
    it("lists and searches every user once, by name, page by page, though nobody shares a conversation", async () => {
      const word = freshWord();
      // Names in an order their ids do not share: the list is by name.
      const people = ["Delta", "alpha", "Charlie", "Bravo", "Echo", "Foxtrot", "Golf"].map((name) => ({ user: { userId: freshUserId(name.toLowerCase().slice(0, 3)) }, name: `${name} ${word}` }));
      await Promise.all(people.slice(1).map(({ user, name }) => register(user, name)));
      // One signs in instead, with an avatar in their token's profile given by the API.
      await register(people[0]!.user, people[0]!.name, "https://example.com/d.png");
      await clients.signIn({ ...people[0]!.user, name: people[0]!.name });
      const byName = [...people].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map(({ user }) => user.userId);

      const found = await until(() => allPages(`q=${word}`, 100), (users) => users.length === people.length);
      assert.deepEqual(new Set(found.map((user) => user.id)), new Set(byName));
      for (const limit of [1, 3]) assert.deepEqual((await allPages(`q=${word}`, limit)).map((user) => user.id), found.map((user) => user.id), `pages of ${limit}`);
      assert.deepEqual((await allPages(`q=${encodeURIComponent(`charlie ${word}`)}`, 10)).map((user) => user.id), [people[2]!.user.userId], "every word must match");

      // Without q: everyone, by name, each once; this test's people among them in their order.
      const everyone = await allPages("", 4);
      assert.equal(new Set(everyone.map((user) => user.id)).size, everyone.length);
      assert.deepEqual(everyone.map((user) => user.id).filter((id) => byName.includes(id)), byName);
      const delta = everyone.find((user) => user.id === people[0]!.user.userId);
      assert.deepEqual(delta, { id: people[0]!.user.userId, name: people[0]!.name });
      const registered = everyone.find((user) => user.id === people[1]!.user.userId);
      assert.deepEqual(registered, { id: people[1]!.user.userId, name: people[1]!.name });
    });

    it("shows avatars, and refuses bad query values with 400 naming them", async () => {
      const word = freshWord();
      const pictured = { userId: freshUserId("pic") };
      await register(pictured, `Pictured ${word}`, "https://example.com/p.png");
      const page = await until(() => api<UsersPage>("GET", `/users?q=${word}`), (answer) => answer.body.users.length === 1);
      assert.deepEqual(page.body, { users: [{ id: pictured.userId, name: `Pictured ${word}`, avatar: "https://example.com/p.png" }] });
      for (const [query, field] of [
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=ten", "limit"],
        [`q=${"x".repeat(101)}`, "q"],
        ["cursor=not-a-cursor", "cursor"],
        [`q=${word}&cursor=${Buffer.from('["name","a","b"]').toString("base64url")}`, "cursor"],
      ]) {
        const answer = await api("GET", `/users?${query}`);
        assert.equal(answer.status, 400, query);
        assert.equal(answer.body.error.code, "bad_request");
        assert.match(answer.body.error.message, new RegExp(field!), query);
      }
      assert.equal((await api("GET", "/users", undefined, null)).status, 401);
      assert.equal((await api("GET", `/users?q=${word}`)).status, 200, "a good query still answers");
    });
  });

  describe("deleting", () => {
    it("removes a user from a group live: the others see the member event and keep chatting", async () => {
      const word = freshWord();
      const alice = { userId: freshUserId("alice"), name: "Alice" };
      const bob = { userId: freshUserId("bob"), name: `Bob ${word}` };
      const carol = { userId: freshUserId("carol"), name: "Carol" };
      const groupId = await clients.group(alice, [bob, carol]);
      const { client: atAlice } = await clients.enter(groupId, alice);
      const { client: atCarol } = await clients.enter(groupId, carol);
      const { client: atBob } = await clients.enter(groupId, bob);
      const bobsInbox = await clients.inbox(bob);
      foundIds(await bobsInbox.findPeople("alice"));
      // Alice finds Bob ("shared": they share the group) until he is deleted.
      const alicesInbox = await clients.inbox(alice);
      assert.deepEqual(foundIds(await until(() => alicesInbox.findPeople(word), (answer) => foundIds(answer).length === 1)), [bob.userId]);

      const deleted = await api("DELETE", `/users/${bob.userId}`);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.deepEqual(deleted.body, { id: bob.userId, deleted: true, conversations: 1, messagesErased: 0 });

      const removed = await atAlice.frames.next(isMemberEvent("kicked", bob.userId), "bob removed");
      assert.equal(removed.event.actorId, "confab:api");
      await atCarol.frames.next(isMemberEvent("kicked", bob.userId), "bob removed, seen by carol");
      assert.equal((await atBob.expectClosed()).code, CLOSE_CODES.removed);
      assert.equal((await bobsInbox.expectClosed()).code, CLOSE_CODES.deleted);
      await chatWorks(atAlice, [atCarol]);

      // Gone from the directory, the Inbox and the group.
      assert.deepEqual(foundIds(await alicesInbox.findPeople(word)), []);
      assert.deepEqual(foundIds(await alicesInbox.findPerson(bob.userId)), []);
      assert.deepEqual((await api<UsersPage>("GET", `/users?q=${word}`)).body.users, []);
      assert.equal((await api("GET", `/users/${bob.userId}`)).status, 404);
      const group = await api("GET", `/conversations/${groupId}`);
      assert.deepEqual(group.body.members.map((member: { userId: string }) => member.userId).sort(), [alice.userId, carol.userId].sort());
      // Done: a retry finds nobody.
      assert.equal((await api("DELETE", `/users/${bob.userId}`)).status, 404);

      // Signing in again with a valid token: a new, empty user, in no conversation.
      const again = await clients.inbox(bob);
      assert.deepEqual(again.listing.conversations, []);
      assert.equal((await clients.refused("conversation", groupId, bob)).error.code, "not_member");
    });

    it("removes a user from a one-to-one, which the peer keeps with its history", async () => {
      const alice = { userId: freshUserId("alice"), name: "Alice" };
      const dave = { userId: freshUserId("dave"), name: "Dave" };
      await clients.signIn(alice);
      const directId = await clients.create(dave, { conversationType: "direct", members: [alice.userId] });
      const { client: atDave } = await clients.enter(directId, dave);
      const { client: atAlice } = await clients.enter(directId, alice);
      const fromDave = await atDave.say("hello from dave");
      await atAlice.say("hello back");

      const deleted = await api("DELETE", `/users/${dave.userId}`);
      assert.deepEqual(deleted.body, { id: dave.userId, deleted: true, conversations: 1, messagesErased: 0 });
      await atAlice.frames.next(isMemberEvent("kicked", dave.userId), "dave removed");
      assert.equal((await atDave.expectClosed()).code, CLOSE_CODES.removed);

      // Alice keeps the conversation in her list, its history, and can still write in it.
      const list = await api("GET", `/users/${alice.userId}/conversations`);
      assert.ok(list.body.conversations.some((row: { id: string }) => row.id === directId));
      const { client: again, welcome } = await clients.enter(directId, alice);
      assert.deepEqual(welcome.members.map((member) => member.userId), [alice.userId]);
      const history = await api<{ messages: StoredMessage[] }>("GET", `/conversations/${directId}/messages`);
      const kept = history.body.messages.find((message) => message.id === fromDave.id);
      assert.equal(kept?.text, "hello from dave");
      assert.equal(kept?.deletedAt, undefined);
      await again.say("anyone there?");
    });

    it("with erase=messages deletes every message they sent, in batches, and no one else's", async () => {
      const alice = { userId: freshUserId("alice"), name: "Alice" };
      const eve = { userId: freshUserId("eve"), name: "Eve" };
      const frank = { userId: freshUserId("frank"), name: "Frank" };
      const groupId = await clients.group(alice, [eve, frank]);
      const { client: atAlice } = await clients.enter(groupId, alice);
      const { client: atFrank } = await clients.enter(groupId, frank);
      const { client: atEve } = await clients.enter(groupId, eve);
      const evesAcks = await atEve.sayMany(120, (i) => `eve says ${i}`);
      const alicesAck = await atAlice.say("alice stays");
      await atFrank.say("frank stays too");
      await clients.signIn(alice);
      const directId = await clients.create(eve, { conversationType: "direct", members: [alice.userId] });
      const { client: directEve } = await clients.enter(directId, eve);
      await directEve.say("a one-to-one secret");

      const deleted = await api("DELETE", `/users/${eve.userId}?erase=messages`);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.deepEqual(deleted.body, { id: eve.userId, deleted: true, conversations: 2, messagesErased: 121 });

      // Alice's socket saw each deletion as the usual change event, then Eve's removal.
      const evesIds = new Set(evesAcks.map((ack) => ack.id));
      for (let seen = 0; seen < evesIds.size; seen++) {
        const change = await atAlice.frames.nextOfType("event", (frame) => frame.event.kind === "change" && frame.event.op === "deleted");
        assert.ok(change.event.kind === "change" && evesIds.has(change.event.message.id));
      }
      await atAlice.frames.next(isMemberEvent("kicked", eve.userId), "eve removed");
      await chatWorks(atFrank, [atAlice]);

      const page = await api<{ messages: StoredMessage[] }>("GET", `/conversations/${groupId}/messages?limit=100`);
      const hers = page.body.messages.filter((message) => message.senderId === eve.userId);
      assert.ok(hers.length > 0 && hers.every((message) => message.deletedAt !== undefined && message.text === ""));
      const others = page.body.messages.filter((message) => message.senderId !== eve.userId);
      assert.ok(others.some((message) => message.id === alicesAck.id && message.text === "alice stays" && !message.deletedAt));
      assert.ok(others.some((message) => message.text === "frank stays too" && !message.deletedAt));
      const direct = await api<{ messages: StoredMessage[] }>("GET", `/conversations/${directId}/messages`);
      assert.ok(direct.body.messages.every((message) => message.senderId !== eve.userId || (message.deletedAt !== undefined && message.text === "")));
      const search = await api<{ messages: StoredMessage[] }>("GET", `/conversations/${groupId}/search?q=eve+says`);
      assert.deepEqual(search.body.messages, []);
    });

    it("closes every socket of theirs and empties their Inbox, with a close code the widget does not retry", async () => {
      const gina = { userId: freshUserId("gina"), name: "Gina" };
      const hal = { userId: freshUserId("hal"), name: "Hal" };
      const groupId = await clients.group(hal, [gina]);
      const inboxes: InboxClient[] = [await clients.inbox(gina), await clients.inbox(gina)];
      const { client: atGina } = await clients.enter(groupId, gina);
      const { client: atHal } = await clients.enter(groupId, hal);
      await api("PUT", `/users/${gina.userId}/blocks/${hal.userId}`);
      // As a widget's would, each has spoken (under wrangler dev, a socket that never sent a
      // frame gets the close frame but its connection ends only when the server stops).
      for (const inbox of inboxes) foundIds(await inbox.findPeople("gina"));

      assert.equal((await api("DELETE", `/users/${gina.userId}`)).status, 200);
      for (const inbox of inboxes) assert.deepEqual(await inbox.expectClosed(), { code: CLOSE_CODES.deleted, reason: "this user was deleted" });
      assert.equal((await atGina.expectClosed()).code, CLOSE_CODES.removed);
      assert.ok(CLOSE_CODES.deleted >= 4000 && CLOSE_CODES.deleted < 5000, "a refusal: the widget does not reconnect");
      assert.equal((await api("GET", `/users/${gina.userId}`)).status, 404);
      assert.deepEqual((await api("GET", `/users/${gina.userId}/conversations`)).body.conversations, []);
      assert.deepEqual((await api("GET", `/users/${gina.userId}/blocks`)).body.blocked, []);
      // Hal's room is unharmed.
      const { client: again } = await clients.enter(groupId, hal);
      await chatWorks(again, [atHal]);
    });

    it("answers an unknown user 404, a bad id or erase value 400, and no key 401, changing nothing", async () => {
      const ivy = { userId: freshUserId("ivy"), name: "Ivy" };
      const jo = { userId: freshUserId("jo"), name: "Jo" };
      const groupId = await clients.group(ivy, [jo]);
      const { client: atIvy } = await clients.enter(groupId, ivy);
      const { client: atJo } = await clients.enter(groupId, jo);

      const unknown = await api("DELETE", `/users/${freshUserId("nobody")}`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, "not_found");
      assert.equal((await api("DELETE", "/users/has%20space")).status, 400);
      const badErase = await api("DELETE", `/users/${jo.userId}?erase=everything`);
      assert.equal(badErase.status, 400);
      assert.match(badErase.body.error.message, /erase/);
      assert.equal((await api("DELETE", `/users/${jo.userId}`, undefined, null)).status, 401);
      assert.equal((await api("DELETE", `/users/${jo.userId}`, undefined, "wrong-key")).status, 401);
      assert.equal((await api("GET", `/users/${jo.userId}`)).status, 200, "jo is still there");
      await chatWorks(atIvy, [atJo]);
    });
  });
});

describe("server API: users, conversations made before the directory", () => {
  const { server, clients } = useTestServer();

  it("writes a conversation's members to the directory the first time it wakes after the upgrade", async () => {
    const word = freshWord();
    const seeker = { userId: freshUserId("seeker"), name: "Seeker" };
    const friend = { userId: freshUserId("friend"), name: `Friend ${word}` };
    await clients.signIn(friend);
    const groupId = await clients.group(seeker, [friend]);
    const inbox = await clients.inbox(seeker);
    assert.deepEqual(foundIds(await until(() => inbox.findPeople(word), (answer) => foundIds(answer).length === 1)), [friend.userId]);
    inbox.close();

    // As an older version left it: no membership rows, and the conversation never synced.
    await restartTestServer(server(), "SIGTERM", async () => {
      for (const path of await d1Files(server().persistTo)) {
        await editDatabase(path, (db) => db.run("DELETE FROM memberships WHERE conversation_id = ?", [groupId]));
      }
      let staged = 0;
      for (const path of await objectFiles(server().persistTo, "Conversation")) {
        const db = await openDatabase(path);
        const [meta] = db.exec("SELECT body FROM meta");
        db.close();
        if (!meta || JSON.parse(String(meta.values[0]![0])).id !== groupId) continue;
        await editDatabase(path, (edited) => edited.run("DELETE FROM directory_synced"));
        staged += 1;
      }
      assert.equal(staged, 1);
    });

    const membershipsOf = async (): Promise<unknown[][]> => {
      const db = await openDatabase((await d1Files(server().persistTo))[0]!);
      try {
        return db.exec("SELECT user_id, present FROM memberships WHERE conversation_id = ? ORDER BY user_id", [groupId])[0]?.values ?? [];
      } finally {
        db.close();
      }
    };
    assert.deepEqual(await membershipsOf(), [], "the directory has no membership of it");
    // The conversation wakes (the seeker's list opening tells it so): its members are written once.
    const after = await clients.inbox(seeker);
    assert.deepEqual(foundIds(await until(() => after.findPeople(word), (answer) => foundIds(answer).length === 1)), [friend.userId]);
    const { client } = await clients.enter(groupId, friend);
    await client.say("all good");
    assert.deepEqual(await membershipsOf(), [seeker.userId, friend.userId].sort().map((userId) => [userId, 1]));
  });
});

/**
 * The people directory against the real server (D1 under wrangler dev): search by name and id,
 * paging, the three DIRECTORY_VISIBILITY settings (a server each), blocks, find_person, and the
 * refusal of conversations with nobody or with oneself.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ErrorFrame, PeopleFrame } from "../../src/protocol/index.js";
import { COUNT_TERMS_SQL, SEARCH_SQL } from "../../src/server/directory/search-queries.js";
import { directConversationId } from "../../src/server/direct-id.js";
import { openDatabase } from "../support/sqlite-files.js";
import { TEST_VARS, freshRef, freshUserId, useTestServer, type InboxClient, type TestServer, type User } from "../support/server-clients.js";

/** Letters no other test's names hold, so a search finds only this test's people. */
const freshWord = (): string => `q${randomBytes(4).toString("hex").replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!)}`;

function page(answer: PeopleFrame | ErrorFrame): PeopleFrame {
  if (answer.type === "error") throw new Error(`refused with ${answer.code}: ${answer.message}`);
  return answer;
}

const idsOf = (answer: PeopleFrame | ErrorFrame): string[] => page(answer).people.map((person) => person.id);

/** Searches until `done` holds for the page: the directory is written off the sign-in's path. */
async function searchUntil(inbox: InboxClient, text: string, done: (ids: string[]) => boolean, timeoutMs = 8_000): Promise<PeopleFrame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = page(await inbox.findPeople(text, { limit: 50 }));
    if (done(found.people.map((person) => person.id)) || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Registers `user` as `name` through the server API, as a host's backend would. */
async function register(test: TestServer, user: User, name: string): Promise<void> {
  const response = await fetch(`${test.server.url}/api/v1/users/${user.userId}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TEST_VARS.API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 200, await response.text());
}

/** Every page of `text`'s search, `limit` at a time. */
async function allPages(inbox: InboxClient, text: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const found = page(await inbox.findPeople(text, { limit, cursor }));
    assert.ok(found.people.length <= limit);
    ids.push(...found.people.map((person) => person.id));
    cursor = found.next;
  } while (cursor);
  return ids;
}

describe("directory, everyone visible", () => {
  const { server, clients } = useTestServer({ ...TEST_VARS, DIRECTORY_VISIBILITY: "everyone" });

  it("finds people by the start of a name's words or their id, whatever the case and accents", async () => {
    const word = freshWord();
    const zoe = { userId: freshUserId("zoe"), name: `Zoë ${word}lund` };
    const emile = { userId: freshUserId("emile"), name: `ÉMILE ${word}son` };
    const seeker = await clients.inbox({ userId: freshUserId("seeker"), name: "Seeker" });
    await clients.inbox(zoe);
    await clients.signIn(emile);
    const both = await searchUntil(seeker, word, (ids) => ids.length === 2);
    assert.deepEqual(both.people, [
      { id: zoe.userId, name: zoe.name, online: true },
      { id: emile.userId, name: emile.name, online: false },
    ]);
    assert.equal(both.visibility, "everyone");
    assert.equal(both.next, undefined);
    assert.deepEqual(idsOf(await seeker.findPeople(`ZOE ${word.toUpperCase()}`)), [zoe.userId]);
    assert.deepEqual(idsOf(await seeker.findPeople(`${word}lu zoë`)), [zoe.userId], "every word, in any order");
    assert.deepEqual(idsOf(await seeker.findPeople(`emile ${word}`)), [emile.userId]);
    assert.deepEqual(idsOf(await seeker.findPeople(`zoe ${word}s`)), [], "every word must match");
    assert.deepEqual(idsOf(await seeker.findPeople(emile.userId.slice(0, -2))), [emile.userId], "by the start of the id");
    assert.deepEqual(idsOf(await seeker.findPeople(`${word.slice(1)}`)), [], "not by the middle of a word");
  });

  it("finds the people the server API registered, and their new names once renamed", async () => {
    const word = freshWord();
    const seeker = await clients.inbox({ userId: freshUserId("seeker"), name: "Seeker" });
    const hana = { userId: freshUserId("hana") };
    await register(server(), hana, `Hana ${word}`);
    assert.deepEqual(idsOf(await searchUntil(seeker, word, (ids) => ids.length === 1)), [hana.userId]);
    await register(server(), hana, `Hanako ${word}x`);
    const renamed = await searchUntil(seeker, `${word}x`, (ids) => ids.length === 1);
    assert.deepEqual(renamed.people, [{ id: hana.userId, name: `Hanako ${word}x`, online: false }]);
    assert.deepEqual(idsOf(await seeker.findPeople(`hana ${word} `)), [hana.userId], "hanako starts with hana");
    assert.deepEqual(idsOf(await seeker.findPeople(`${word}y`)), []);
  });

  it("pages through everyone found once each, in a stable order", async () => {
    const word = freshWord();
    const seeker = await clients.inbox({ userId: freshUserId("seeker"), name: "Seeker" });
    const people = Array.from({ length: 23 }, (_, i) => ({ userId: freshUserId(`p${i}`) }));
    // Two of a name's words match: listed once, at the first.
    await Promise.all(people.map((person, i) => register(server(), person, i % 5 === 0 ? `${word} ${word}${i}` : `Person ${word}${i}`)));
    const expected = people.map((person) => person.userId).sort();
    const whole = await searchUntil(seeker, word, (ids) => ids.length === people.length);
    assert.deepEqual([...idsOf(whole)].sort(), expected);
    for (const limit of [1, 4, 7]) assert.deepEqual(await allPages(seeker, word, limit), idsOf(whole), `pages of ${limit}`);
    // The list of everyone, by name: each once, sorted, this test's people among them.
    const everyone = await allPages(seeker, "", 9);
    assert.equal(new Set(everyone).size, everyone.length);
    for (const id of expected) assert.ok(everyone.includes(id), id);
    assert.ok(!everyone.includes(seeker.userId), "never oneself");
  });

  it("pages a search of two words by the rarer one's range, each person once", async () => {
    const [common, rare] = [`${freshWord()}common`, freshWord().slice(0, 6)];
    const seeker = await clients.inbox({ userId: freshUserId("seeker"), name: "Seeker" });
    const both = Array.from({ length: 8 }, (_, i) => ({ userId: freshUserId(`both${i}`) }));
    const commonOnly = Array.from({ length: 12 }, (_, i) => ({ userId: freshUserId(`common${i}`) }));
    await Promise.all([
      ...both.map((person, i) => register(server(), person, `${common} ${rare}${i}`)),
      ...commonOnly.map((person, i) => register(server(), person, `${common} Other${i}`)),
    ]);
    await searchUntil(seeker, common, (ids) => ids.length === both.length + commonOnly.length);
    // The shorter word is the rarer: its range is read, whichever word comes first.
    const expected = both.map((person) => person.userId).sort();
    for (const text of [`${common} ${rare}`, `${rare} ${common}`]) {
      for (const limit of [1, 3, 50]) {
        const ids = await allPages(seeker, text, limit);
        assert.deepEqual([...ids].sort(), expected, `"${text}" by ${limit}`);
      }
    }
    assert.deepEqual(idsOf(await seeker.findPeople(`${common} ${rare}zzz`)), [], "a word nobody's terms start with");
  });

  it("never shows the people a searcher blocks to them, and still to others", async () => {
    const word = freshWord();
    const blocker = await clients.inbox({ userId: freshUserId("blocker"), name: "Blocker" });
    const other = await clients.inbox({ userId: freshUserId("other"), name: "Other" });
    const pest = { userId: freshUserId("pest"), name: `Pest ${word}` };
    const fine = { userId: freshUserId("fine"), name: `Fine ${word}` };
    await clients.signIn(pest, fine);
    await searchUntil(blocker, word, (ids) => ids.length === 2);
    await blocker.expectDone({ type: "block", ref: freshRef(), userId: pest.userId });
    assert.deepEqual(idsOf(await blocker.findPeople(word)), [fine.userId]);
    assert.ok(!(await allPages(blocker, "", 50)).includes(pest.userId), "nor in the list of everyone");
    assert.deepEqual(idsOf(await other.findPeople(word)).sort(), [fine.userId, pest.userId].sort());
    // Their card still shows to the blocker.
    assert.deepEqual(idsOf(await blocker.findPerson(pest.userId)), [pest.userId]);
    await blocker.expectDone({ type: "unblock", ref: freshRef(), userId: pest.userId });
    assert.deepEqual(idsOf(await blocker.findPeople(word)).sort(), [fine.userId, pest.userId].sort());
  });

  it("looks one person up by id: anyone who exists, oneself, nobody for an unknown id", async () => {
    const me = { userId: freshUserId("me"), name: "Me Myself" };
    const inbox = await clients.inbox(me);
    const known = { userId: freshUserId("known"), name: "Known" };
    await clients.signIn(known);
    assert.deepEqual(page(await inbox.findPerson(me.userId)).people, [{ id: me.userId, name: me.name, online: true }]);
    assert.deepEqual(page(await inbox.findPerson(known.userId)).people, [{ id: known.userId, name: known.name, online: false }]);
    assert.deepEqual(page(await inbox.findPerson(freshUserId("nobody"))).people, []);
  });

  it("answers a bad search with an error naming it and keeps the socket", async () => {
    const inbox = await clients.inbox({ userId: freshUserId("bad"), name: "Bad" });
    const tooLong = await inbox.findPeople("x".repeat(101));
    assert.equal(tooLong.type, "error");
    assert.equal((tooLong as ErrorFrame).code, "bad_frame");
    assert.match((tooLong as ErrorFrame).message, /at most 100 characters/);
    for (const cursor of ["not-a-cursor", Buffer.from('["name","a","b"]').toString("base64url")]) {
      const badCursor = await inbox.findPeople("abc", { cursor });
      assert.equal(badCursor.type, "error", cursor);
      assert.equal((badCursor as ErrorFrame).code, "bad_frame");
      assert.match((badCursor as ErrorFrame).message, /cursor/);
    }
    assert.equal((await inbox.findPeople("abc")).type, "people");
  });

  it("reads an index for every kind of search", async () => {
    // Someone signed in and found: the tables are made, and on disk.
    const seeker = await clients.inbox({ userId: freshUserId("planner"), name: "Planner" });
    await searchUntil(seeker, "planner", () => false, 300);
    const folder = join(server().persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
    const [file] = (await readdir(folder)).filter((name) => name.endsWith(".sqlite"));
    const db = await openDatabase(join(folder, file!));
    try {
      const count = db.exec(`EXPLAIN QUERY PLAN ${COUNT_TERMS_SQL}`, ["ab", "ab\u{10FFFF}", 10])[0]!.values.map((row) => String(row[3]));
      assert.ok(count.some((step) => /SEARCH terms USING (COVERING INDEX|PRIMARY KEY)/.test(step)), `counting a word's terms:\n${count.join("\n")}`);
      for (const [kind, sql] of Object.entries(SEARCH_SQL)) {
        const params = ["me", "[]", "", "", 21, "ab", "ab\u{10FFFF}", "[]"].slice(0, kind.endsWith("ByTerm") ? 8 : 5);
        const plan = db.exec(`EXPLAIN QUERY PLAN ${sql}`, params)[0]!.values.map((row) => String(row[3]));
        if (process.env.SHOW_PLANS) console.log(kind, plan);
        assert.ok(!plan.some((step) => /^SCAN (t|u|users|terms)\b(?! USING)/.test(step)), `${kind} scans a whole table:\n${plan.join("\n")}`);
        if (kind === "everyoneByTerm") assert.ok(plan.some((step) => /SEARCH t USING PRIMARY KEY \(\(term,user_id\)>\(\?,\?\) AND term<\?\)/.test(step)), plan.join("\n"));
        if (kind === "everyoneByName") assert.ok(plan.some((step) => /users_by_name/.test(step)), plan.join("\n"));
        assert.ok(!plan.some((step) => /TEMP B-TREE FOR ORDER BY/.test(step)) || kind.startsWith("shared"), `${kind} sorts:\n${plan.join("\n")}`);
      }
    } finally {
      db.close();
    }
  });
});

describe("directory, shared conversations only (the default)", () => {
  const { server, clients } = useTestServer();

  it("finds only people in a conversation with the searcher, and forgets them once they leave", async () => {
    const word = freshWord();
    const seeker = { userId: freshUserId("seeker"), name: "Seeker" };
    const friend = { userId: freshUserId("friend"), name: `Friend ${word}` };
    const stranger = { userId: freshUserId("stranger"), name: `Stranger ${word}` };
    const inbox = await clients.inbox(seeker);
    await clients.signIn(friend, stranger);
    const groupId = await clients.group(seeker, [friend]);
    const found = await searchUntil(inbox, word, (ids) => ids.length > 0);
    assert.deepEqual(found.people.map((person) => person.id), [friend.userId]);
    assert.equal(found.visibility, "shared");
    assert.deepEqual(idsOf(await inbox.findPeople("")), [friend.userId], "everyone shared with, by name");
    // find_person: anyone shared with; a stranger not.
    assert.deepEqual(idsOf(await inbox.findPerson(friend.userId)), [friend.userId]);
    assert.deepEqual(idsOf(await inbox.findPerson(stranger.userId)), []);
    const { client } = await clients.enter(groupId, seeker);
    await client.expectDone({ type: "kick", ref: freshRef(), userId: friend.userId });
    await searchUntil(inbox, word, (ids) => ids.length === 0);
    assert.deepEqual(idsOf(await inbox.findPeople(word)), []);
    assert.deepEqual(idsOf(await inbox.findPerson(friend.userId)), []);
  });

  it("forgets a deleted conversation's members", async () => {
    const word = freshWord();
    const seeker = { userId: freshUserId("seeker"), name: "Seeker" };
    const friend = { userId: freshUserId("friend"), name: `Friend ${word}` };
    const inbox = await clients.inbox(seeker);
    await clients.signIn(friend);
    const groupId = await clients.group(seeker, [friend]);
    await searchUntil(inbox, word, (ids) => ids.length === 1);
    const deleted = await fetch(`${server().server.url}/api/v1/conversations/${groupId}`, { method: "DELETE", headers: { authorization: `Bearer ${TEST_VARS.API_KEY}` } });
    assert.equal(deleted.status, 200);
    assert.deepEqual(idsOf(await searchUntil(inbox, word, (ids) => ids.length === 0)), []);
  });

  it("refuses a one-to-one, a group or an add naming someone nobody has used, creating nothing", async () => {
    const creator = { userId: freshUserId("creator"), name: "Creator" };
    const member = { userId: freshUserId("member"), name: "Member" };
    const ghost = freshUserId("bbo");
    const inbox = await clients.inbox(creator);
    await clients.signIn(member);
    const direct = await inbox.tryCreate({ conversationType: "direct", members: [ghost] });
    assert.deepEqual([direct.type, (direct as ErrorFrame).code], ["error", "unknown_user"]);
    assert.match((direct as ErrorFrame).message, new RegExp(`no user ${ghost} has signed in or been registered`));
    const groupId = `c_${randomBytes(6).toString("hex")}`;
    const group = await inbox.tryCreate({ conversationType: "group", id: groupId, members: [member.userId, ghost] });
    assert.deepEqual([group.type, (group as ErrorFrame).code], ["error", "unknown_user"]);
    // Neither conversation exists: a socket to it is refused as unknown, and no list holds it.
    for (const id of [await directConversationId(creator.userId, ghost), groupId]) {
      assert.equal((await clients.refused("conversation", id, creator)).error.code, "not_found", id);
    }
    assert.deepEqual((await clients.inbox(creator)).listing.conversations, []);
    // Adding the ghost to a real group: refused, and the group keeps its members.
    const realGroup = await clients.group(creator, [member]);
    const { client } = await clients.enter(realGroup, creator);
    const add = await client.request({ type: "add", ref: freshRef(), userId: ghost });
    assert.deepEqual([add.type, (add as ErrorFrame).code], ["error", "unknown_user"]);
    const { welcome } = await clients.enter(realGroup, creator);
    assert.deepEqual(welcome.members.map((m) => m.userId).sort(), [creator.userId, member.userId].sort());
    // Someone the server API registered is known, though they never signed in.
    const registered = { userId: freshUserId("registered") };
    await register(server(), registered, "Registered");
    assert.equal((await client.request({ type: "add", ref: freshRef(), userId: registered.userId })).type, "done");
    assert.equal((await inbox.tryCreate({ conversationType: "direct", members: [registered.userId] })).type, "done");
  });

  it("refuses a one-to-one with oneself", async () => {
    const me = { userId: freshUserId("me"), name: "Me" };
    const inbox = await clients.inbox(me);
    const answer = await inbox.tryCreate({ conversationType: "direct", members: [me.userId] });
    assert.deepEqual([answer.type, (answer as ErrorFrame).code], ["error", "with_self"]);
    assert.equal((await clients.refused("conversation", await directConversationId(me.userId, me.userId), me)).error.code, "not_found");
  });
});

describe("directory, nobody visible", () => {
  const { clients } = useTestServer({ ...TEST_VARS, DIRECTORY_VISIBILITY: "nobody" });

  it("finds nobody by search, and by id only the people one shares a conversation with", async () => {
    const seeker = { userId: freshUserId("seeker"), name: "Seeker" };
    const friend = { userId: freshUserId("friend"), name: "Friend" };
    const stranger = { userId: freshUserId("stranger"), name: "Stranger" };
    const inbox = await clients.inbox(seeker);
    await clients.signIn(friend, stranger);
    await clients.group(seeker, [friend]);
    const none = page(await inbox.findPeople("friend"));
    assert.deepEqual(none, { type: "people", ref: none.ref, people: [], visibility: "nobody" });
    assert.deepEqual(idsOf(await inbox.findPeople("")), []);
    const deadline = Date.now() + 8_000;
    while (idsOf(await inbox.findPerson(friend.userId)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(idsOf(await inbox.findPerson(friend.userId)), [friend.userId]);
    assert.deepEqual(idsOf(await inbox.findPerson(stranger.userId)), []);
  });
});

describe("directory, a DIRECTORY_VISIBILITY that is no setting", () => {
  const { clients } = useTestServer({ ...TEST_VARS, DIRECTORY_VISIBILITY: "evryone" });

  it("finds nobody rather than more than the host chose", async () => {
    const seeker = await clients.inbox({ userId: freshUserId("seeker"), name: "Seeker" });
    const other = { userId: freshUserId("other"), name: "Other" };
    await clients.signIn(other);
    const none = page(await seeker.findPeople(""));
    assert.deepEqual([none.people, none.visibility], [[], "nobody"]);
    assert.deepEqual(idsOf(await seeker.findPerson(other.userId)), []);
  });
});

/**
 * Rich messaging through the real server (wrangler dev on workerd): edits, deletions that leave
 * no trace of what was said, reactions, replies, history pages in both directions, read
 * positions, typing, presence, and what the conversation list shows of all that.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  LIMITS,
  type ConversationEvent,
  type ErrorFrame,
  type EventFrame,
  type Metadata,
  type PageFrame,
  type ServerFrame,
  type StoredMessage,
} from "../../src/protocol/index.js";
import {
  freshRef,
  freshUser,
  isMessageEvent,
  messageId,
  messagesIn,
  seqsOf,
  useTestServer,
  type ConversationClient,
  type User,
} from "../support/server-clients.js";

type ChangeEvent = Extract<ConversationEvent, { kind: "change" }>;

const edit = (client: ConversationClient, id: string, text: string, metadata?: Metadata) =>
  client.request({ type: "edit", ref: freshRef(), messageId: id, text, ...(metadata ? { metadata } : {}) });
const remove = (client: ConversationClient, id: string) => client.request({ type: "delete", ref: freshRef(), messageId: id });
const react = (client: ConversationClient, id: string, emoji: string, on = true) =>
  client.request({ type: "react", ref: freshRef(), messageId: id, emoji, on });

/** Sends `history` with `bounds` and resolves with the page that answers it. */
function page(client: ConversationClient, bounds: { before?: number; after?: number }, limit: number): Promise<PageFrame> {
  const ref = freshRef();
  client.send({ type: "history", ref, ...bounds, limit });
  return client.frames.nextOfType("page", (frame) => frame.ref === ref);
}

/** Matches a live `change` event (of `op`, about message `id`, when given). */
const isChange =
  (op?: ChangeEvent["op"], id?: string) =>
  (frame: ServerFrame): frame is EventFrame & { event: ChangeEvent } =>
    frame.type === "event" &&
    frame.event.kind === "change" &&
    (op === undefined || frame.event.op === op) &&
    (id === undefined || frame.event.message.id === id);

/** Matches a `presence` frame about `userId`. */
const isPresenceOf = (userId: string) => (frame: ServerFrame) => frame.type === "presence" && frame.userId === userId;

function assertRefused(answer: { type: string }, code: ErrorFrame["code"], what: string): void {
  assert.equal(answer.type, "error", `${what}: expected ${code}, got ${JSON.stringify(answer)}`);
  assert.equal((answer as ErrorFrame).code, code, `${what}: ${(answer as ErrorFrame).message}`);
}

describe("rich messages", () => {
  const { clients } = useTestServer();

  /** Message `id` as a fresh welcome to `user` shows it. */
  async function storedState(conversationId: string, user: User, id: string): Promise<StoredMessage | undefined> {
    const { welcome } = await clients.enter(conversationId, user);
    return messagesIn(welcome.events).find((message) => message.id === id);
  }

  describe("editing", () => {
    it("shows the sender's edit live to every member, with editedAt, under the message's own seq", async () => {
      const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const sent = await atAlice.client.say("frist draft", { metadata: { mood: "hasty" } });
      await atBob.client.frames.next(isMessageEvent(sent.id), "the first draft");

      const before = Date.now();
      assert.equal((await edit(atAlice.client, sent.id, "first draft, fixed")).type, "done");
      const seen = await atBob.client.frames.next(isChange("edited", sent.id), "alice's edit");
      assert.equal(seen.event.seq, sent.seq + 1, "an edit is logged under the next seq");
      assert.equal(seen.event.actorId, alice.userId);
      const { editedAt, ...rest } = seen.event.message;
      assert.deepEqual(rest, {
        id: sent.id,
        seq: sent.seq,
        senderId: alice.userId,
        senderName: "Alice",
        text: "first draft, fixed",
        metadata: { mood: "hasty" },
        createdAt: sent.createdAt,
      });
      assert.ok(editedAt !== undefined && editedAt >= before - 2_000 && editedAt <= Date.now() + 2_000, `editedAt ${editedAt} is about now`);
      assert.deepEqual((await atAlice.client.frames.next(isChange("edited", sent.id), "the edit, at alice")).event, seen.event);

      // New metadata replaces the old; a later member sees only the latest state in the message.
      assert.equal((await edit(atAlice.client, sent.id, "final", { mood: "calm" })).type, "done");
      await atBob.client.frames.next(isChange("edited", sent.id), "the second edit");
      const stored = await storedState(id, carol, sent.id);
      assert.equal(stored?.text, "final");
      assert.deepEqual(stored?.metadata, { mood: "calm" });
    });

    it("refuses an edit of another's message with forbidden, and of an unknown one with not_found, and nothing changes", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const sent = await atAlice.client.say("alice's own words");
      await atBob.client.frames.next(isMessageEvent(sent.id), "alice's message");

      // The owner may delete anyone's message, but edit only her own.
      const bobs = await atBob.client.say("bob's own words");
      assertRefused(await edit(atBob.client, sent.id, "bob's words in alice's mouth"), "forbidden", "bob editing alice's message");
      assertRefused(await edit(atAlice.client, bobs.id, "alice rewriting bob"), "forbidden", "the owner editing bob's message");
      assertRefused(await edit(atBob.client, messageId(), "nothing there"), "not_found", "editing an unknown message");

      await atAlice.client.frames.expectNone(isChange(), 200, "change event");
      const { welcome } = await clients.enter(id, carol);
      assert.equal(welcome.lastSeq, bobs.seq, "no refused edit was logged");
      assert.deepEqual(
        messagesIn(welcome.events).map(({ text, editedAt }) => ({ text, editedAt })),
        [
          { text: "alice's own words", editedAt: undefined },
          { text: "bob's own words", editedAt: undefined },
        ],
      );
    });
  });

  describe("deleting", () => {
    it("lets the sender delete their message and the owner anyone's, leaving a tombstone every member sees", async () => {
      const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob", "Bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const atCarol = await clients.enter(id, carol);
      const bobs = await atBob.client.say("bob regrets this", { metadata: { draft: true } });
      const carols = await atCarol.client.say("carol regrets nothing");
      await atAlice.client.frames.next(isMessageEvent(carols.id), "carol's message");

      assert.equal((await remove(atBob.client, bobs.id)).type, "done");
      const ownDeletion = await atCarol.client.frames.next(isChange("deleted", bobs.id), "bob deleting his message");
      const { deletedAt, ...rest } = ownDeletion.event.message;
      assert.deepEqual(rest, { id: bobs.id, seq: bobs.seq, senderId: bob.userId, senderName: "Bob", text: "", createdAt: bobs.createdAt });
      assert.ok(deletedAt !== undefined && deletedAt > 0);
      assert.equal(ownDeletion.event.actorId, bob.userId);

      // The owner removes carol's message.
      assert.equal((await remove(atAlice.client, carols.id)).type, "done");
      const moderated = await atCarol.client.frames.next(isChange("deleted", carols.id), "alice deleting carol's message");
      assert.equal(moderated.event.actorId, alice.userId);
      assert.equal(moderated.event.message.text, "");
      assert.equal(moderated.event.message.senderId, carol.userId, "the tombstone still says who wrote it");

      // Deleting again changes nothing and logs nothing.
      assert.equal((await remove(atBob.client, bobs.id)).type, "done");
      await atBob.client.frames.expectNone(
        (frame) => isChange("deleted", bobs.id)(frame) && frame.event.seq !== ownDeletion.event.seq,
        200,
        "second deletion",
      );
    });

    it("refuses a plain member deleting another's message with forbidden, even one already deleted", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const alices = await atAlice.client.say("the owner's message");
      const carols = await (await clients.enter(id, carol)).client.say("carol's message");
      await atBob.client.frames.next(isMessageEvent(carols.id), "carol's message");

      assertRefused(await remove(atBob.client, alices.id), "forbidden", "bob deleting the owner's message");
      assertRefused(await remove(atBob.client, carols.id), "forbidden", "bob deleting carol's message");
      assert.equal((await remove(atAlice.client, carols.id)).type, "done");
      assertRefused(await remove(atBob.client, carols.id), "forbidden", "bob deleting carol's deleted message");
      assertRefused(await remove(atBob.client, messageId()), "not_found", "bob deleting an unknown message");

      const stored = await storedState(id, bob, alices.id);
      assert.equal(stored?.text, "the owner's message");
      assert.equal(stored?.deletedAt, undefined);
    });

    it("keeps no copy of a deleted message's text or metadata: not in welcomes, pages or earlier changes", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const since = atBob.welcome.lastSeq;
      await atAlice.client.say("before it");
      const secret = await atAlice.client.say("SECRET-ORIGINAL", { metadata: { note: "META-ORIGINAL" } });
      assert.equal((await react(atBob.client, secret.id, "👀")).type, "done");
      assert.equal((await edit(atAlice.client, secret.id, "SECRET-EDITED", { note: "META-EDITED" })).type, "done");
      const later = await atBob.client.say("after it");
      await atAlice.client.frames.next(isMessageEvent(later.id), "bob's later message");

      assert.equal((await remove(atAlice.client, secret.id)).type, "done");
      const deletion = await atBob.client.frames.next(isChange("deleted", secret.id), "the deletion");
      assert.equal(deletion.event.message.reactions, undefined, "reactions go with it");
      assert.equal(deletion.event.message.editedAt, undefined);

      const leaks = (what: string, value: unknown) =>
        assert.doesNotMatch(JSON.stringify(value), /SECRET-|META-|👀/, `${what} holds nothing of the deleted message`);

      // A replay from before the message: the message, then its newest change (the deletion: it
      // replaced the reaction's and the edit's rows), both as tombstones.
      const replay = await clients.enter(id, carol, since);
      assert.equal(replay.welcome.reset, false);
      leaks("the replay", replay.welcome);
      const aboutSecret = replay.welcome.events.flatMap((event) =>
        (event.kind === "message" || event.kind === "change") && event.message.id === secret.id
          ? [`${event.kind === "change" ? event.op : "sent"} ${event.message.deletedAt ? "tombstone" : "intact"}`]
          : [],
      );
      assert.deepEqual(aboutSecret, ["sent tombstone", "deleted tombstone"]);

      const latest = await clients.enter(id, carol);
      leaks("the latest page", latest.welcome);
      assert.equal(messagesIn(latest.welcome.events).find((message) => message.id === secret.id)?.text, "");
      leaks("a page before", await page(latest.client, {}, 10));
      leaks("a page after", await page(latest.client, { after: 0 }, 10));
    });

    it("refuses edits and reactions on a deleted message with not_found", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const sent = await atAlice.client.say("soon gone");
      assert.equal((await remove(atAlice.client, sent.id)).type, "done");
      const deleted = await atBob.client.frames.next(isChange("deleted", sent.id), "the deletion");

      assertRefused(await edit(atAlice.client, sent.id, "back from the dead"), "not_found", "editing a deleted message");
      assertRefused(await react(atBob.client, sent.id, "😢"), "not_found", "reacting to a deleted message");
      assertRefused(await react(atBob.client, sent.id, "😢", false), "not_found", "taking back a reaction to a deleted message");
      const { welcome } = await clients.enter(id, bob);
      assert.equal(welcome.lastSeq, deleted.event.seq, "nothing was logged after the deletion");
    });
  });

  describe("reactions", () => {
    it("toggles reactions by two users, keeping reactors in the order they reacted, and ignores repeats", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const atCarol = await clients.enter(id, carol);
      const sent = await atCarol.client.say("react to me");
      await atBob.client.frames.next(isMessageEvent(sent.id), "carol's message");

      /** Reacts and resolves with the reactions carol then sees on her message. */
      const reactionsAfter = async (client: ConversationClient, emoji: string, on: boolean) => {
        assert.equal((await react(client, sent.id, emoji, on)).type, "done");
        const change = await atCarol.client.frames.next(isChange("reacted", sent.id), `${client.userId} ${on ? "adding" : "taking back"} ${emoji}`);
        assert.equal(change.event.actorId, client.userId);
        return change.event.message.reactions;
      };

      assert.deepEqual(await reactionsAfter(atBob.client, "👍", true), { "👍": [bob.userId] });
      assert.deepEqual(await reactionsAfter(atAlice.client, "👍", true), { "👍": [bob.userId, alice.userId] });
      assert.deepEqual(await reactionsAfter(atAlice.client, "❤️", true), { "👍": [bob.userId, alice.userId], "❤️": [alice.userId] });

      // Repeats are answered done and change nothing: no event, no reordering.
      const lastChange = atCarol.client.frames.all(isChange("reacted")).at(-1)!.event.seq;
      assert.equal((await react(atBob.client, sent.id, "👍", true)).type, "done");
      assert.equal((await react(atBob.client, sent.id, "❤️", false)).type, "done");
      await atCarol.client.frames.expectNone(
        (frame) => isChange("reacted")(frame) && frame.event.seq > lastChange,
        200,
        "change after a repeated reaction",
      );

      assert.deepEqual(await reactionsAfter(atBob.client, "👍", false), { "👍": [alice.userId], "❤️": [alice.userId] });
      assert.deepEqual(await reactionsAfter(atBob.client, "👍", true), { "👍": [alice.userId, bob.userId], "❤️": [alice.userId] });
      assert.deepEqual(await reactionsAfter(atAlice.client, "❤️", false), { "👍": [alice.userId, bob.userId] });
      assert.deepEqual(await reactionsAfter(atAlice.client, "👍", false), { "👍": [bob.userId] });
      assert.equal(await reactionsAfter(atBob.client, "👍", false), undefined, "no reactions left");

      const stored = await storedState(id, alice, sent.id);
      assert.equal(stored?.reactions, undefined);
      assert.equal(stored?.text, "react to me", "reactions leave the text alone");
    });

    it(`refuses the ${LIMITS.reactionsPerMessage + 1}st different emoji on a message, but not more reactors to one already there`, async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const sent = await atBob.client.say("so many feelings");
      const emoji = Array.from({ length: LIMITS.reactionsPerMessage + 1 }, (_, i) => String.fromCodePoint(0x1f600 + i));
      for (const one of emoji.slice(0, -1)) assert.equal((await react(atAlice.client, sent.id, one)).type, "done", one);

      assertRefused(await react(atBob.client, sent.id, emoji.at(-1)!), "forbidden", "one emoji too many");
      assert.equal((await react(atBob.client, sent.id, emoji[0]!)).type, "done", "joining an emoji already there");
      const stored = await storedState(id, bob, sent.id);
      assert.deepEqual(Object.keys(stored?.reactions ?? {}), emoji.slice(0, -1), "emoji in the order they first came");
      assert.deepEqual(stored?.reactions?.[emoji[0]!], [alice.userId, bob.userId]);
    });

    it("accepts one emoji with its modifiers and joiners, and refuses anything else as bad_frame", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const sent = await atAlice.client.say("what do you make of it?");

      for (const emoji of ["👍🏽", "🇫🇷", "1️⃣", "👨‍👩‍👧", "🏳️‍🌈", "❤️‍🔥"]) {
        assert.equal((await react(atAlice.client, sent.id, emoji)).type, "done", emoji);
      }
      for (const notEmoji of ["", "a", "1", "#", "123", "+1", "👍👍", "👍 ", "<b>👍</b>", "\u200d", "👍".repeat(LIMITS.emojiLength)]) {
        const answer = await react(atAlice.client, sent.id, notEmoji);
        assertRefused(answer, "bad_frame", JSON.stringify(notEmoji));
      }
      const stored = await storedState(id, bob, sent.id);
      assert.deepEqual(Object.keys(stored?.reactions ?? {}), ["👍🏽", "🇫🇷", "1️⃣", "👨‍👩‍👧", "🏳️‍🌈", "❤️‍🔥"]);
    });
  });

  describe("replies", () => {
    it("stores and delivers the message a reply answers, and refuses a reply to a message not in the conversation", async () => {
      const [alice, bob, carol] = [freshUser("alice"), freshUser("bob"), freshUser("carol")];
      const id = await clients.group(alice, [bob, carol]);
      const elsewhere = await clients.group(alice, []);
      const atAlice = await clients.enter(id, alice);
      const atBob = await clients.enter(id, bob);
      const question = await atAlice.client.say("lunch?");
      const foreign = await (await clients.enter(elsewhere, alice)).client.say("in another conversation");

      const replyId = messageId();
      atBob.client.send({ type: "send", id: replyId, text: "yes!", replyTo: question.id });
      const reply = await atBob.client.frames.nextOfType("ack", (ack) => ack.id === replyId);
      const delivered = await atAlice.client.frames.next(isMessageEvent(replyId), "bob's reply");
      assert.equal(delivered.event.message.replyTo, question.id);
      assert.equal(delivered.event.seq, reply.seq);

      for (const replyTo of [messageId(), foreign.id]) {
        const orphanId = messageId();
        atBob.client.send({ type: "send", id: orphanId, text: "answering nothing here", replyTo });
        const error = await atBob.client.nextError();
        assert.deepEqual({ code: error.code, ref: error.ref }, { code: "not_found", ref: orphanId });
      }

      const { welcome } = await clients.enter(id, carol);
      assert.equal(welcome.lastSeq, reply.seq, "no refused reply was stored");
      assert.deepEqual(
        messagesIn(welcome.events).map(({ id: stored, replyTo }) => ({ id: stored, replyTo })),
        [
          { id: question.id, replyTo: undefined },
          { id: replyId, replyTo: question.id },
        ],
      );
      await atAlice.client.frames.expectNone((frame) => frame.type === "event" && frame.event.seq > reply.seq, 100, "event for a refused reply");
    });
  });

  describe("history pages", () => {
    // 25 messages, with title changes after the 10th and the 20th that no page may hold.
    const paged = async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const seqs: number[] = [];
      for (const [count, title] of [[10, "ten"], [10, "twenty"], [5, undefined]] as const) {
        seqs.push(...seqsOf(await atAlice.client.sayMany(count, (i) => `message ${seqs.length + i + 1}`)));
        if (title) await atAlice.client.expectDone({ type: "update", ref: freshRef(), title });
      }
      return { client: atAlice.client, seqs };
    };

    const assertPage = (got: PageFrame, seqs: number[], hasMore: boolean, what: string) => {
      assert.deepEqual(seqsOf(got.events), seqs, `${what}: seqs`);
      assert.ok(got.events.every((event) => event.kind === "message"), `${what}: messages only`);
      assert.equal(got.hasMore, hasMore, `${what}: hasMore`);
    };

    it("pages backwards from the latest messages to the beginning, messages only", async () => {
      const { client, seqs } = await paged();
      const latest = await page(client, {}, 10);
      assertPage(latest, seqs.slice(15), true, "the latest page");
      const middle = await page(client, { before: latest.events[0]!.seq }, 10);
      assertPage(middle, seqs.slice(5, 15), true, "the middle page, across a title change");
      const first = await page(client, { before: middle.events[0]!.seq }, 10);
      assertPage(first, seqs.slice(0, 5), false, "the short first page");
      assertPage(await page(client, { before: seqs[5]! }, 5), seqs.slice(0, 5), false, "a page that ends exactly at the beginning");
      assertPage(await page(client, { before: seqs[0]! }, 10), [], false, "before the first message");
      assertPage(await page(client, { before: 1 }, 10), [], false, "before seq 1");
      assertPage(await page(client, {}, LIMITS.historyPageSize), seqs, false, "everything in one page");
    });

    it("pages forwards from any seq to the end", async () => {
      const { client, seqs } = await paged();
      const first = await page(client, { after: 0 }, 10);
      assertPage(first, seqs.slice(0, 10), true, "the first page");
      const second = await page(client, { after: first.events.at(-1)!.seq }, 10);
      assertPage(second, seqs.slice(10, 20), true, "the second page, across a title change");
      const last = await page(client, { after: second.events.at(-1)!.seq }, 10);
      assertPage(last, seqs.slice(20), false, "the short last page");
      assertPage(await page(client, { after: seqs[19]! }, 5), seqs.slice(20), false, "a page that ends exactly at the end");
      assertPage(await page(client, { after: seqs.at(-1)! }, 10), [], false, "after the last message");
      assertPage(await page(client, { after: seqs.at(-1)! + 1000 }, 10), [], false, "after the last seq");
    });

    it(`refuses a limit over ${LIMITS.historyPageSize} or under 1 as bad_frame`, async () => {
      const alice = freshUser("alice");
      const id = await clients.group(alice, []);
      const { client } = await clients.enter(id, alice);
      for (const limit of [LIMITS.historyPageSize + 1, 0]) {
        assertRefused(await client.request({ type: "history", ref: freshRef(), limit }), "bad_frame", `limit ${limit}`);
      }
      assertPage(await page(client, {}, LIMITS.historyPageSize), [], false, "an empty conversation");
    });
  });

  it("moves a read position only forward: a lower or equal read does nothing and tells nobody", async () => {
    const [alice, bob] = [freshUser("alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const atAlice = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const [first, , third] = await atAlice.client.sayMany(3);

    atBob.client.send({ type: "read", seq: third!.seq });
    const read = await atAlice.client.frames.nextOfType("read_by");
    assert.deepEqual({ userId: read.userId, seq: read.seq }, { userId: bob.userId, seq: third!.seq });
    atBob.client.send({ type: "read", seq: first!.seq });
    atBob.client.send({ type: "read", seq: third!.seq });
    // Bob's frames are handled in order: once his typing reaches alice, any read_by would have too.
    atBob.client.send({ type: "typing", on: true });
    await atAlice.client.frames.nextOfType("typing_by");
    assert.equal(atAlice.client.frames.all((frame) => frame.type === "read_by").length, 1, "no read_by for reads that moved nothing");
    const { welcome } = await clients.enter(id, alice);
    assert.equal(welcome.members.find((member) => member.userId === bob.userId)?.lastReadSeq, third!.seq);
  });

  it("shows typing to the others only, not to the typist's other socket, and stores none of it", async () => {
    const [alice, bob, carol] = [freshUser("alice", "Alice"), freshUser("bob"), freshUser("carol")];
    const id = await clients.group(alice, [bob, carol]);
    const aliceTyping = await clients.enter(id, alice);
    const aliceOtherTab = await clients.enter(id, alice);
    const atBob = await clients.enter(id, bob);
    const atCarol = await clients.enter(id, carol);
    const lastSeq = atCarol.welcome.lastSeq;

    aliceTyping.client.send({ type: "typing", on: true });
    for (const client of [atBob.client, atCarol.client]) {
      assert.deepEqual(await client.frames.nextOfType("typing_by"), { type: "typing_by", userId: alice.userId, name: "Alice", on: true });
    }
    aliceTyping.client.send({ type: "typing", on: false });
    assert.deepEqual(await atBob.client.frames.nextOfType("typing_by"), { type: "typing_by", userId: alice.userId, name: "Alice", on: false });
    for (const client of [aliceTyping.client, aliceOtherTab.client]) {
      await client.frames.expectNone((frame) => frame.type === "typing_by", 100, "typing_by about oneself");
    }

    const sent = await aliceTyping.client.say("done typing");
    assert.equal(sent.seq, lastSeq + 1, "typing used no seq");
    for (const since of [undefined, 0]) {
      const { welcome } = await clients.enter(id, bob, since);
      assert.deepEqual(
        welcome.events.filter((event) => event.seq > lastSeq).map((event) => event.kind),
        ["message"],
        `the welcome${since === undefined ? "" : " replaying from 0"} holds no typing`,
      );
    }
    const latest = await page(atBob.client, {}, 10);
    assert.deepEqual(seqsOf(latest.events), [sent.seq], "the history holds no typing");
  });

  describe("presence", () => {
    it("keeps a member here and online while any of their sockets is open, and says so when the last closes", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);

      const bobsTab = await clients.enter(id, bob);
      assert.deepEqual(await atAlice.client.frames.next(isPresenceOf(bob.userId), "bob arriving"), {
        type: "presence",
        userId: bob.userId,
        online: true,
        here: true,
      });
      assert.ok(bobsTab.welcome.here.includes(bob.userId) && bobsTab.welcome.online.includes(bob.userId), "bob's welcome counts him in");
      await bobsTab.client.frames.expectNone(isPresenceOf(bob.userId), 100, "presence about oneself on arrival");

      const bobsOtherTab = await clients.enter(id, bob);
      assert.deepEqual(bobsOtherTab.welcome.here.sort(), [alice.userId, bob.userId].sort());
      bobsTab.client.close();
      await bobsTab.client.closed;
      await atAlice.client.frames.expectNone(
        (frame) => isPresenceOf(bob.userId)(frame) && !(frame.type === "presence" && frame.here),
        300,
        "bob gone while he still has a tab open",
      );
      assert.ok((await clients.enter(id, alice)).welcome.here.includes(bob.userId), "bob is still here");

      bobsOtherTab.client.close();
      assert.deepEqual(await atAlice.client.frames.next(isPresenceOf(bob.userId), "bob leaving"), {
        type: "presence",
        userId: bob.userId,
        online: false,
        here: false,
      });
      const { welcome } = await clients.enter(id, alice);
      assert.ok(!welcome.here.includes(bob.userId) && !welcome.online.includes(bob.userId), "bob is gone");
    });

    it("counts a member with only their conversation list open as online but not here", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      // Bob creates it from his list and keeps it open: alice's hello asks his Inbox.
      let bobsList = await clients.inbox(bob);
      const id = await bobsList.create({ conversationType: "group", members: [alice.userId] });
      await bobsList.summary(id);
      const atAlice = await clients.enter(id, alice);
      assert.ok(atAlice.welcome.online.includes(bob.userId) && !atAlice.welcome.here.includes(bob.userId), "online, not here");

      const presence = (what: string) => atAlice.client.frames.next(isPresenceOf(bob.userId), what);
      bobsList.close();
      assert.deepEqual(await presence("bob's list closing"), { type: "presence", userId: bob.userId, online: false, here: false });
      bobsList = await clients.inbox(bob);
      assert.deepEqual(await presence("bob's list opening"), { type: "presence", userId: bob.userId, online: true, here: false });
      const listOnly = (await clients.enter(id, alice)).welcome;
      assert.ok(listOnly.online.includes(bob.userId) && !listOnly.here.includes(bob.userId), "a welcome says the same");

      // Opening and closing the conversation leaves him online.
      const atBob = await clients.enter(id, bob);
      assert.deepEqual(await presence("bob opening it"), { type: "presence", userId: bob.userId, online: true, here: true });
      atBob.client.close();
      assert.deepEqual(await presence("bob closing it"), { type: "presence", userId: bob.userId, online: true, here: false });
      bobsList.close();
      assert.deepEqual(await presence("bob's list closing again"), { type: "presence", userId: bob.userId, online: false, here: false });
    });

    it("counts a socket opened away as online but not here until it says here, and gives it every frame", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const id = await clients.group(alice, [bob]);
      const atAlice = await clients.enter(id, alice);
      const presence = (what: string) => atAlice.client.frames.next(isPresenceOf(bob.userId), what);

      const following = await clients.enter(id, { ...bob, away: true });
      assert.deepEqual(await presence("bob following"), { type: "presence", userId: bob.userId, online: true, here: false });
      assert.ok(following.welcome.online.includes(bob.userId) && !following.welcome.here.includes(bob.userId), "his own welcome: online, not here");
      const seen = (await clients.enter(id, alice)).welcome;
      assert.ok(seen.online.includes(bob.userId) && !seen.here.includes(bob.userId), "alice's welcome: online, not here");

      const ack = await atAlice.client.say("for bob in the background");
      await following.client.frames.next(isMessageEvent(ack.id), "the message reaching the away socket");

      following.client.send({ type: "here", on: true });
      assert.deepEqual(await presence("bob showing it"), { type: "presence", userId: bob.userId, online: true, here: true });
      following.client.send({ type: "here", on: false });
      assert.deepEqual(await presence("bob following again"), { type: "presence", userId: bob.userId, online: true, here: false });

      // A tab showing it comes and goes while the away socket stays.
      const bobsTab = await clients.enter(id, bob);
      assert.deepEqual(await presence("bob's tab opening"), { type: "presence", userId: bob.userId, online: true, here: true });
      bobsTab.client.close();
      assert.deepEqual(await presence("bob's tab closing"), { type: "presence", userId: bob.userId, online: true, here: false });

      following.client.close();
      assert.deepEqual(await presence("bob gone"), { type: "presence", userId: bob.userId, online: false, here: false });
    });

    it("shows in a one-to-one row whether the peer's conversation list is open", async () => {
      const [alice, bob] = [freshUser("alice"), freshUser("bob")];
      const aliceList = await clients.inbox(alice);
      let bobsList = await clients.inbox(bob);
      const id = await aliceList.create({ conversationType: "direct", members: [bob.userId] });
      assert.equal((await aliceList.summary(id)).peer?.online, true, "bob's list is open");
      // Once the row is in bob's list (a one-to-one is, with its first message), his list
      // closing tells the conversation.
      await (await clients.enter(id, alice)).client.say("hi");
      await bobsList.summary(id);

      bobsList.close();
      await aliceList.summary(id, (summary) => summary.peer?.online === false);
      bobsList = await clients.inbox(bob);
      await aliceList.summary(id, (summary) => summary.peer?.online === true);
      bobsList.close();
      await aliceList.summary(id, (summary) => summary.peer?.online === false);
      const { listing } = await clients.inbox(alice);
      assert.equal(listing.conversations.find((summary) => summary.id === id)?.peer?.online, false, "the stored row too");
    });
  });

  it("updates the conversation list's last message when the latest message is edited or deleted", async () => {
    const [alice, bob] = [freshUser("alice", "Alice"), freshUser("bob")];
    const id = await clients.group(alice, [bob]);
    const bobsList = await clients.inbox(bob);
    const atAlice = await clients.enter(id, alice);
    const earlier = await atAlice.client.say("earlier");
    const latest = await atAlice.client.say("latest");
    await bobsList.summary(id, (summary) => summary.lastMessage?.text === "latest");

    assert.equal((await edit(atAlice.client, latest.id, "latest, edited")).type, "done");
    const edited = await bobsList.summary(id, (summary) => summary.lastMessage?.text === "latest, edited");
    assert.deepEqual(edited.lastMessage, { senderId: alice.userId, senderName: "Alice", text: "latest, edited", createdAt: latest.createdAt });
    assert.equal(edited.unread, 2, "an edit is nothing new to read");
    assert.equal(edited.updatedAt, latest.createdAt, "nor does it move the row up the list");

    assert.equal((await edit(atAlice.client, earlier.id, "earlier, edited")).type, "done");
    await bobsList.frames.expectNone(
      (frame) => frame.type === "summary" && frame.conversation.lastMessage?.text === "earlier, edited",
      300,
      "an older message in the row",
    );

    assert.equal((await remove(atAlice.client, latest.id)).type, "done");
    const deleted = await bobsList.summary(id, (summary) => summary.lastMessage?.deleted === true);
    assert.deepEqual(deleted.lastMessage, { senderId: alice.userId, senderName: "Alice", text: "", createdAt: latest.createdAt, deleted: true });
    assert.equal(deleted.unread, 1, "a deleted message is no longer unread");
    const { listing } = await clients.inbox(bob);
    assert.deepEqual(listing.conversations.find((summary) => summary.id === id)?.lastMessage, deleted.lastMessage);
  });
});

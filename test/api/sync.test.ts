/**
 * Following every conversation from one place, against the real server: the chat-wide
 * `message` event and `createChat({ sync: true })`, for conversations never opened, joined
 * later, and left behind when the user is removed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { atom, type ReadableAtom } from "nanostores";
import { type Chat, type ChatMessage, type Op } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

type Heard = { conversationId: string; text: string; op: Op; id: string };

/** Every `message` event `chat` hears from now on, as a store to wait on. */
function heardBy(chat: Chat): ReadableAtom<Heard[]> {
  const $heard = atom<Heard[]>([]);
  chat.on("message", (message: ChatMessage, op) =>
    $heard.set([...$heard.get(), { conversationId: message.conversationId, text: message.text, op, id: message.id }]),
  );
  return $heard;
}

const textsIn = (heard: Heard[], conversationId: string, op: Op = 1) =>
  heard.filter((item) => item.conversationId === conversationId && item.op === op).map((item) => item.text);

describe("following every conversation", () => {
  const { server } = useTestServer();
  const { chatAs, online, signedIn } = useChats(server);

  /** Alice's group with `others`, once `watcher` hears a first message in it (its socket is live). */
  async function groupHeardBy(alice: Chat, others: Chat[], $heard: ReadableAtom<Heard[]>) {
    const group = await alice.create({ type: "group", members: others.map((chat) => chat.user.userId) });
    group.send("ready");
    await until($heard, (heard) => textsIn(heard, group.id).includes("ready"), "the first message heard");
    return group;
  }

  it("gives every message of a burst in a conversation never opened, in order", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const $heard = heardBy(bob);
    const group = await groupHeardBy(alice, [bob], $heard);
    const burst = ["one", "two", "three", "four", "five"];
    for (const text of burst) group.send(text);
    const heard = await until($heard, (items) => textsIn(items, group.id).length === 6, "the burst");
    assert.deepEqual(textsIn(heard, group.id), ["ready", ...burst], "each message once, in order, none coalesced");
    assert.ok(heard.every((item) => item.conversationId === group.id));
  });

  it("reports an edit as op 0 and a deletion as op -1", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const $heard = heardBy(bob);
    const group = await groupHeardBy(alice, [bob], $heard);
    const id = group.send("draft");
    await until($heard, (heard) => heard.some((item) => item.id === id && item.op === 1), "the message");
    await group.edit(id, "final");
    await until($heard, (heard) => heard.some((item) => item.id === id && item.op === 0 && item.text === "final"), "the edit as op 0");
    await group.delete(id);
    await until($heard, (heard) => heard.some((item) => item.id === id && item.op === -1), "the deletion as op -1");
  });

  it("includes a conversation the user joins later", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const $heard = heardBy(bob);
    await groupHeardBy(alice, [bob], $heard);
    const later = await alice.create({ type: "group", members: [], joinable: true });
    await bob.join(later.id);
    await until(bob.conversations, (list) => list.some((item) => item.id === later.id), "the joined row");
    later.send("after joining");
    await until($heard, (heard) => textsIn(heard, later.id).includes("after joining"), "a message of the joined conversation");
  });

  it("with sync on, keeps the latest messages of a conversation never opened, and current", async () => {
    const alice = chatAs("alice");
    const group = await alice.create({ type: "group", members: [] });
    const earlier = Array.from({ length: 55 }, (_, index) => `earlier ${index}`);
    for (const text of earlier) group.send(text);
    await until(group.messages, (messages) => messages.filter((message) => message.status === "sent").length === earlier.length, "all sent");
    const bob = chatAs("bob", { sync: true });
    await until(bob.loaded, Boolean, "bob signed in");
    await group.add(bob.user.userId);
    const atBob = bob.conversation(group.id);
    // Read without subscribing: only sync holds the conversation open.
    const settle = async (what: string, holds: (texts: string[]) => boolean) => {
      const deadline = Date.now() + 8_000;
      while (!holds(atBob.messages.get().map((message) => message.text))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await settle("the latest page", (texts) => texts.includes("earlier 54"));
    const texts = atBob.messages.get().map((message) => message.text);
    // The latest page is 50 events: bob's being added is one of them.
    assert.deepEqual(texts, earlier.slice(-49), "the latest messages, in order");
    group.send("live");
    await settle("a live message", (held) => held.at(-1) === "live");
  });

  it("with sync on, shows the user online but not here until their app subscribes to the conversation", async () => {
    const [alice, carol, bob] = await signedIn(chatAs("alice"), chatAs("carol"), chatAs("bob", { sync: true }));
    const [$bob, $carol] = [heardBy(bob), heardBy(carol)];
    const bobId = bob.user.userId;
    await until(bob.loaded, Boolean, "bob signed in");
    const group = await online(await alice.create({ type: "group", members: [bobId, carol.user.userId] }));
    group.send("first");
    await until($bob, (heard) => textsIn(heard, group.id).includes("first"), "bob's sync hears it");
    // Bob's socket was admitted before this send: alice hears of it before its ack.
    group.send("second");
    await until(group.messages, (messages) => messages.some((message) => message.text === "second" && message.status === "sent"), "second sent");
    await until(group.online, (ids) => ids.includes(bobId), "bob online");
    assert.ok(!group.here.get().includes(bobId), "only following, bob is not here");

    // Bob's app shows the conversation: nothing but this subscription reads bob's handle.
    const stop = bob.conversation(group.id).messages.listen(() => {});
    await until(group.here, (ids) => ids.includes(bobId), "bob here while his app subscribes");
    stop();
    await until(group.here, (ids) => !ids.includes(bobId), "bob not here once it stops");
    assert.ok(group.online.get().includes(bobId), "and still online");

    group.send("third");
    await until($bob, (heard) => textsIn(heard, group.id).includes("third"), "bob hears third");
    await until($carol, (heard) => textsIn(heard, group.id).includes("third"), "carol hears third");
    assert.deepEqual(textsIn($bob.get(), group.id), ["first", "second", "third"], "bob's sync gets every message, once");
    assert.deepEqual(textsIn($carol.get(), group.id), ["first", "second", "third"]);
  });

  it("stops giving a removed member a conversation's messages, while a member still gets them", async () => {
    const [alice, bob, carol] = await signedIn(chatAs("alice"), chatAs("bob", { sync: true }), chatAs("carol"));
    const [$bob, $carol] = [heardBy(bob), heardBy(carol)];
    const group = await alice.create({ type: "group", members: [bob.user.userId, carol.user.userId] });
    group.send("before");
    await until($bob, (heard) => textsIn(heard, group.id).includes("before"), "bob hears before");
    await until($carol, (heard) => textsIn(heard, group.id).includes("before"), "carol hears before");
    await group.kick(bob.user.userId);
    await until(bob.conversations, (list) => !list.some((item) => item.id === group.id), "bob's row gone");
    group.send("after");
    await until($carol, (heard) => textsIn(heard, group.id).includes("after"), "carol still hears");
    group.send("later");
    await until($carol, (heard) => textsIn(heard, group.id).includes("later"), "carol hears later");
    assert.deepEqual(textsIn($bob.get(), group.id), ["before"], "nothing after the removal reaches bob");
    assert.ok(!bob.conversation(group.id).messages.get().some((message) => message.text !== "before"), "nor his store");
  });
});

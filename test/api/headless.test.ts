/**
 * The headless API (`createChat`) from Node against the real server: the stores and actions a
 * host app drives without Confab's elements, over the widget's own transport.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ChatError, type ChatMessage, type Op } from "../../src/store/index.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

const texts = (messages: ChatMessage[]) => messages.map((message) => message.text);

describe("the headless API", () => {
  const { server } = useTestServer();
  const { chatAs: chatNamed, signedIn } = useChats(server);
  const chatAs = (prefix: string, name: string) => chatNamed(prefix, { name });

  it("creates a group that every member's list shows, and delivers messages both ways", async () => {
    const [alice, bob] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId], title: "Planning" });
    const [row] = await until(bob.conversations, (list) => list.some((item) => item.id === group.id), "bob's row");
    assert.equal(row!.title, "Planning");
    assert.equal(row!.memberCount, 2);

    const atBob = bob.conversation(group.id);
    const bobMessages = atBob.messages.listen(() => {});
    await until(atBob.status, (status) => status === "online", "bob online");

    const id = group.send("hello from alice");
    assert.equal(group.messages.get().at(-1)?.status, "pending", "shown at once as pending");
    const sent = await until(group.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "ack");
    assert.ok(sent.find((m) => m.id === id)!.seq! > 0);
    await until(atBob.messages, (messages) => texts(messages).includes("hello from alice"), "bob receives");

    atBob.send("hi alice");
    await until(group.messages, (messages) => texts(messages).includes("hi alice"), "alice receives");
    assert.deepEqual(texts(group.messages.get()), ["hello from alice", "hi alice"]);
    bobMessages();
  });

  it("reports each message to on('message'): added when sent, updated when acknowledged", async () => {
    const [alice, bob] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"));
    const direct = await alice.create({ type: "direct", members: [bob.user.userId] });
    const seen: [string, Op][] = [];
    const stop = direct.on("message", (message, op) => seen.push([message.status, op]));
    await until(direct.status, (status) => status === "online", "online");
    const id = direct.send("ping");
    await until(direct.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "ack");
    stop();
    assert.deepEqual(seen, [["pending", 1], ["sent", 0]]);
  });

  it("opens the same one-to-one conversation however often and from whichever side it is created", async () => {
    const [alice, bob] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"));
    const first = await alice.create({ type: "direct", members: [bob.user.userId] });
    const again = await alice.create({ type: "direct", members: [bob.user.userId] });
    const fromBob = await bob.create({ type: "direct", members: [alice.user.userId] });
    assert.equal(again.id, first.id);
    assert.equal(fromBob.id, first.id);
    assert.equal(again, first, "the same handle");
    const list = await until(bob.conversations, (items) => items.length > 0, "bob's list");
    assert.equal(list.filter((item) => item.id === first.id).length, 1);
  });

  it("rejects what a role does not allow with a ChatError, and changes nothing", async () => {
    const [alice, bob, carol] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"), chatAs("carol", "Carol"));
    const group = await alice.create({ type: "group", members: [bob.user.userId, carol.user.userId] });
    const atBob = bob.conversation(group.id);
    await assert.rejects(atBob.kick(carol.user.userId), (error: unknown) => {
      assert.ok(error instanceof ChatError);
      assert.equal(error.code, "forbidden");
      return true;
    });
    await assert.rejects(atBob.update({ title: "Mine now" }), ChatError);
    const unsubscribe = group.members.listen(() => {});
    const members = await until(group.members, (list) => list.length === 3, "three members");
    assert.equal(members.length, 3);
    unsubscribe();
  });

  it("lets owners manage members: add, update, kick; the kicked user loses the conversation and its socket", async () => {
    const [alice, bob, carol] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"), chatAs("carol", "Carol"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    await group.add(carol.user.userId);
    await until(carol.conversations, (list) => list.some((item) => item.id === group.id), "carol's row");
    await group.update({ title: "Renamed", metadata: { color: "teal" } });
    const row = await until(bob.conversations, (list) => list.some((item) => item.title === "Renamed"), "rename");
    assert.equal(row.find((item) => item.id === group.id)!.memberCount, 3);

    const atCarol = carol.conversation(group.id);
    const removals: Op[] = [];
    carol.on("conversation", (item, op) => item.id === group.id && op === -1 && removals.push(op));
    const stop = atCarol.status.listen(() => {});
    await until(atCarol.status, (status) => status === "online", "carol online");
    await group.kick(carol.user.userId);
    await until(atCarol.status, (status) => status === "refused", "carol refused");
    await until(carol.conversations, (list) => !list.some((item) => item.id === group.id), "carol's row gone");
    assert.deepEqual(removals, [-1], "reported removed once");
    atCarol.send("still here?");
    const last = atCarol.messages.get().at(-1);
    assert.deepEqual([last?.status, last?.errorCode], ["failed", "forbidden"], "fails at once, never left pending");
    stop();
  });

  it("counts unread messages for bob until he marks them read", async () => {
    const [alice, bob] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"));
    const direct = await alice.create({ type: "direct", members: [bob.user.userId] });
    direct.send("one");
    direct.send("two");
    await until(bob.unreadCount, (count) => count === 2, "two unread");
    const atBob = bob.conversation(direct.id);
    const stop = atBob.messages.listen(() => {});
    await until(atBob.messages, (messages) => messages.length === 2, "bob has both");
    atBob.markSeen();
    await until(bob.unreadCount, (count) => count === 0, "all read");
    stop();
  });

  it("joins a joinable group by id and refuses one that is not", async () => {
    const [alice, dave] = await signedIn(chatAs("alice", "Alice"), chatAs("dave", "Dave"));
    const open = await alice.create({ type: "group", members: [], title: "Open", joinable: true });
    const closed = await alice.create({ type: "group", members: [], title: "Closed" });
    const joined = await dave.join(open.id);
    assert.equal(joined.id, open.id);
    await until(dave.conversations, (list) => list.some((item) => item.id === open.id), "dave's row");
    await assert.rejects(dave.join(closed.id), (error: unknown) => error instanceof ChatError && error.code === "forbidden");
  });

  it("sends a message from a handle nobody subscribed to", async () => {
    const [alice, bob] = await signedIn(chatAs("alice", "Alice"), chatAs("bob", "Bob"));
    const direct = await alice.create({ type: "direct", members: [bob.user.userId] });
    const atBob = bob.conversation(direct.id);
    atBob.send("fire and forget");
    await until(alice.conversations, (list) => list.some((item) => item.lastMessage?.text === "fire and forget"), "delivered");
  });
});

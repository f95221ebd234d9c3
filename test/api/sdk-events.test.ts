/**
 * What a host app built on `on("message")` hears (issue #19): a deletion as op -1, older history
 * loaded by `fetchMessages` as added messages, and messages that name their conversation and type.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS } from "../../src/protocol/index.js";
import {  type ChatMessage, type Op } from "../../src/store/index.js";
import { DEV_VARS } from "../../scripts/servers.js";
import { useTestServer } from "../support/server-clients.js";
import { useChats } from "../support/headless-chats.js";
import { until } from "../support/stores.js";

describe("the headless API's message events", () => {
  const { server } = useTestServer();
  const { chatAs, signedIn } = useChats(server);

  const sentIn = (messages: ChatMessage[], id: string) => messages.some((message) => message.id === id && message.status === "sent");

  it("reports a deleted message to on('message') as op -1, to the deleter and the other member, keeping its tombstone", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    const atBob = bob.conversation(group.id);
    const heardByAlice: [string, Op][] = [];
    const heardByBob: [string, Op][] = [];
    const stopAlice = group.on("message", (message, op) => heardByAlice.push([message.id, op]));
    const stopBob = atBob.on("message", (message, op) => heardByBob.push([message.id, op]));
    await until(atBob.status, (status) => status === "online", "bob online");
    const id = group.send("soon gone");
    await until(atBob.messages, (messages) => sentIn(messages, id), "bob has it");
    await group.delete(id);
    await until(atBob.messages, (messages) => messages.some((m) => m.id === id && m.deletedAt !== undefined), "bob's tombstone");
    stopAlice();
    stopBob();
    assert.deepEqual(heardByBob, [[id, 1], [id, -1]]);
    assert.ok(heardByAlice.some(([heardId, op]) => heardId === id && op === -1), JSON.stringify(heardByAlice));
    assert.equal(group.messages.get().find((m) => m.id === id)?.text, "", "the tombstone stays, text gone");
  });

  it("reports each older message fetchMessages loads as added (op 1), oldest first, and none already held", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    // More than the latest page the welcome brings, so some are older than what bob holds.
    const ids = Array.from({ length: LIMITS.latestPageSize + 4 }, (_, index) => group.send(`message ${index}`));
    await until(group.messages, (messages) => ids.every((id) => sentIn(messages, id)), "all acked", 30_000);

    const atBob = bob.conversation(group.id);
    const heard: [string, Op][] = [];
    const stop = atBob.on("message", (message, op) => heard.push([message.text, op]));
    await until(atBob.loaded, (loaded) => loaded, "bob loaded");
    assert.equal(atBob.messages.get()[0]?.text, "message 4");
    heard.length = 0;
    const older = await atBob.fetchMessages({ limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.text), ["message 1", "message 2", "message 3"]);
    assert.deepEqual(heard, [["message 1", 1], ["message 2", 1], ["message 3", 1]]);
    heard.length = 0;
    await atBob.fetchMessages({ before: atBob.messages.get()[3]!.seq!, limit: 3 });
    assert.deepEqual(heard, [], "messages already held are not reported again");
    stop();
  });

  it("gives every message its conversation's id and a type: user for a member's, system for the host's line", async () => {
    const [alice, bob] = await signedIn(chatAs("alice"), chatAs("bob"));
    const group = await alice.create({ type: "group", members: [bob.user.userId] });
    const atBob = bob.conversation(group.id);
    const holds = atBob.messages.listen(() => {});
    await until(atBob.status, (status) => status === "online", "bob online");
    const id = group.send("from a member");
    const pending = group.messages.get().find((message) => message.id === id)!;
    assert.deepEqual([pending.conversationId, pending.type], [group.id, "user"], "pending");
    await until(atBob.messages, (messages) => sentIn(messages, id), "bob has it");
    const posted = await fetch(`http://${server().host}/api/v1/conversations/${encodeURIComponent(group.id)}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEV_VARS.API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ system: true, text: "Your order has shipped" }),
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    const held = await until(atBob.messages, (messages) => messages.length === 2, "both at bob");
    assert.deepEqual(
      held.map((message) => [message.text, message.conversationId, message.type]),
      [
        ["from a member", group.id, "user"],
        ["Your order has shipped", group.id, "system"],
      ],
    );
    const [found] = await atBob.search("shipped");
    assert.deepEqual([found?.conversationId, found?.type], [group.id, "system"], "search results too");
    holds();
  });
});

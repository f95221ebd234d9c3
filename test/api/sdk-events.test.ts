/**
 * What a host app built on `on("message")` hears (issue #19): a deletion as op -1.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { createChat, type Chat, type ChatMessage, type Op } from "../../src/store/index.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { until } from "../support/stores.js";

describe("the headless API's message events", () => {
  const { server } = useTestServer();
  const chats: Chat[] = [];
  after(() => chats.forEach((chat) => chat.end()));

  function chatAs(prefix: string): Chat {
    const chat = createChat({ host: server().host, user: freshUserId(prefix), name: prefix, WebSocket });
    chats.push(chat);
    return chat;
  }

  const sentIn = (messages: ChatMessage[], id: string) => messages.some((message) => message.id === id && message.status === "sent");

  it("reports a deleted message to on('message') as op -1, to the deleter and the other member, keeping its tombstone", async () => {
    const [alice, bob] = [chatAs("alice"), chatAs("bob")];
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
});

/**
 * Creating and sending in one step (issue #19): a group of its creator alone, `chat.send` to a
 * person or a conversation answering with the stored message or the reason, and a message to a
 * conversation that does not exist failing at once.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { createChat, type Chat } from "../../src/store/index.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { until } from "../support/stores.js";

describe("creating and sending in one step", () => {
  const { server } = useTestServer();
  const chats: Chat[] = [];
  after(() => chats.forEach((chat) => chat.end()));

  function chatAs(prefix: string): Chat {
    const chat = createChat({ host: server().host, user: freshUserId(prefix), name: prefix, WebSocket });
    chats.push(chat);
    return chat;
  }

  it("creates a group with the creator as its only member from create({}), and it works", async () => {
    const [alice, bob] = [chatAs("alice"), chatAs("bob")];
    const alone = await alice.create({});
    const members = await until(alone.members, (list) => list.length > 0, "members");
    assert.deepEqual(members.map((member) => [member.userId, member.role]), [[alice.user.userId, "owner"]]);
    assert.equal(alone.meta.get()?.type, "group");
    const [row] = await until(alice.conversations, (list) => list.some((item) => item.id === alone.id), "alice's row");
    assert.equal(row!.memberCount, 1);
    const id = alone.send("note to self");
    await until(alone.messages, (messages) => messages.some((m) => m.id === id && m.status === "sent"), "acked");
    await alone.add(bob.user.userId);
    await until(bob.conversations, (list) => list.some((item) => item.id === alone.id), "bob added later");
  });
});

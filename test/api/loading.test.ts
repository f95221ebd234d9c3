/**
 * `loaded` tells "not here yet" from "none" (issue #17): through a network that holds the
 * server's answers back, the list and a conversation stay not loaded, and empty, until the
 * server has answered, and turn loaded together with what it sent.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { createChat, type Chat } from "../../src/store/index.js";
import { freshUserId, useTestServer } from "../support/server-clients.js";
import { until } from "../support/stores.js";
import { SlowLink } from "../support/tcp.js";

const DELAY_MS = 1_500;

describe("loaded", () => {
  const { server } = useTestServer();
  const chats: Chat[] = [];
  after(() => chats.forEach((chat) => chat.end()));

  function chatAs(prefix: string, userId = freshUserId(prefix), host = server().host): Chat {
    const chat = createChat({ host, user: userId, name: prefix, WebSocket });
    chats.push(chat);
    return chat;
  }

  /** Every value `store` takes from now on, paired with `other`'s at that moment. */
  function record<A, B>(store: { subscribe(listener: (value: A) => void): () => void }, other: { get(): B }): [A, B][] {
    const seen: [A, B][] = [];
    store.subscribe((value) => seen.push([value, other.get()]));
    return seen;
  }

  it("holds the list and a conversation not loaded until a slow server answers, then loaded with their contents", { timeout: 30_000 }, async () => {
    const alice = chatAs("alice");
    const bob = chatAs("bob");
    const group = await alice.create({ type: "group", members: [bob.user.userId], title: "Slow" });
    const sent = group.send("hello through the slow link");
    await until(group.messages, (messages) => messages.some((m) => m.id === sent && m.status === "sent"), "acked");

    const link = await SlowLink.open(server().server.port, DELAY_MS);
    try {
      const slowAlice = chatAs("alice", alice.user.userId, `127.0.0.1:${link.port}`);
      const listSeen = record(slowAlice.loaded, slowAlice.conversations);
      const conversation = slowAlice.conversation(group.id);
      const conversationSeen = record(conversation.loaded, conversation.messages);

      await new Promise((resolve) => setTimeout(resolve, DELAY_MS / 2));
      assert.equal(slowAlice.loaded.get(), false, "the list is not loaded while the server has not answered");
      assert.deepEqual(slowAlice.conversations.get(), []);
      assert.equal(conversation.loaded.get(), false, "nor is the conversation");
      assert.deepEqual(conversation.messages.get(), []);

      await until(slowAlice.loaded, (loaded) => loaded, "the list loaded", 15_000);
      await until(conversation.loaded, (loaded) => loaded, "the conversation loaded", 15_000);
      // The moment each turned loaded, it already held what the server sent.
      const [listLoadedWith] = listSeen.filter(([loaded]) => loaded).map(([, list]) => list);
      assert.deepEqual(listLoadedWith?.map((summary) => summary.id), [group.id]);
      const [messagesLoadedWith] = conversationSeen.filter(([loaded]) => loaded).map(([, messages]) => messages);
      assert.deepEqual(messagesLoadedWith?.map((message) => message.text), ["hello through the slow link"]);
    } finally {
      await link.close();
    }
  });

  it("loads an empty list as loaded and empty: none, not pending", async () => {
    const carol = chatAs("carol");
    await until(carol.loaded, (loaded) => loaded, "loaded");
    assert.deepEqual(carol.conversations.get(), []);
  });
});

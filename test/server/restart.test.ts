/**
 * Conversations and inboxes live in the Durable Objects' SQLite storage on disk: they survive
 * the server stopping (gracefully or not) and the seq carries on where it was.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AckFrame } from "../../src/protocol/index.js";
import {
  freshUser,
  isMessageEvent,
  messagesIn,
  restartTestServer,
  useTestServer,
} from "../support/server-clients.js";

describe("persistence across a server restart", () => {
  const { server, clients } = useTestServer();

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`keeps the conversation, its messages and the inboxes, and continues the seq, after the server is stopped with ${signal}`, async () => {
      const alice = freshUser("alice", "Alice");
      const bob = freshUser("bob");
      const bobsInbox = await clients.inbox(bob);
      const conversationId = await clients.create(alice, { conversationType: "direct", members: [bob.userId] });

      const { client: atAlice, welcome } = await clients.enter(conversationId, alice);
      const created = welcome.lastSeq;
      assert.equal(created, 3, "meta and both members");
      const texts = ["first", "second", "third"].map((text) => `${text} before ${signal}`);
      const acks: AckFrame[] = [];
      for (const text of texts) acks.push(await atAlice.say(text));
      assert.deepEqual(acks.map((ack) => ack.seq), [created + 1, created + 2, created + 3]);
      // The inbox has caught up before the server goes down.
      await bobsInbox.summary(conversationId, (summary) => summary.unread === 3);

      clients.closeAll();
      await restartTestServer(server(), signal);

      const inboxAgain = await clients.inbox(bob);
      assert.deepEqual(
        inboxAgain.listing.conversations.map(({ id, type, title, memberCount, unread, lastMessage }) => ({
          id,
          type,
          title,
          memberCount,
          unread,
          lastMessage,
        })),
        [
          {
            id: conversationId,
            type: "direct",
            title: "Alice",
            memberCount: 2,
            unread: 3,
            lastMessage: { senderId: alice.userId, senderName: "Alice", text: texts[2]!, createdAt: acks[2]!.createdAt },
          },
        ],
      );

      const { client: atBob, welcome: afterRestart } = await clients.enter(conversationId, bob);
      assert.equal(afterRestart.lastSeq, created + 3);
      assert.equal(afterRestart.reset, false);
      assert.deepEqual(afterRestart.members.map((member) => member.userId).sort(), [alice.userId, bob.userId].sort());
      assert.deepEqual(
        messagesIn(afterRestart.events).map(({ id, seq, senderId, senderName, text, createdAt }) => ({ id, seq, senderId, senderName, text, createdAt })),
        texts.map((text, i) => ({
          id: acks[i]!.id,
          seq: created + i + 1,
          senderId: alice.userId,
          senderName: "Alice",
          text,
          createdAt: acks[i]!.createdAt,
        })),
      );

      const { client: aliceAgain } = await clients.enter(conversationId, alice, created + 3);
      // A resend of a message stored before the restart is still recognised.
      assert.deepEqual(await aliceAgain.say("first again", { id: acks[0]!.id }), acks[0]);
      const next = await aliceAgain.say(`after ${signal}`);
      assert.equal(next.seq, created + 4);
      const delivered = await atBob.frames.next(isMessageEvent(next.id), "the message after the restart");
      assert.equal(delivered.event.seq, created + 4);
      await inboxAgain.summary(conversationId, (summary) => summary.unread === 4 && summary.lastMessage?.text === `after ${signal}`);
    });
  }
});

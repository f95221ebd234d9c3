/**
 * Messages live in the Durable Object's SQLite storage on disk: they survive the server
 * stopping (gracefully or not) and the seq carries on where it was.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWrangler, type RunningProcess } from "../../scripts/servers.js";
import type { AckFrame } from "../../src/protocol/index.js";
import {
  ClientPool,
  freshConversationId,
  freshUserId,
} from "../support/server-clients.js";

describe("persistence across a server restart", () => {
  let persistTo: string;
  let server: RunningProcess | undefined;
  const clients = new ClientPool();
  const host = () => `127.0.0.1:${server!.port}`;

  before(async () => {
    persistTo = await mkdtemp(join(tmpdir(), "confab-restart-test-"));
    server = await startWrangler({ persistTo });
  });

  after(async () => {
    clients.closeAll();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  async function restart(signal: NodeJS.Signals): Promise<void> {
    clients.closeAll();
    const stopping = server!;
    server = undefined;
    await stopping.stop(signal);
    server = await startWrangler({ persistTo });
  }

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`keeps the messages and continues the seq after the server is stopped with ${signal}`, async () => {
      const conversationId = freshConversationId(signal.toLowerCase());
      const aliceId = freshUserId("alice");
      const { client: alice } = await clients.join({ host: host(), conversationId, userId: aliceId, name: "Alice" });
      const acks: AckFrame[] = [];
      for (const text of ["first", "second", "third"]) acks.push(await alice.say(`${text} before ${signal}`));
      assert.deepEqual(acks.map((ack) => ack.seq), [1, 2, 3]);

      await restart(signal);

      const { client: bob, welcome } = await clients.join({ host: host(), conversationId, userId: freshUserId("bob") });
      assert.equal(welcome.lastSeq, 3);
      assert.equal(welcome.reset, false);
      assert.deepEqual(
        welcome.messages.map(({ id, seq, senderId, senderName, text, createdAt }) => ({ id, seq, senderId, senderName, text, createdAt })),
        ["first", "second", "third"].map((text, i) => ({
          id: acks[i]!.id,
          seq: i + 1,
          senderId: aliceId,
          senderName: "Alice",
          text: `${text} before ${signal}`,
          createdAt: acks[i]!.createdAt,
        })),
      );

      const { client: aliceAgain } = await clients.join({ host: host(), conversationId, userId: aliceId, name: "Alice" }, 3);
      // A resend of a message stored before the restart is still recognised.
      assert.deepEqual(await aliceAgain.say("first again", { id: acks[0]!.id }), acks[0]);
      const next = await aliceAgain.say(`after ${signal}`);
      assert.equal(next.seq, 4);
      const delivered = await bob.inbox.nextOfType("message");
      assert.equal(delivered.message.id, next.id);
      assert.equal(delivered.message.seq, 4);
      clients.closeAll();
    });
  }
});

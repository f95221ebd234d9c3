/**
 * The frame rate limit belongs to the user, not the socket (issue #15): many sockets of one
 * user share one bucket, and closing them and connecting again does not fill it (a socket's
 * first frame, its hello, is always served). On a server that refills slowly
 * (RATE_LIMIT_PER_SECOND=5, RATE_LIMIT_BURST=40); a good member of the same room keeps being
 * served throughout.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { TEST_VARS, freshUser, messageId, useTestServer, type ConversationClient } from "../support/server-clients.js";

// A slow refill next to the burst: a fresh bucket after reconnecting would stand out.
const RATE = 5;
const BURST = 40;
const SOCKETS = 5;

/** Sends `count` messages on each of `sockets` at once; resolves with how many were acked and how long it took. */
async function blast(sockets: ConversationClient[], count: number): Promise<{ acked: number; seconds: number }> {
  const start = performance.now();
  const answers = sockets.flatMap((socket) =>
    Array.from({ length: count }, () => {
      const id = messageId();
      socket.send({ type: "send", id, text: "burst" });
      return socket.frames.next((frame) => (frame.type === "ack" && frame.id === id) || (frame.type === "error" && frame.ref === id), `answer to ${id}`, 20_000);
    }),
  );
  const frames = await Promise.all(answers);
  return { acked: frames.filter((frame) => frame.type === "ack").length, seconds: (performance.now() - start) / 1000 };
}

describe("the frame rate limit per user", () => {
  const { clients } = useTestServer({ ...TEST_VARS, RATE_LIMIT_PER_SECOND: String(RATE), RATE_LIMIT_BURST: String(BURST) });

  it("is shared by all of a user's sockets and survives their reconnecting, while another member is served", { timeout: 60_000 }, async () => {
    const [alice, flooder] = [freshUser("alice", "Alice"), freshUser("flooder")];
    const id = await clients.group(alice, [flooder]);
    const atAlice = await clients.enter(id, alice);
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => clients.enter(id, flooder).then(({ client }) => client)));

    const first = await blast(sockets, 40);
    const allowed = BURST + RATE * first.seconds + 2;
    assert.ok(first.acked <= allowed, `${first.acked} of ${SOCKETS * 40} acked in ${first.seconds.toFixed(2)} s; one user may have about ${Math.floor(allowed)}`);
    assert.ok(first.acked >= BURST, `the burst itself was served (${first.acked})`);

    // Reconnecting right away starts from the emptied bucket, not a fresh one; its hello is served.
    const emptiedAt = performance.now();
    for (const socket of sockets) socket.close();
    await Promise.all(sockets.map((socket) => socket.closed));
    const again = (await clients.enter(id, flooder)).client;
    const second = await blast([again], 40);
    const refilled = RATE * ((performance.now() - emptiedAt) / 1000) + 2;
    assert.ok(second.acked <= refilled, `${second.acked} of 40 acked after reconnecting; a fresh bucket would give ${BURST}`);

    // Alice was never slowed down by someone else's flood.
    for (let i = 0; i < 5; i++) await atAlice.client.say(`alice ${i}`);
  });
});

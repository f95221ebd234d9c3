/**
 * A member flooding a conversation (and their inbox) on a server with the real frame rate
 * limit: RATE_LIMIT_PER_SECOND=20 and RATE_LIMIT_BURST=40, the defaults. The flooder's frames
 * over the rate are answered `rate_limited` (naming the dropped frame) and not handled, its
 * sockets stay open, and the other members go on talking undisturbed.
 *
 * Latencies are measured and printed, never asserted: test machines are shared and noisy.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import type { AckFrame, ConversationEvent, StoredMessage } from "../../src/protocol/index.js";
import type { AnyFrame } from "../support/frame-inbox.js";
import {
  TEST_VARS,
  freshUser,
  isMessageEvent,
  messageId,
  messagesIn,
  useTestServer,
  type ConversationClient,
  type RoomClient,
} from "../support/server-clients.js";

const RATE = 20;
const BURST = 40;
/** The test settings, with the real frame rate limit rather than the lifted one. */
const FLOOD_VARS: Record<string, string> = { ...TEST_VARS, RATE_LIMIT_PER_SECOND: String(RATE), RATE_LIMIT_BURST: String(BURST) };

const FLOOD_FRAMES_PER_SECOND = 1_000;
const FLOOD_MS = 2_500;
/** Time for an emptied bucket to fill up again, with some to spare. */
const REFILL_MS = (BURST / RATE) * 1000 + 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await sleep(5);
  }
}

async function isOpen(client: Pick<RoomClient<AnyFrame>, "closed" | "socket">): Promise<boolean> {
  const closed = await Promise.race([client.closed.then((info) => info), sleep(0).then(() => undefined)]);
  return closed === undefined && client.socket.readyState === 1;
}

function stats(values: number[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? NaN) * 10) / 10;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

/** When each message event reached `client`, by message id, taken as the frame arrives. */
function arrivalTimes(client: ConversationClient): Map<string, number> {
  const arrivals = new Map<string, number>();
  client.socket.addEventListener("message", (event: { data: unknown }) => {
    if (typeof event.data !== "string" || !event.data.startsWith('{"type":"event"')) return;
    const frame = JSON.parse(event.data) as { event: ConversationEvent };
    if (frame.event.kind === "message") arrivals.set(frame.event.message.id, performance.now());
  });
  return arrivals;
}

interface Said {
  from: string;
  id: string;
  text: string;
  phase: string;
  sentAt: number;
  /** The ack, or what went wrong waiting for it. */
  ack: Promise<AckFrame | Error>;
}

describe("a member flooding a conversation, with the real rate limit", () => {
  const { server, clients } = useTestServer(FLOOD_VARS);

  it("drops the flooder's frames over the rate, keeps its socket, and the others' messages all arrive in order", { timeout: 120_000 }, async () => {
    const owner = freshUser("owner", "Owner");
    const flooder = freshUser("flooder", "Flooder");
    const alice = freshUser("alice", "Alice");
    const bob = freshUser("bob", "Bob");
    const conversationId = await clients.group(owner, [flooder, alice, bob]);
    const atAlice = await clients.enter(conversationId, alice);
    const atBob = await clients.enter(conversationId, bob);
    const atFlooder = await clients.enter(conversationId, flooder);
    const startSeq = atFlooder.welcome.lastSeq;
    const people = { alice: atAlice.client, bob: atBob.client };
    const arrivals = { alice: arrivalTimes(atAlice.client), bob: arrivalTimes(atBob.client) };

    /** Alice and bob take turns, each well under the rate (10 messages a second each). */
    const said: Said[] = [];
    const converse = async (phase: string, ms: number) => {
      const end = performance.now() + ms;
      for (let turn = 0; performance.now() < end; turn++) {
        const from = turn % 2 === 0 ? "alice" : "bob";
        const id = messageId();
        const text = `${phase}: ${from} says ${turn}`;
        const sentAt = performance.now();
        const ack = people[from].say(text, { id }).catch((error: Error) => error);
        said.push({ from, id, text, phase, sentAt, ack });
        await sleep(50);
      }
    };

    // ── a quiet baseline ──
    await converse("quiet", 2_000);

    // ── the flood, while alice and bob go on talking ──
    const floodIds: string[] = [];
    const floodStart = performance.now();
    const flooding = (async () => {
      while (performance.now() - floodStart < FLOOD_MS) {
        const due = Math.floor(((performance.now() - floodStart) / 1000) * FLOOD_FRAMES_PER_SECOND);
        while (floodIds.length < due) {
          const id = messageId();
          floodIds.push(id);
          atFlooder.client.send({ type: "send", id, text: `flood ${floodIds.length}` });
        }
        await sleep(2);
      }
      return (performance.now() - floodStart) / 1000;
    })();
    const [floodSeconds] = await Promise.all([flooding, converse("flood", FLOOD_MS + 500)]);

    // Every flooded frame is answered once: acked, or refused as rate_limited naming it.
    const answerOf = (frame: { type: string; id?: string; ref?: string }) => (frame.type === "ack" ? frame.id : frame.type === "error" ? frame.ref : undefined);
    const flooderAnswers = () => atFlooder.client.frames.all((frame) => frame.type === "ack" || frame.type === "error");
    await until(
      () => flooderAnswers().length >= floodIds.length,
      30_000,
      () => `the flooder got ${flooderAnswers().length} answers to ${floodIds.length} frames`,
    );
    const lastAnswerAt = performance.now();
    const answers = flooderAnswers();
    assert.deepEqual(answers.map(answerOf), floodIds, "one answer per flooded frame, in order, naming it");
    const ackFrames = answers.filter((frame) => frame.type === "ack");
    const acked = ackFrames.map((frame) => frame.id);
    const refused = answers.filter((frame) => frame.type === "error");
    assert.deepEqual([...new Set(refused.map((frame) => frame.code))], ["rate_limited"], "frames are only ever refused for the rate");
    assert.ok(refused.length > 0, "the flood was limited");
    assert.ok(refused.every((frame) => frame.message.length > 0));
    const expectedAccepted = BURST + RATE * (FLOOD_MS / 1000);
    // Generous: the server may take the frames in over a shorter or longer time than they were
    // sent in, but it takes at least the burst, and at most what the time until the last answer allows.
    const [atLeast, atMost] = [BURST, Math.ceil(BURST + RATE * ((lastAnswerAt - floodStart) / 1000) + 5)];
    assert.ok(
      acked.length >= atLeast && acked.length <= atMost,
      `${acked.length} flooded messages accepted, expected about ${expectedAccepted} (between ${atLeast} and ${atMost})`,
    );
    // By the server's own clock (the acks' createdAt), the count is the burst plus the rate over
    // the time between the first and the last accepted message.
    const serverSpanMs = ackFrames.at(-1)!.createdAt - ackFrames[0]!.createdAt;
    const byServerClock = BURST + (RATE * serverSpanMs) / 1000;
    assert.ok(
      Math.abs(acked.length - byServerClock) <= 3,
      `${acked.length} accepted over ${serverSpanMs} ms of server time, where the limit allows ${byServerClock.toFixed(1)}`,
    );

    // The flooder's socket stays open, and serves again once the bucket fills up.
    assert.ok(await isOpen(atFlooder.client), "the flooder's socket is still open");
    await sleep(REFILL_MS);
    const afterwards = await atFlooder.client.say("sorry about that");

    // Alice's and bob's messages were all acked, none refused, and all arrived at the other, in order.
    const acks = await Promise.all(said.map((message) => message.ack));
    const failed = acks.flatMap((ack, i) => (ack instanceof Error ? [`${said[i]!.text}: ${ack.message.split("\n")[0]}`] : []));
    assert.deepEqual(failed, [], "every message alice and bob sent was acked");
    for (const [name, client] of Object.entries(people)) {
      assert.deepEqual(client.frames.all((frame) => frame.type === "error"), [], `${name} was never refused`);
    }
    for (const [from, to] of [["alice", "bob"], ["bob", "alice"]] as const) {
      const sent = said.filter((message) => message.from === from).map((message) => message.id);
      const mine = new Set(sent);
      await until(
        () => people[to].frames.all(isMessageEvent()).filter((frame) => mine.has(frame.event.message.id)).length >= sent.length,
        10_000,
        () => `${to} got ${people[to].frames.all(isMessageEvent()).filter((frame) => mine.has(frame.event.message.id)).length} of ${from}'s ${sent.length} messages`,
      );
      assert.deepEqual(
        people[to].frames.all(isMessageEvent()).map((frame) => frame.event.message.id).filter((id) => mine.has(id)),
        sent,
        `${to} got all of ${from}'s messages, once each, in order`,
      );
    }

    // What was stored: every message of alice's and bob's, and exactly the flooder's accepted ones.
    const reader = await clients.enter(conversationId, owner, startSeq);
    assert.equal(reader.welcome.reset, false);
    const stored: StoredMessage[] = messagesIn(reader.welcome.events);
    const storedBy = (userId: string) => stored.filter((message) => message.senderId === userId).map((message) => message.id);
    assert.deepEqual(storedBy(flooder.userId), [...acked, afterwards.id], "the flooder's accepted messages are stored, the dropped ones not");
    assert.deepEqual(
      stored.filter((message) => message.senderId !== flooder.userId).map((message) => message.id),
      said.map((message) => message.id),
      "alice's and bob's messages are all stored, in the order sent",
    );
    for (const [name, client] of [["alice", atAlice.client], ["bob", atBob.client], ["flooder", atFlooder.client]] as const) {
      assert.deepEqual(client.frames.invalid, [], `every frame ${name} got matched the protocol`);
    }

    // Latency from one member's send to the other's receipt.
    const latency = (phase: string) =>
      stats(
        said
          .filter((message) => message.phase === phase)
          .map((message) => arrivals[message.from === "alice" ? "bob" : "alice"].get(message.id)! - message.sentAt),
      );
    const health = await fetch(`${server().server.url}/health`);
    assert.equal(health.status, 200);
    console.log(
      "flood summary " +
        JSON.stringify(
          {
            limit: { perSecond: RATE, burst: BURST },
            flood: {
              framesSent: floodIds.length,
              seconds: Math.round(floodSeconds * 100) / 100,
              framesPerSecond: Math.round(floodIds.length / floodSeconds),
              accepted: acked.length,
              expectedAboutAccepted: expectedAccepted,
              bounds: [atLeast, atMost],
              serverSpanMs,
              allowedByServerClock: Math.round(byServerClock * 10) / 10,
              rateLimited: refused.length,
            },
            conversation: { quietMessages: said.filter((m) => m.phase === "quiet").length, floodMessages: said.filter((m) => m.phase === "flood").length },
            latencyMs: { quiet: latency("quiet"), duringFlood: latency("flood") },
          },
          null,
          2,
        ),
    );
  });

  it("limits the flooder's inbox socket the same way", { timeout: 60_000 }, async () => {
    const owner = freshUser("owner", "Owner");
    const flooder = freshUser("flooder", "Flooder");
    const conversationId = await clients.group(owner, [flooder]);
    const inbox = await clients.inbox(flooder);

    // Valid joins (the flooder is already a member, so each is answered `done`), all at once.
    const refs = Array.from({ length: 300 }, (_, i) => `join-${i}`);
    const start = performance.now();
    for (const ref of refs) inbox.send({ type: "join", ref, conversationId });
    const answers = () => inbox.frames.all((frame) => frame.type === "done" || frame.type === "error");
    await until(() => answers().length >= refs.length, 30_000, () => `${answers().length} answers to ${refs.length} joins`);
    const seconds = (performance.now() - start) / 1000;
    const all = answers();
    // Joins call the conversation, so the answers need not come in order.
    assert.deepEqual(all.map((frame) => ("ref" in frame ? frame.ref : undefined)).sort(), [...refs].sort(), "one answer per join, naming it");
    const done = all.filter((frame) => frame.type === "done");
    const refused = all.filter((frame) => frame.type === "error");
    assert.deepEqual([...new Set(refused.map((frame) => frame.code))], ["rate_limited"]);
    assert.ok(
      done.length >= BURST && done.length <= BURST + RATE * seconds + 2,
      `${done.length} joins handled, expected the burst of ${BURST} plus ${RATE}/s over ${seconds.toFixed(2)} s`,
    );
    // Dropped, not queued: the first frames were the ones handled.
    const handled = new Set(done.map((frame) => frame.ref));
    assert.ok(refs.slice(0, BURST).every((ref) => handled.has(ref)), "the burst at the front was handled");

    assert.ok(await isOpen(inbox), "the inbox socket is still open");
    await sleep(REFILL_MS);
    const again = await inbox.join(conversationId);
    assert.equal(again.type, "done", "the inbox serves again once its bucket has filled");
    assert.deepEqual(inbox.frames.invalid, []);
    console.log(
      "inbox flood summary " +
        JSON.stringify({ framesSent: refs.length, seconds: Math.round(seconds * 100) / 100, handled: done.length, rateLimited: refused.length }),
    );
  });
});

/**
 * Resync: a client that was offline while many messages arrived comes back. Measures, with
 * the headless store (createChat in Node over `ws`), the time from the moment it reconnects
 * until its messages store holds what it missed: 500 missed (within the server's replay
 * limit), and 1,000 missed (past it: the server sends the latest page with `reset`, and the
 * client pages back through history). Baseline, in the same run: a fresh client with nothing
 * held, from creation to its welcome.
 *
 *   npx tsx bench/resync.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { LIMITS } from "../src/protocol/index.js";
import { createChat, type Chat, type ConversationHandle } from "../src/store/index.js";
import { startWrangler, type RunningProcess } from "../scripts/servers.js";
import { until } from "../test/support/stores.js";
import { BENCH_VARS, createGroup, isMain, measuredOn, ms, percentile, sendMessages, sleep, tokenFor } from "./harness.js";

export interface ResyncOptions {
  missed: number[];
  repeats: number;
}

export interface ResyncRun {
  missed: number;
  /** Missed messages in the store once the reconnect's welcome was applied. */
  inWelcome: number;
  /** Reconnect → the welcome's messages in the store. */
  welcomeMs: number;
  /** History pages fetched after the welcome to hold every missed message. */
  pages: number;
  /** Reconnect → every missed message in the store. */
  allMs: number;
}

export interface ResyncResult {
  runs: ResyncRun[];
  /** A fresh client: creation → its welcome's messages in the store. */
  coldWelcomeMs: number[];
}

export const defaultResyncOptions = (): ResyncOptions => ({ missed: [500, 1000], repeats: 3 });

/** Longer than nanostores' unmount delay (1 s), after which the socket closes. */
const UNMOUNT_WAIT_MS = 1500;

const missedText = (n: number) => `missed ${n}`;
const countMissed = (room: ConversationHandle) =>
  room.messages.get().filter((message) => message.seq !== null && message.text.startsWith("missed ")).length;

async function chatFor(server: RunningProcess, user: string): Promise<Chat> {
  return createChat({ host: `127.0.0.1:${server.port}`, token: await tokenFor(user), WebSocket });
}

async function resyncOnce(server: RunningProcess, missed: number, tag: string): Promise<ResyncRun> {
  const roomId = `resync-${tag}`;
  await createGroup(server.port, roomId, "sender", ["roamer"]);
  const chat = await chatFor(server, "roamer");
  try {
    const room = chat.conversation(roomId);
    let hold = room.messages.listen(() => {});
    await until(room.status, (status) => status === "online", "the roamer online");
    // Offline: the last holder lets go, so the socket closes once nanostores unmounts the
    // stores (a second later); the store keeps its last seq. Reading a store now would mount it.
    hold();
    await sleep(UNMOUNT_WAIT_MS);
    await sendMessages(server.port, roomId, "sender", Array.from({ length: missed }, (_, n) => missedText(n)));

    const reconnected = performance.now();
    hold = room.messages.listen(() => {});
    await until(room.status, (status) => status === "online", "the roamer back online", 30_000);
    const welcomeMs = performance.now() - reconnected;
    const inWelcome = countMissed(room);
    let pages = 0;
    for (let more = true; more && countMissed(room) < missed; pages++) {
      ({ hasMore: more } = await room.fetchMessages({ limit: LIMITS.historyPageSize }));
    }
    const allMs = performance.now() - reconnected;
    if (countMissed(room) !== missed) throw new Error(`the roamer holds ${countMissed(room)} of ${missed} missed messages`);
    hold();
    return { missed, inWelcome, welcomeMs, pages, allMs };
  } finally {
    await chat.end();
  }
}

async function coldWelcome(server: RunningProcess, roomId: string): Promise<number> {
  const started = performance.now();
  const chat = await chatFor(server, "roamer");
  try {
    const room = chat.conversation(roomId);
    await until(room.status, (status) => status === "online", "a cold client online", 30_000);
    return performance.now() - started;
  } finally {
    await chat.end();
  }
}

export async function runResync(options: ResyncOptions = defaultResyncOptions()): Promise<ResyncResult> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-resync-"));
  const server = await startWrangler({ persistTo, vars: BENCH_VARS });
  try {
    const result: ResyncResult = { runs: [], coldWelcomeMs: [] };
    const stamp = Date.now();
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const missed of options.missed) {
        const run = await resyncOnce(server, missed, `${stamp}-${missed}-${repeat}`);
        result.runs.push(run);
        // The baseline reads the same conversation, just filled, with nothing held.
        result.coldWelcomeMs.push(await coldWelcome(server, `resync-${stamp}-${missed}-${repeat}`));
        console.log(`resync ${missed}: welcome ${ms(run.welcomeMs)} ms (${run.inWelcome} missed in it), all ${ms(run.allMs)} ms, cold ${ms(result.coldWelcomeMs.at(-1)!)} ms`);
      }
    }
    return result;
  } finally {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

export function resyncSection(result: ResyncResult, options: ResyncOptions): string {
  const rows = options.missed.map((missed) => {
    const runs = result.runs.filter((run) => run.missed === missed);
    return {
      missed,
      inWelcome: runs.map((run) => run.inWelcome).join(", "),
      pages: runs.map((run) => run.pages).join(", "),
      welcomeMs: median(runs.map((run) => run.welcomeMs)),
      allMs: median(runs.map((run) => run.allMs)),
      allRuns: runs.map((run) => ms(run.allMs)).join(", "),
    };
  });
  const thousand = rows.find((row) => row.missed === 1000);
  const cold = median(result.coldWelcomeMs);
  return `## Resync after being offline

${measuredOn()}

The headless store (\`createChat\` in Node over \`ws\`, one wrangler dev on loopback): the client
holds a conversation, lets go of it (its socket closes, its last seq stays), another member
sends N messages, then the client holds it again. Timed from that moment (reconnect) until the
client's messages store holds every missed message. The server replays at most
${LIMITS.replayLimit} events after the client's seq; past that it sends the latest ${LIMITS.latestPageSize} with \`reset\`, and the
client pages back with \`fetchMessages\` (${LIMITS.historyPageSize} a page, as the widget does on scrolling up).
Baseline: a fresh client holding nothing, from \`createChat\` to its welcome applied. Medians of
${options.repeats} runs. Run alone: \`npx tsx bench/resync.ts\`.

| missed | missed in the welcome | reconnect → welcome applied ms | pages fetched after | reconnect → all missed held ms (runs) |
| ---: | --- | ---: | --- | ---: |
${rows.map((row) => `| ${row.missed} | ${row.inWelcome} | ${ms(row.welcomeMs)} | ${row.pages} | ${ms(row.allMs)} (${row.allRuns}) |`).join("\n")}

Baseline, fresh client to welcome: ${ms(cold)} ms (runs ${result.coldWelcomeMs.map(ms).join(", ")}).

Target (issue 10): 1,000 missed messages all shown ≤ 1 s after reconnect: **${thousand && thousand.allMs <= 1000 ? "met" : "not met"}**${thousand ? ` (${ms(thousand.allMs)} ms)` : ""}.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultResyncOptions();
  console.log(resyncSection(await runResync(options), options));
}

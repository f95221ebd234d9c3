/**
 * Resync: a client that was offline while many messages arrived comes back. Measures, with
 * the headless store (createChat in Node over `ws`), the time from the moment it holds the
 * conversation again until its messages store holds what it missed: 500 missed (within the
 * server's replay limit), and 1,000 missed (past it: the server sends the latest page with
 * `reset`, and the client pages back through history). Baseline, alternating with it round by
 * round (bench/rounds.ts): a fresh client holding nothing, from holding the same conversation
 * until it holds the same messages (its welcome's latest page, then paging back).
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
import { BENCH_VARS, createGroup, isMain, measuredOn, ms, sendMessages, sleep, tokenFor } from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadBy } from "./rounds.js";

export interface ResyncOptions {
  missed: number[];
  rounds: number;
}

/** One client bringing in the missed messages, from the moment it holds the conversation. */
export interface HoldRun {
  /** Missed messages in the store once the welcome was applied. */
  inWelcome: number;
  /** Hold → the welcome's messages in the store. */
  welcomeMs: number;
  /** History pages fetched after the welcome to hold every missed message. */
  pages: number;
  /** Hold → every missed message in the store. */
  allMs: number;
}

export interface ResyncResult {
  missed: number;
  /** The client that held the conversation before, back online: one run per round. */
  resync: HoldRun[];
  /** The baseline, a fresh client holding nothing: one run per round. */
  fresh: HoldRun[];
}

export const defaultResyncOptions = (): ResyncOptions => ({
  missed: (process.env.BENCH_MISSED ?? "500,1000").split(",").map(Number),
  rounds: DEFAULT_ROUNDS,
});

/** Longer than nanostores' unmount delay (1 s), after which the socket closes. */
const UNMOUNT_WAIT_MS = 1500;

const missedText = (n: number) => `missed ${n}`;
const countMissed = (room: ConversationHandle) =>
  room.messages.get().filter((message) => message.seq !== null && message.text.startsWith("missed ")).length;

/** A chat for `user`, its list in: signed in, so only the conversation's own socket is timed. */
async function signedIn(server: RunningProcess, user: string): Promise<Chat> {
  const chat = createChat({ host: `127.0.0.1:${server.port}`, token: await tokenFor(user), WebSocket });
  await until(chat.loaded, Boolean, `${user} signed in`, 30_000);
  return chat;
}

/** Holds `roomId` in `chat` and times it until every one of `missed` messages is in the store. */
async function holdUntilAll(chat: Chat, roomId: string, missed: number): Promise<HoldRun> {
  const room = chat.conversation(roomId);
  const started = performance.now();
  const release = room.messages.listen(() => {});
  try {
    await until(room.status, (status) => status === "online", `${roomId} online`, 30_000);
    const welcomeMs = performance.now() - started;
    const inWelcome = countMissed(room);
    let pages = 0;
    for (let more = true; more && countMissed(room) < missed; pages++) {
      ({ hasMore: more } = await room.fetchMessages({ limit: LIMITS.historyPageSize }));
    }
    const allMs = performance.now() - started;
    if (countMissed(room) !== missed) throw new Error(`${roomId} holds ${countMissed(room)} of ${missed} missed messages`);
    return { inWelcome, welcomeMs, pages, allMs };
  } finally {
    release();
  }
}

/** A round's conversation: the roamer held it, let go, and `missed` messages arrived since. */
async function offlineWhileSent(server: RunningProcess, roomId: string, missed: number): Promise<Chat> {
  await createGroup(server.port, roomId, "sender", ["roamer", "newcomer"]);
  const roamer = await signedIn(server, "roamer");
  const room = roamer.conversation(roomId);
  const hold = room.messages.listen(() => {});
  await until(room.status, (status) => status === "online", "the roamer online");
  // Offline: the last holder lets go, so the socket closes once nanostores unmounts the
  // stores (a second later); the store keeps its last seq. Reading a store now would mount it.
  hold();
  await sleep(UNMOUNT_WAIT_MS);
  await sendMessages(server.port, roomId, "sender", Array.from({ length: missed }, (_, n) => missedText(n)));
  return roamer;
}

async function measureMissed(server: RunningProcess, missed: number, rounds: number): Promise<ResyncResult> {
  const stamp = Date.now();
  const roomOf = (round: number) => `resync-${stamp}-${missed}-${round}`;
  // Whichever goes first in a round prepares its conversation; both read the same one.
  const roamers = new Map<number, Promise<Chat>>();
  const roamerOf = (round: number) => roamers.get(round) ?? roamers.set(round, offlineWhileSent(server, roomOf(round), missed)).get(round)!;
  const timed = async (chat: Chat, round: number) => {
    try {
      return await holdUntilAll(chat, roomOf(round), missed);
    } finally {
      await chat.end();
    }
  };
  const runs = await alternate(
    [
      { name: "resync", run: async (round: number) => timed(await roamerOf(round), round) },
      {
        name: "fresh",
        run: async (round: number) => {
          await roamerOf(round);
          return timed(await signedIn(server, "newcomer"), round);
        },
      },
    ],
    rounds,
    (name, round, run) => console.log(`resync ${missed}, round ${round + 1}, ${name}: welcome ${ms(run.welcomeMs)} ms (${run.inWelcome} missed in it), all ${ms(run.allMs)} ms`),
  );
  return { missed, resync: runs.get("resync")!, fresh: runs.get("fresh")! };
}

export async function runResync(options: ResyncOptions = defaultResyncOptions()): Promise<ResyncResult[]> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-resync-"));
  const server = await startWrangler({ persistTo, vars: BENCH_VARS });
  try {
    const results: ResyncResult[] = [];
    for (const missed of options.missed) results.push(await measureMissed(server, missed, options.rounds));
    return results;
  } finally {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

export function resyncSection(results: ResyncResult[], options: ResyncOptions): string {
  const rows = results.flatMap(({ missed, resync, fresh }) =>
    (
      [
        ["back online (resync)", resync],
        ["fresh client (baseline)", fresh],
      ] as const
    ).map(([client, runs]) => {
      const cell = (figure: (run: HoldRun) => number, digits = 1) => showSpread(spreadBy(runs, figure), digits);
      const ratio = runs === resync ? showSpread(ratioSpread(resync.map((run) => run.allMs), fresh.map((run) => run.allMs)), 2) : "–";
      return `| ${missed} | ${client} | ${cell((run) => run.inWelcome, 0)} | ${cell((run) => run.welcomeMs)} | ${cell((run) => run.pages, 0)} | ${cell((run) => run.allMs)} | ${ratio} |`;
    }),
  );
  const thousand = results.find((result) => result.missed === 1000);
  const thousandMs = thousand && spreadBy(thousand.resync, (run) => run.allMs);
  return `## Resync after being offline

${measuredOn()}

The headless store (\`createChat\` in Node over \`ws\`, one wrangler dev on loopback): the client
holds a conversation, lets go of it (its socket closes, its last seq stays), another member
sends N messages, then the client holds it again. Timed from that moment until the client's
messages store holds every missed message. The server replays at most
${LIMITS.replayLimit} events after the client's seq; past that it sends the latest ${LIMITS.latestPageSize} with \`reset\`, and the
client pages back with \`fetchMessages\` (${LIMITS.historyPageSize} a page, as the widget does on scrolling up).
Baseline: a fresh client, another member holding nothing (signed in, its list in), timed the same
way on the same conversation: from holding it until its store holds the same N messages (its
welcome's latest page, then paging back). ${options.rounds} rounds in one process, each on a conversation of
its own, the two clients alternating which goes first; each cell is the median of the rounds
(lowest–highest), the ratio taken round by round. Run alone: \`npx tsx bench/resync.ts\`.

| missed | client | missed in the welcome | hold → welcome applied ms | pages fetched after | hold → all missed held ms | ÷ fresh client |
| ---: | --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Target (issue 10): 1,000 missed messages all shown ≤ 1 s after reconnect: ${
    thousandMs ? `**${thousandMs.median <= 1000 ? "met" : "not met"}** (${showSpread(thousandMs)} ms)` : "**not measured** (no row of 1,000 missed)"
  }.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultResyncOptions();
  console.log(resyncSection(await runResync(options), options));
}

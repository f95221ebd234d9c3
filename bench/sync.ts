/**
 * The cost of `createChat({ sync: true })`: a reader in N conversations (each with more
 * messages than the latest page) starts the headless API cold, with sync off (the list only)
 * and on (every conversation followed), alternating round by round in one process
 * (bench/rounds.ts). Counted on the reader's
 * side: sockets opened, frames and bytes received, time until the list is in (off) or every
 * conversation holds its newest message (on); on the server's: workerd's CPU time and memory.
 *
 *   npx tsx bench/sync.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { createChat, type Chat } from "../src/store/index.js";
import { startWrangler } from "../scripts/servers.js";
import { BENCH_VARS, createGroup, isMain, measuredOn, sendMessages, sleep, tokenFor, workerdCpuMs, workerdRss } from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadBy } from "./rounds.js";

export interface SyncOptions {
  /** How many conversations the reader is in, one measurement each. */
  sizes: number[];
  /** Messages in each conversation: more than the latest page, so sync reads a full page. */
  messagesEach: number;
  rounds: number;
}

export const defaultSyncOptions = (): SyncOptions => ({
  sizes: (process.env.BENCH_SYNC_SIZES ?? "20,100").split(",").map(Number),
  messagesEach: 60,
  rounds: DEFAULT_ROUNDS,
});

interface Sample {
  sockets: number;
  frames: number;
  bytes: number;
  ms: number;
  cpuMs: number;
  rssDeltaBytes: number;
  /** Then one message in each conversation: frames and bytes received, and the server's CPU, until all are in. */
  liveFrames: number;
  liveBytes: number;
  liveCpuMs: number;
}

export interface SyncResult {
  conversations: number;
  /** One sample per round, in round order: sync off (the baseline) and on. */
  off: Sample[];
  on: Sample[];
}

/** One cold start of the reader's chat, counting what its sockets bring. */
async function measureOnce(port: number, pid: number, reader: string, author: string, rooms: string[], sync: boolean, run: number, latest: Map<string, string>): Promise<Sample> {
  const counted = { sockets: 0, frames: 0, bytes: 0 };
  class CountedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      counted.sockets++;
      this.on("message", (data: Buffer) => {
        counted.frames++;
        counted.bytes += data.length;
      });
    }
  }
  const [cpuBefore, rssBefore] = [workerdCpuMs(pid), workerdRss(pid)];
  const started = performance.now();
  const chat: Chat = createChat({ host: `127.0.0.1:${port}`, token: await tokenFor(reader), WebSocket: CountedWebSocket, sync });
  const last = (room: string) => latest.get(room);
  const newest = (room: string) => chat.conversation(room).messages.get().at(-1)?.text === last(room);
  const listed = () => chat.conversations.get().every((row) => row.lastMessage?.text === last(row.id));
  const ready = () => chat.loaded.get() && chat.conversations.get().length === rooms.length && listed() && (!sync || rooms.every(newest));
  const waitReady = async () => {
    const deadline = Date.now() + 60_000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`sync ${sync ? "on" : "off"}: not in sync after 60 s`);
      await sleep(5);
    }
  };
  await waitReady();
  const elapsed = performance.now() - started;
  // Frames still on their way (presence, list rows) count too.
  await sleep(500);
  const sample = { ...counted, ms: elapsed, cpuMs: workerdCpuMs(pid) - cpuBefore, rssDeltaBytes: workerdRss(pid) - rssBefore };
  const [framesBefore, bytesBefore, liveCpuBefore] = [counted.frames, counted.bytes, workerdCpuMs(pid)];
  for (const room of rooms) latest.set(room, `${room} live ${run} ${sync}`);
  await Promise.all(rooms.map((room) => sendMessages(port, room, author, [last(room)!])));
  await waitReady();
  await sleep(500);
  const live = { liveFrames: counted.frames - framesBefore, liveBytes: counted.bytes - bytesBefore, liveCpuMs: workerdCpuMs(pid) - liveCpuBefore };
  await chat.end();
  await sleep(500);
  return { ...sample, ...live };
}

export async function runSync(options: SyncOptions): Promise<SyncResult[]> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-sync-"));
  const server = await startWrangler({ persistTo, vars: BENCH_VARS });
  try {
    const results: SyncResult[] = [];
    for (const size of options.sizes) {
      const [reader, author] = [`sync-reader-${size}`, `sync-author-${size}`];
      const rooms = Array.from({ length: size }, (_, index) => `sync-${size}-${index}`);
      for (const room of rooms) {
        await createGroup(server.port, room, author, [reader]);
        const texts = Array.from({ length: options.messagesEach }, (_, index) => `${room} ${index}`);
        await sendMessages(server.port, room, author, [...texts.slice(1), `${room} last`]);
      }
      const latest = new Map(rooms.map((room) => [room, `${room} last`]));
      // Alternating which goes first, so neither always meets a warmer server.
      const samples = await alternate(
        [false, true].map((sync) => ({ name: sync ? "on" : "off", run: (round: number) => measureOnce(server.port, server.pid, reader, author, rooms, sync, round, latest) })),
        options.rounds,
        (name, round, sample) => console.log(`${size} conversations, round ${round + 1}, sync ${name}: ${JSON.stringify(sample)}`),
      );
      results.push({ conversations: size, off: samples.get("off")!, on: samples.get("on")! });
    }
    return results;
  } finally {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

/** The median of the rounds, with their spread, in the unit `scale` turns a figure into. */
const figure = (samples: Sample[], pick: (sample: Sample) => number, digits: number, scale = 1) =>
  showSpread(spreadBy(samples, (sample) => pick(sample) / scale), digits);
const [KIB, MIB] = [1024, 2 ** 20];

/** Frames the reader received per conversation for one message in each, at the largest size. */
function perMessage(results: SyncResult[], mode: (result: SyncResult) => Sample[]): string {
  const largest = results.at(-1);
  return largest ? figure(mode(largest), (sample) => sample.liveFrames / largest.conversations, 0) : "–";
}

export function syncSection(results: SyncResult[], options: SyncOptions): string {
  const rows = results.flatMap(({ conversations, off, on }) =>
    (
      [
        ["off", off],
        ["on", on],
      ] as const
    ).map(
      ([mode, samples]) =>
        `| ${conversations} | ${mode} | ${figure(samples, (s) => s.sockets, 0)} | ${figure(samples, (s) => s.frames, 0)} | ${figure(samples, (s) => s.bytes, 1, KIB)} | ${figure(samples, (s) => s.ms, 1)} | ${figure(samples, (s) => s.cpuMs, 0)} | ${figure(samples, (s) => s.rssDeltaBytes, 1, MIB)} | ${figure(samples, (s) => s.liveFrames, 0)} | ${figure(samples, (s) => s.liveBytes, 1, KIB)} | ${figure(samples, (s) => s.liveCpuMs, 0)} |`,
    ),
  );
  const ratio = (on: Sample[], off: Sample[], pick: (sample: Sample) => number) => showSpread(ratioSpread(on.map(pick), off.map(pick)), 1);
  const ratios = results.map(
    ({ conversations, off, on }) =>
      `- ${conversations} conversations: ms to in sync ${ratio(on, off, (s) => s.ms)}, server CPU ${ratio(on, off, (s) => s.cpuMs)}, KiB received ${ratio(on, off, (s) => s.bytes)}.`,
  );
  return `## Keeping every conversation in sync

${measuredOn()}

A reader in N group conversations of ${options.messagesEach} messages each starts the headless API cold (no cache), with
\`sync\` off (the conversation list only) and on (every conversation followed: what \`createChat({ sync: true })\` and a
chat-wide \`chat.on("message")\` listener do), alternating which goes first in one process against one \`wrangler dev\`; ${options.rounds} rounds
each, median of the rounds (lowest–highest). "In sync": the list is in (off), and every conversation's \`messages\` holds its newest
message (on). Server CPU is workerd's user + system time from start until half a second after in sync; memory is
workerd's resident memory then, less before. Then one message is sent in each conversation (by another member,
one socket each), and what reaches the reader until every list row (and, on, every conversation) shows it is counted,
with workerd's CPU over that time (the senders' work included, the same in both modes).

| conversations | sync | sockets opened | frames received | KiB received | ms to in sync | server CPU ms | workerd memory Δ MiB | then 1 message each: frames | KiB | server CPU ms |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Sync on ÷ off (the baseline, the list alone), taken round by round:

${ratios.join("\n")}

With sync on, each message brought ${perMessage(results, (result) => result.on)} frames where off brought ${perMessage(results, (result) => result.off)} (its list row), medians at
${results.at(-1)?.conversations} conversations: besides the row, the message itself, the sender's presence as their socket
opened and closed there (a sender who stays connected sends those once), and the reader's own presence there.

What it costs: one socket per conversation, each a connection its Conversation object holds (hibernated while quiet),
and a welcome carrying its latest page; afterwards each message reaches the reader once on that socket, as it reaches a
member with the conversation open. Sockets per conversation were chosen over message frames on the list socket: those
would cost a call from the Conversation to each member's Inbox per message, and sync would still need each
conversation's latest page and its own catch-up after a reconnect, which the conversation socket already gives. Run alone: \`npx tsx bench/sync.ts\`.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultSyncOptions();
  console.log(syncSection(await runSync(options), options));
}

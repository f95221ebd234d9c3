/**
 * Connections: how many idle sockets one local server holds. Opens conversation sockets with
 * real tokens, each from its own member, in steps (1,000, then 1,500), checks each got its
 * welcome and is still open after a quiet spell, and reads the workerd processes' resident
 * memory before and after; the bare partyserver room takes the same number of sockets, the two
 * alternating round by round (bench/rounds.ts).
 *
 *   npx tsx bench/connections.ts
 */
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import {
  bareRoomUrl,
  conversationUrl,
  createGroup,
  hello,
  isMain,
  measuredOn,
  open,
  sleep,
  startBenchServers,
  workerdRss,
} from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadOf } from "./rounds.js";

export interface ConnectionOptions {
  /** Total sockets held after each step. */
  steps: number[];
  /** Members per group, and sockets per room (groups hold at most 500). */
  perRoom: number;
  /** How long the sockets sit idle before they are counted. */
  idleSeconds: number;
  rounds: number;
}

export interface ConnectionStep {
  sockets: number;
  /** Sockets that were welcomed (Confab) or opened (bare room). */
  welcomed: number;
  /** Of those, still open after the idle spell. */
  open: number;
  /** Seconds to open and welcome this step's new sockets. */
  openSeconds: number;
  rssBytes: number;
  bytesPerSocket: number;
}

/** One round of one target: its steps, up to an error if one stopped it. */
export interface ConnectionRun {
  rssBeforeBytes: number;
  steps: ConnectionStep[];
  error?: string;
}

export interface ConnectionResult {
  target: string;
  /** One run per round, in round order. */
  runs: ConnectionRun[];
}

export const defaultConnectionOptions = (): ConnectionOptions => ({
  steps: (process.env.BENCH_SOCKETS ?? "1000,1500").split(",").map(Number),
  perRoom: 250,
  idleSeconds: Number(process.env.BENCH_IDLE_SECONDS ?? 5),
  rounds: DEFAULT_ROUNDS,
});

interface Room {
  name: string;
  /** Prepares room `index` (a Confab group with its members) before anyone connects. */
  setUp(index: number): Promise<void>;
  /** Opens socket `slot` of room `index` and resolves once it may be counted as held. */
  connect(index: number, slot: number): Promise<WebSocket>;
}

const userOf = (index: number, slot: number) => `r${index}m${slot}`;

function confabRooms(port: number, prefix: string, perRoom: number): Room {
  return {
    name: "Confab conversations (welcomed)",
    setUp: (index) =>
      createGroup(port, `${prefix}-${index}`, userOf(index, 0), Array.from({ length: perRoom - 1 }, (_, slot) => userOf(index, slot + 1))),
    async connect(index, slot) {
      const socket = await open(await conversationUrl(port, `${prefix}-${index}`, userOf(index, slot)));
      const welcome = await hello(socket);
      if (welcome.type !== "welcome") throw new Error(`${userOf(index, slot)} got ${welcome.type}: ${welcome.message}`);
      return socket;
    },
  };
}

function bareRooms(port: number, prefix: string): Room {
  return {
    name: "bare partyserver rooms (opened)",
    setUp: async () => {},
    connect: (index) => open(bareRoomUrl(port, `${prefix}-${index}`)),
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

async function measure(room: Room, wranglerPid: number, options: ConnectionOptions): Promise<ConnectionRun> {
  const rooms = Math.ceil(Math.max(...options.steps) / options.perRoom);
  for (let index = 0; index < rooms; index++) await room.setUp(index);
  await sleep(1000);
  const rssBeforeBytes = workerdRss(wranglerPid);
  const sockets: WebSocket[] = [];
  let closed = 0;
  const result: ConnectionRun = { rssBeforeBytes, steps: [] };
  try {
    for (const total of options.steps) {
      const slots = Array.from({ length: total - sockets.length }, (_, offset) => sockets.length + offset);
      const started = performance.now();
      let welcomed = sockets.length;
      await inBatches(slots, 50, async (position) => {
        const socket = await room.connect(Math.floor(position / options.perRoom), position % options.perRoom);
        socket.once("close", () => closed++);
        sockets.push(socket);
        welcomed++;
      });
      const openSeconds = (performance.now() - started) / 1000;
      await sleep(options.idleSeconds * 1000);
      const stillOpen = sockets.filter((socket) => socket.readyState === socket.OPEN).length;
      const rssBytes = workerdRss(wranglerPid);
      result.steps.push({ sockets: total, welcomed, open: stillOpen, openSeconds, rssBytes, bytesPerSocket: (rssBytes - rssBeforeBytes) / total });
      console.log(`connections ${room.name}: ${stillOpen}/${total} open (${closed} closed), RSS ${(rssBytes / 2 ** 20).toFixed(0)} MiB`);
    }
  } catch (error) {
    result.error = `after ${sockets.length} sockets: ${error instanceof Error ? error.message : error}`;
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  return result;
}

export async function runConnections(options: ConnectionOptions = defaultConnectionOptions()): Promise<ConnectionResult[]> {
  const servers = await startBenchServers();
  try {
    const prefix = `hold-${Date.now()}`;
    // Each round opens its sockets in rooms of its own, so no round meets another's members.
    const contenders = [
      { room: (round: number) => confabRooms(servers.confab.port, `${prefix}-${round}`, options.perRoom), pid: servers.confab.pid },
      { room: (round: number) => bareRooms(servers.bare.port, `${prefix}-${round}`), pid: servers.bare.pid },
    ].map(({ room, pid }) => ({ name: room(0).name, run: (round: number) => measure(room(round), pid, options) }));
    const runs = await alternate(contenders, options.rounds);
    return contenders.map(({ name }) => ({ target: name, runs: runs.get(name)! }));
  } finally {
    await servers.stop();
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;
const kib = (bytes: number) => bytes / 1024;

/** A figure of one step across a target's rounds: NaN in a round that stopped before it. */
const stepFigure = (result: ConnectionResult, sockets: number, figure: (step: ConnectionStep, run: ConnectionRun) => number) =>
  result.runs.map((run) => {
    const step = run.steps.find((candidate) => candidate.sockets === sockets);
    return step ? figure(step, run) : NaN;
  });

export function connectionsSection(results: ConnectionResult[], options: ConnectionOptions): string {
  const [confab, bare] = results as [ConnectionResult, ConnectionResult];
  // Held: every socket of the step welcomed and still open, in every round.
  const heldInEvery = (sockets: number) => stepFigure(confab, sockets, (step) => Number(step.open === sockets && step.welcomed === sockets)).every(Boolean);
  const held = Math.max(0, ...options.steps.filter(heldInEvery));
  const ratio = (sockets: number, figure: (step: ConnectionStep) => number) =>
    showSpread(ratioSpread(stepFigure(confab, sockets, figure), stepFigure(bare, sockets, figure)), 2);
  const rows = results.flatMap((result) =>
    options.steps.map((sockets) => {
      const cell = (figure: (step: ConnectionStep, run: ConnectionRun) => number, digits = 1) => showSpread(spreadOf(stepFigure(result, sockets, figure)), digits);
      const ratios = result === confab ? `${ratio(sockets, (step) => step.bytesPerSocket)} | ${ratio(sockets, (step) => step.openSeconds)}` : "– | –";
      return `| ${result.target} | ${sockets} | ${cell((step) => step.welcomed, 0)} | ${cell((step) => step.open, 0)} | ${cell((step) => step.openSeconds)} | ${cell((_, run) => mib(run.rssBeforeBytes))} | ${cell((step) => mib(step.rssBytes))} | ${cell((step) => kib(step.bytesPerSocket))} | ${ratios} |`;
    }),
  );
  const errors = results.flatMap((result) =>
    result.runs.flatMap((run, round) => (run.error ? [`\n${result.target}, round ${round + 1}, stopped ${run.error}.\n`] : [])),
  );
  return `## Connections held

${measuredOn()}

Sockets opened from one Node process (\`ws\`, 50 at a time) to one local wrangler dev, in rooms
of ${options.perRoom}; Confab sockets each belong to a different member of a group and carry a real token,
and count once their \`welcome\` arrived; bare-room sockets count once open. After ${options.idleSeconds} s idle,
each socket is checked still open. Memory: resident set (VmRSS) of the server's workerd processes
after the rooms were set up, and after each step; per socket = difference ÷ sockets.
Baseline: the bare partyserver room (no token, no membership, no welcome) on its own wrangler dev,
taking the same sockets. ${options.rounds} rounds in one process, Confab and the bare room alternating which
goes first, each round in rooms of its own (the servers keep running, so a later round's "before"
includes what earlier rounds left); each cell is the median of the rounds (lowest–highest), and
each ratio is taken round by round. Run alone: \`npx tsx bench/connections.ts\`.

| target | sockets | welcomed | open after ${options.idleSeconds} s | seconds to open | workerd RSS MiB before | after | KiB per socket | KiB per socket ÷ bare | seconds to open ÷ bare |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}
${errors.join("")}
Target (issue 10): ≥ 1,000 idle sockets on one local server: **${held >= 1000 ? "met" : "not met"}** (${held} held in each of ${options.rounds} rounds, every one welcomed and open).
`;
}

if (isMain(import.meta.url)) {
  const options = defaultConnectionOptions();
  console.log(connectionsSection(await runConnections(options), options));
}

/**
 * Fan-out latency: one sender at a fixed rate into a room of N clients; the time from send to
 * receipt at every other client, for Confab, a bare partyserver room on the same engine, and a
 * bare Node `ws` room (the machine's floor). Every row runs once a round, the rows alternating
 * in one process (bench/rounds.ts); each figure is the median of its runs and their spread.
 *
 *   npx tsx bench/fanout.ts
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../scripts/servers.js";
import { isMain, measuredOn, met, percentile, sleep, startBenchServers, workerdCpuMs } from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadBy, type Spread } from "./rounds.js";
import { bareRoomTarget, bareWsTarget, confabListsOpenTarget, confabTarget, connectAll, servedBy, type Target } from "./targets.js";

export interface FanoutOptions {
  clients: number;
  messagesPerSecond: number;
  seconds: number;
  rounds: number;
}

/** One run of one target. */
export interface LatencyRun {
  received: number;
  expected: number;
  p50: number;
  p95: number;
  p99: number;
  /** The server's CPU time per message sent, from the first send until every copy arrived (NaN: not counted). */
  cpuMsPerMessage: number;
}

/** A row: a target's runs, one a round. */
export interface LatencyRow {
  target: string;
  runs: LatencyRun[];
}

/** Sets `target` up with `options.clients` sockets, sends for `options.seconds` and times every copy. */
export async function measureLatency(target: Target, options: Omit<FanoutOptions, "rounds">): Promise<LatencyRun> {
  const sockets = await connectAll(target, options.clients);
  const latencies: number[] = [];
  for (const socket of sockets.slice(1)) {
    socket.on("message", (data) => {
      const sentAt = target.sentAtOf(String(data));
      if (sentAt !== undefined) latencies.push(performance.now() - sentAt);
    });
  }
  const sender = sockets[0]!;
  const total = options.messagesPerSecond * options.seconds;
  const interval = 1000 / options.messagesPerSecond;
  const cpuMs = () => (target.serverPid === undefined ? NaN : workerdCpuMs(target.serverPid));
  const cpuBefore = cpuMs();
  const start = performance.now();
  for (let sent = 0; sent < total; sent++) {
    const wait = start + sent * interval - performance.now();
    if (wait > 0) await sleep(wait);
    sender.send(target.frame(performance.now()));
  }
  const expected = total * (options.clients - 1);
  for (const deadline = performance.now() + 10_000; latencies.length < expected && performance.now() < deadline; ) await sleep(50);
  const cpuMsPerMessage = (cpuMs() - cpuBefore) / total;
  for (const socket of sockets) socket.terminate();
  target.tearDown?.();
  latencies.sort((a, b) => a - b);
  return {
    received: latencies.length,
    expected,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    cpuMsPerMessage,
  };
}

/**
 * Runs each of `targets` once a round, alternating their order, and returns a row each in the
 * order given. `targets(round)` names a fresh room per round: a Confab room is created once.
 */
export async function latencyRows(targets: (round: number) => Target[], options: FanoutOptions): Promise<LatencyRow[]> {
  const names = targets(0).map((target) => target.name);
  const results = await alternate(
    names.map((name, index) => ({ name, run: (round: number) => measureLatency(targets(round)[index]!, options) })),
    options.rounds,
    (name, round, run) =>
      console.log(
        `round ${round + 1} ${name}: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, ${run.received}/${run.expected}, server CPU ${run.cpuMsPerMessage.toFixed(2)} ms/message`,
      ),
  );
  return names.map((name) => ({ target: name, runs: results.get(name)! }));
}

async function startBareWsRoom(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(join(projectRoot, "node_modules/.bin/tsx"), [join(projectRoot, "bench/bare-ws-room.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))));
  return { port, stop: () => child.kill() };
}

export const defaultFanoutOptions = (): FanoutOptions => ({
  clients: Number(process.env.BENCH_CLIENTS ?? 100),
  messagesPerSecond: Number(process.env.BENCH_RATE ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  rounds: DEFAULT_ROUNDS,
});

/** Rows in this order: Confab, the bare partyserver room, Confab with every list open, the bare Node ws room. */
export async function runFanout(options: FanoutOptions = defaultFanoutOptions()): Promise<LatencyRow[]> {
  const servers = await startBenchServers();
  const floor = await startBareWsRoom();
  try {
    const room = `fanout-${Date.now()}`;
    return await latencyRows(
      (round) => [
        servedBy(confabTarget(servers.confab.port, `${room}-${round}`), servers.confab),
        servedBy(bareRoomTarget(servers.bare.port, `${room}-${round}`), servers.bare),
        servedBy(confabListsOpenTarget(servers.confab.port, `${room}-lists-${round}`), servers.confab),
        bareWsTarget(floor.port),
      ],
      options,
    );
  } finally {
    floor.stop();
    await servers.stop();
  }
}

/** Each percentile of `row` over `baseline`'s, round by round. */
export const ratiosTo = (row: LatencyRow, baseline: LatencyRow) => ({
  p50: ratioSpread(row.runs.map((run) => run.p50), baseline.runs.map((run) => run.p50)),
  p99: ratioSpread(row.runs.map((run) => run.p99), baseline.runs.map((run) => run.p99)),
});

const times = (spread: Spread) => `${showSpread(spread, 2)}×`;

/** The server's CPU time per message across a row's runs. */
const cpu = (row: LatencyRow) => showSpread(spreadBy(row.runs, (run) => run.cpuMsPerMessage), 2);

/** The table of `rows`, each with its p50 and p99 over `baseline`'s. */
export function latencyTable(rows: LatencyRow[], baseline: LatencyRow): string {
  const total = (row: LatencyRow, figure: (run: LatencyRun) => number) => row.runs.reduce((sum, run) => sum + figure(run), 0);
  return `| target | received / expected | p50 ms | p95 ms | p99 ms | p50 vs bare room | p99 vs bare room | server CPU ms / message |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map((row) => {
    const ratios = ratiosTo(row, baseline);
    const cells = [
      row.target,
      `${total(row, (run) => run.received)} / ${total(row, (run) => run.expected)}`,
      showSpread(spreadBy(row.runs, (run) => run.p50)),
      showSpread(spreadBy(row.runs, (run) => run.p95)),
      showSpread(spreadBy(row.runs, (run) => run.p99)),
      times(ratios.p50),
      times(ratios.p99),
      cpu(row),
    ];
    return `| ${cells.join(" | ")} |`;
  })
  .join("\n")}`;
}

/** "**met** (p50 1.20 (1.1–1.3)×, p99 …)": whether both medians stay within `limit`. */
function verdict(row: LatencyRow, baseline: LatencyRow, limit: number): string {
  const { p50, p99 } = ratiosTo(row, baseline);
  return `**${met(p50.median <= limit && p99.median <= limit)}** (p50 ${times(p50)}, p99 ${times(p99)})`;
}

export function fanoutSection(rows: LatencyRow[], options: FanoutOptions): string {
  const [confab, bareRoom, listsOpen] = rows as [LatencyRow, LatencyRow, LatencyRow];
  return `## Fan-out latency

${measuredOn()}

${options.clients} clients in one room on loopback; one sends ${options.messagesPerSecond} messages/s for
${options.seconds} s; latency from send to receipt at each of the other ${options.clients - 1} clients (one Node process
holds every client, using \`ws\`). The first row's members have only the conversation open, as the
target defines it; their lists (inbox sockets) are closed, so the conversation tells each Inbox
once that its row is stale instead of sending it every change. The third row opens every
member's list too, as widgets on 100 open pages would: each change then also updates 100
lists live, through 100 Inbox objects that share this one local workerd (coalesced into rounds,
see ARCHITECTURE.md). The bare Node \`ws\` room is the machine's floor.

Every row ran ${options.rounds} times, the rows alternating in one process (the order reversed each
round), each run in a fresh room: each figure is the median of the runs, with their lowest and
highest in brackets. Ratios are taken run by run against the bare partyserver room of the same
round. Run alone: \`npx tsx bench/fanout.ts\`.

${latencyTable(rows, bareRoom)}

Targets (issue 20), medians of the ratios:
- Confab p50 and p99 each ≤ 1.5 × the bare partyserver room: ${verdict(confab, bareRoom, 1.5)}.
- With every member's list open, ≤ 2 ×: ${verdict(listsOpen, bareRoom, 2)}.

The server's own work, in CPU time per message: Confab ${cpu(confab)} ms, with every list open
${cpu(listsOpen)} ms, the bare room ${cpu(bareRoom)} ms (which relays the sender's frame as it is; Confab
checks, stores and sends a larger event, and acks the sender). Where Confab's share goes, piece
by piece, is the next section.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultFanoutOptions();
  console.log(fanoutSection(await runFanout(options), options));
}

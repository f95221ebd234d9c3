/**
 * Fan-out latency: one sender at a fixed rate into a room of N clients; the time from send to
 * receipt at every other client, for Confab, a bare partyserver room on the same engine, and a
 * bare Node `ws` room (the machine's floor), all measured in this run.
 *
 *   npx tsx bench/fanout.ts
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../scripts/servers.js";
import { isMain, measuredOn, ms, percentile, sleep, startBenchServers } from "./harness.js";
import { bareRoomTarget, bareWsTarget, confabListsOpenTarget, confabTarget, connectAll, type Target } from "./targets.js";

export interface FanoutOptions {
  clients: number;
  messagesPerSecond: number;
  seconds: number;
}

export interface LatencySummary {
  target: string;
  received: number;
  expected: number;
  p50: number;
  p95: number;
  p99: number;
}

async function measure(target: Target, options: FanoutOptions): Promise<LatencySummary> {
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
  const start = performance.now();
  for (let sent = 0; sent < total; sent++) {
    const wait = start + sent * interval - performance.now();
    if (wait > 0) await sleep(wait);
    sender.send(target.frame(performance.now()));
  }
  const expected = total * (options.clients - 1);
  for (const deadline = performance.now() + 10_000; latencies.length < expected && performance.now() < deadline; ) await sleep(50);
  for (const socket of sockets) socket.terminate();
  target.tearDown?.();
  latencies.sort((a, b) => a - b);
  return {
    target: target.name,
    received: latencies.length,
    expected,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
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
});

export async function runFanout(options: FanoutOptions = defaultFanoutOptions()): Promise<LatencySummary[]> {
  const servers = await startBenchServers();
  const floor = await startBareWsRoom();
  try {
    const room = `bench-${Date.now()}`;
    return [
      await measure(confabTarget(servers.confab.port, room), options),
      await measure(bareRoomTarget(servers.bare.port, room), options),
      await measure(bareWsTarget(floor.port), options),
      await measure(confabListsOpenTarget(servers.confab.port, `${room}-lists`), options),
    ];
  } finally {
    floor.stop();
    await servers.stop();
  }
}

export function fanoutSection(rows: LatencySummary[], options: FanoutOptions): string {
  const bareRoom = rows[1]!;
  const ratio = rows[0]!.p99 / bareRoom.p99;
  return `## Fan-out latency

${measuredOn()}

${options.clients} clients in one room on loopback; one sends ${options.messagesPerSecond} messages/s for
${options.seconds} s; latency from send to receipt at each of the other ${options.clients - 1} clients (one Node process
holds every client, using \`ws\`). The first row's members have only the conversation open, as the
target defines it; their lists (inbox sockets) are closed, so the conversation tells each Inbox
once that its row is stale instead of sending it every change. The last row opens every
member's list too, as widgets on 100 open pages would: each change then also updates 100
lists live, through 100 Inbox objects that share this one local workerd (coalesced into rounds,
see ARCHITECTURE.md). Run alone: \`npx tsx bench/fanout.ts\`.

| target | received / expected | p50 ms | p95 ms | p99 ms | p99 vs bare room |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (row) =>
      `| ${row.target} | ${row.received} / ${row.expected} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${(row.p99 / bareRoom.p99).toFixed(2)}× |`,
  )
  .join("\n")}

Target (issue 10): Confab p99 ≤ 1.3 × the bare partyserver room: **${ratio <= 1.3 ? "met" : "not met"}** (${ratio.toFixed(2)}×).
`;
}

if (isMain(import.meta.url)) {
  const options = defaultFanoutOptions();
  console.log(fanoutSection(await runFanout(options), options));
}

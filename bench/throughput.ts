/**
 * Throughput: the highest rate of messages into one room from 10 clients that the room
 * sustains before p99 latency (send → receipt at each other client) passes 250 ms. The rate
 * steps up, a few seconds a step, until a step fails; Confab and the bare partyserver room
 * are measured by the same rule in the same run.
 *
 *   npx tsx bench/throughput.ts
 */
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { isMain, measuredOn, ms, percentile, sleep, startBenchServers } from "./harness.js";
import { bareRoomTarget, confabTarget, connectAll, type Target } from "./targets.js";

export interface ThroughputOptions {
  clients: number;
  /** Messages per second across all clients, tried in this order. */
  rates: number[];
  secondsPerStep: number;
  /** A step passes when p99 stays within this many milliseconds and every copy arrives. */
  p99BudgetMs: number;
}

export interface ThroughputStep {
  rate: number;
  sent: number;
  received: number;
  expected: number;
  p50: number;
  p99: number;
  passed: boolean;
}

export interface ThroughputResult {
  target: string;
  steps: ThroughputStep[];
  /** The highest rate that passed; 0 when none did. */
  sustained: number;
}

export const defaultThroughputOptions = (): ThroughputOptions => ({
  clients: 10,
  rates: [50, 100, 200, 400, 800, 1600],
  secondsPerStep: Number(process.env.BENCH_STEP_SECONDS ?? 3),
  p99BudgetMs: 250,
});

/** Copies still missing this long after the last send count as later than any budget. */
const DRAIN_MS = 3000;

async function step(target: Target, sockets: WebSocket[], rate: number, options: ThroughputOptions): Promise<ThroughputStep> {
  const latencies: number[] = [];
  const stepStart = performance.now();
  const listeners = sockets.map((socket) => {
    const listener = (data: WebSocket.RawData) => {
      const sentAt = target.sentAtOf(String(data));
      // Stragglers from the step before are not this step's.
      if (sentAt !== undefined && sentAt >= stepStart) latencies.push(performance.now() - sentAt);
    };
    socket.on("message", listener);
    return listener;
  });
  const total = Math.round(rate * options.secondsPerStep);
  const interval = 1000 / rate;
  for (let sent = 0; sent < total; sent++) {
    const wait = stepStart + sent * interval - performance.now();
    if (wait > 0) await sleep(wait);
    // Round robin: each client sends rate / clients messages a second.
    sockets[sent % sockets.length]!.send(target.frame(performance.now()));
  }
  const expected = total * (sockets.length - 1);
  for (const deadline = performance.now() + DRAIN_MS; latencies.length < expected && performance.now() < deadline; ) await sleep(20);
  sockets.forEach((socket, index) => socket.off("message", listeners[index]!));
  const received = latencies.length;
  latencies.sort((a, b) => a - b);
  while (latencies.length < expected) latencies.push(Infinity);
  const p99 = percentile(latencies, 0.99);
  return { rate, sent: total, received, expected, p50: percentile(latencies, 0.5), p99, passed: p99 <= options.p99BudgetMs };
}

async function measure(target: Target, options: ThroughputOptions): Promise<ThroughputResult> {
  const sockets = await connectAll(target, options.clients);
  const steps: ThroughputStep[] = [];
  try {
    for (const rate of options.rates) {
      const result = await step(target, sockets, rate, options);
      steps.push(result);
      console.log(`throughput ${target.name} ${rate}/s: p99 ${ms(result.p99)} ms, ${result.received}/${result.expected}`);
      if (!result.passed) break;
      await sleep(500);
    }
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  const passed = steps.filter((result) => result.passed);
  return { target: target.name, steps, sustained: passed.at(-1)?.rate ?? 0 };
}

export async function runThroughput(options: ThroughputOptions = defaultThroughputOptions()): Promise<ThroughputResult[]> {
  const servers = await startBenchServers();
  try {
    const room = `throughput-${Date.now()}`;
    return [await measure(confabTarget(servers.confab.port, room), options), await measure(bareRoomTarget(servers.bare.port, room), options)];
  } finally {
    await servers.stop();
  }
}

/** Whether a target passed the last step too, so its real limit lies above the ladder. */
const ceiling = (result: ThroughputResult) => result.steps.length > 0 && result.steps.every((row) => row.passed);

export function throughputSection(results: ThroughputResult[], options: ThroughputOptions): string {
  const [confab, bare] = results as [ThroughputResult, ThroughputResult];
  const ratio = bare.sustained > 0 ? confab.sustained / bare.sustained : NaN;
  const rows = results.flatMap((result) =>
    result.steps.map(
      (row) =>
        `| ${result.target} | ${row.rate} | ${row.received} / ${row.expected} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.passed ? "yes" : "no"} |`,
    ),
  );
  return `## Throughput

${measuredOn()}

${options.clients} clients in one room on loopback, sending in turn at a total rate that steps up
(${options.rates.join(", ")} messages/s, ${options.secondsPerStep} s a step) until p99 latency from send to receipt at the
other ${options.clients - 1} clients passes ${options.p99BudgetMs} ms; a copy not received ${DRAIN_MS / 1000} s after the step's last send
counts as late. Confab stores every message in SQLite (rate limit lifted); the bare room relays only.
Run alone: \`npx tsx bench/throughput.ts\`.

| target | messages/s | received / expected | p50 ms | p99 ms | within budget |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

Sustained: Confab ${confab.sustained} messages/s, bare partyserver room ${bare.sustained} messages/s
(${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "–"})${ceiling(bare) ? "; the bare room passed every step, so its figure is a floor" : ""}.
Target (issue 10): Confab ≥ 0.7 × the bare room: **${ratio >= 0.7 ? "met" : "not met"}**.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultThroughputOptions();
  console.log(throughputSection(await runThroughput(options), options));
}

/**
 * Fan-out latency: one sender at a fixed rate into a room of N clients; the time from send to
 * receipt at every other client, for Confab, a bare partyserver room on the same engine, and a
 * bare Node `ws` room (the machine's floor), all measured in this run.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { signChatToken } from "../demo/host-backend.js";
import { DEV_VARS, projectRoot, startWrangler, type RunningProcess } from "../scripts/servers.js";

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

interface Target {
  name: string;
  /** Prepares the room for `clients` users before anyone connects. */
  setUp: (clients: number) => Promise<void>;
  /** Resolves the socket address for `user`. */
  url: (user: string) => Promise<string>;
  /** Resolves once the socket may receive: Confab needs its hello answered first. */
  ready: (socket: WebSocket) => Promise<void>;
  frame: (sentAt: number) => string;
  sentAtOf: (data: string) => number | undefined;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

async function measure(target: Target, options: FanoutOptions): Promise<LatencySummary> {
  await target.setUp(options.clients);
  const sockets: WebSocket[] = [];
  for (let index = 0; index < options.clients; index++) {
    const socket = await open(await target.url(`u${index}`));
    await target.ready(socket);
    sockets.push(socket);
  }
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
    const due = start + sent * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sender.send(target.frame(performance.now()));
  }
  const expected = total * (options.clients - 1);
  const deadline = performance.now() + 10_000;
  while (latencies.length < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const socket of sockets) socket.terminate();
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

const bareFrame = (sentAt: number) => JSON.stringify({ sentAt });
const bareSentAt = (data: string) => (JSON.parse(data) as { sentAt?: number }).sentAt;

/** Confab rooms are members-only: u0 creates the group with everyone else in it. */
const tokenFor = (user: string) => signChatToken(DEV_VARS.JWT_SECRET, { id: user, name: user });

async function createGroup(port: number, room: string, clients: number): Promise<void> {
  const inbox = await open(`ws://127.0.0.1:${port}/parties/inbox/u0?token=${await tokenFor("u0")}`);
  const members = Array.from({ length: clients - 1 }, (_, index) => `u${index + 1}`);
  const answer = new Promise<string>((resolve) =>
    inbox.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { type: string; ref?: string };
      if (frame.ref === "bench") resolve(frame.type);
    }),
  );
  inbox.send(JSON.stringify({ type: "create", ref: "bench", conversationType: "group", id: room, members }));
  const outcome = await answer;
  inbox.terminate();
  if (outcome !== "done") throw new Error(`could not create the benchmark group: ${outcome}`);
}

function confabTarget(server: RunningProcess, room: string): Target {
  return {
    name: "Confab conversation (validated, stored in SQLite)",
    setUp: (clients) => createGroup(server.port, room, clients),
    url: async (user) => `ws://127.0.0.1:${server.port}/parties/conversation/${room}?token=${await tokenFor(user)}`,
    ready: (socket) =>
      new Promise((resolve) => {
        socket.once("message", () => resolve());
        socket.send(JSON.stringify({ type: "hello" }));
      }),
    frame: (sentAt) => JSON.stringify({ type: "send", id: randomUUID(), text: `t=${sentAt}` }),
    sentAtOf: (data) => {
      const frame = JSON.parse(data) as { type: string; event?: { kind: string; message?: { text: string } } };
      return frame.event?.kind === "message" ? Number(frame.event.message!.text.slice(2)) : undefined;
    },
  };
}

function bareRoomTarget(server: RunningProcess, room: string): Target {
  return {
    name: "bare partyserver room (relay only)",
    setUp: async () => {},
    url: async () => `ws://127.0.0.1:${server.port}/parties/bare-room/${room}`,
    ready: async () => {},
    frame: bareFrame,
    sentAtOf: bareSentAt,
  };
}

function bareWsTarget(port: number): Target {
  return {
    name: "bare Node ws room (floor)",
    setUp: async () => {},
    url: async () => `ws://127.0.0.1:${port}/`,
    ready: async () => {},
    frame: bareFrame,
    sentAtOf: bareSentAt,
  };
}

async function startBareWsRoom(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(join(projectRoot, "node_modules/.bin/tsx"), [join(projectRoot, "bench/bare-ws-room.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))));
  return { port, stop: () => child.kill() };
}

export async function runFanout(options: FanoutOptions): Promise<LatencySummary[]> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-"));
  // One sender at 50 messages/s is above a chat user's rate limit: lift it to measure fan-out.
  const confab = await startWrangler({
    persistTo: join(persistTo, "confab"),
    vars: { ...DEV_VARS, RATE_LIMIT_PER_SECOND: "100000", RATE_LIMIT_BURST: "100000" },
  });
  const bare = await startWrangler({
    persistTo: join(persistTo, "bare"),
    config: join(projectRoot, "bench/bare-room/wrangler.jsonc"),
  });
  const floor = await startBareWsRoom();
  try {
    const room = `bench-${Date.now()}`;
    return [
      await measure(confabTarget(confab, room), options),
      await measure(bareRoomTarget(bare, room), options),
      await measure(bareWsTarget(floor.port), options),
    ];
  } finally {
    floor.stop();
    await Promise.all([confab.stop(), bare.stop()]);
    await rm(persistTo, { recursive: true, force: true });
  }
}

/**
 * What every benchmark needs: the servers under test (Confab and the bare partyserver room,
 * each on its own wrangler dev and storage), sockets with real tokens, percentiles, the
 * workerd process's memory, and the machine and date each section of BENCHMARKS.md states.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import WebSocket from "ws";
import { signChatToken } from "../demo/host-backend.js";
import { DEV_VARS, projectRoot, startWrangler, type RunningProcess } from "../scripts/servers.js";

/** The development settings with the frame rate limit lifted: benchmarks send faster than a person. */
export const BENCH_VARS: Record<string, string> = {
  ...DEV_VARS,
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  MAX_CONVERSATIONS_PER_HOUR: "100000",
  MAX_ADDS_PER_HOUR: "100000",
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

/** A target's verdict, as each section states it. */
export const met = (ok: boolean) => (ok ? "met" : "not met");

export function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** A token for `user`, signed with the development JWT_SECRET as a host site's backend would. */
export const tokenFor = (user: string) => signChatToken(DEV_VARS.JWT_SECRET, { id: user, name: user });

export const conversationUrl = async (port: number, room: string, user: string) =>
  `ws://127.0.0.1:${port}/parties/conversation/${room}?token=${await tokenFor(user)}`;

export const inboxUrl = async (port: number, user: string) => `ws://127.0.0.1:${port}/parties/inbox/${user}?token=${await tokenFor(user)}`;

export const bareRoomUrl = (port: number, room: string) => `ws://127.0.0.1:${port}/parties/bare-room/${room}`;

/**
 * Sends `hello` on a Confab conversation socket and resolves with the `welcome` (or `error`)
 * frame, skipping presence frames that may come first.
 */
export function hello(socket: WebSocket): Promise<{ type: string; message?: string }> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { type: string; message?: string };
      if (frame.type !== "welcome" && frame.type !== "error") return;
      socket.off("message", listener);
      resolve(frame);
    };
    socket.on("message", listener);
    socket.send(JSON.stringify({ type: "hello" }));
  });
}

/**
 * Confab rooms are members-only: the host's backend makes the group `room` (not a `c_` id, those
 * are widgets') with `creator` as its owner and `members` in it, through the server API, which
 * may add people who never signed in, as a site adds its users.
 */
export async function createGroup(port: number, room: string, creator: string, members: string[]): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/conversations`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEV_VARS.API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "group", id: room, members: [{ userId: creator, role: "owner" }, ...members.map((userId) => ({ userId }))] }),
  });
  if (!response.ok) throw new Error(`could not create the benchmark group ${room}: ${response.status} ${await response.text()}`);
}

/** Sends `texts` as `sender`, back to back, and resolves once the server acknowledged them all. */
export async function sendMessages(port: number, room: string, sender: string, texts: string[]): Promise<void> {
  const socket = await open(await conversationUrl(port, room, sender));
  await hello(socket);
  let acked = 0;
  const done = new Promise<void>((resolve) =>
    socket.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === "ack" && ++acked === texts.length) resolve();
    }),
  );
  for (const text of texts) socket.send(JSON.stringify({ type: "send", id: randomUUID(), text }));
  await done;
  socket.terminate();
}

export interface BenchServers {
  confab: RunningProcess;
  bare: RunningProcess;
  stop(): Promise<void>;
}

/** Confab (rate limit lifted) and the bare partyserver room, each on fresh storage. */
export async function startBenchServers(): Promise<BenchServers> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-"));
  const [confab, bare] = await Promise.all([
    startWrangler({ persistTo: join(persistTo, "confab"), vars: BENCH_VARS }),
    startWrangler({ persistTo: join(persistTo, "bare"), config: join(projectRoot, "bench/bare-room/wrangler.jsonc") }),
  ]);
  return {
    confab,
    bare,
    async stop() {
      await Promise.all([confab.stop(), bare.stop()]);
      await rm(persistTo, { recursive: true, force: true });
    },
  };
}

/**
 * One more Confab server on fresh storage, with `vars` over BENCH_VARS: the message-pieces
 * benchmark's knock-outs (`BENCH_SKIP`, src/server/bench-skips.ts), each on a server of its own.
 */
export async function startConfab(vars: Record<string, string>): Promise<RunningProcess> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-bench-"));
  const server = await startWrangler({ persistTo, vars: { ...BENCH_VARS, ...vars } });
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(persistTo, { recursive: true, force: true });
    },
  };
}

/**
 * Calls `each` for every workerd process wrangler `wranglerPid` started, with its /proc entry
 * and the fields of its stat after the command (state, ppid, pgrp…); returns how many it found.
 */
function forEachWorkerd(wranglerPid: number, each: (entry: string, fields: string[]) => void): number {
  let found = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== wranglerPid || !command.startsWith("workerd")) continue;
      each(entry, fields);
      found++;
    } catch {
      // The process ended while being read.
    }
  }
  if (found === 0) throw new Error(`no workerd process found under wrangler ${wranglerPid}`);
  return found;
}

/** Resident memory, in bytes, of the workerd processes wrangler `wranglerPid` started. */
export function workerdRss(wranglerPid: number): number {
  let bytes = 0;
  forEachWorkerd(wranglerPid, (entry) => {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
    if (rss) bytes += Number(rss[1]) * 1024;
  });
  return bytes;
}

/**
 * CPU time (user + system), in milliseconds, of the workerd processes wrangler `wranglerPid`
 * started: what a server spent, whatever else the machine was running meanwhile.
 */
export function workerdCpuMs(wranglerPid: number): number {
  let ticks = 0;
  forEachWorkerd(wranglerPid, (_, fields) => {
    ticks += Number(fields[11]) + Number(fields[12]);
  });
  return ticks * 10; // USER_HZ is 100 on Linux
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const today = () => new Date().toISOString().slice(0, 10);

/** The line under each section's heading: when and where its figures were measured. */
export const measuredOn = () => `Measured ${today()} on ${machine()}.`;

/** Whether the module at `moduleUrl` is the script node was started with (run alone). */
export const isMain = (moduleUrl: string) => moduleUrl === pathToFileURL(process.argv[1] ?? "").href;

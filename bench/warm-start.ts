/**
 * Warm start: in real Chromium, from the widget's script starting to the first cached message
 * painted, with the chat server unreachable; against a cold start (empty cache, server
 * reachable) to the first message painted, the two alternating round by round (bench/rounds.ts).
 * The page (bench/warm-start.html) and the built
 * bundle (dist/confab.js, so `vite build` first) come from a small server here that also
 * forwards the chat sockets to wrangler dev, or refuses them to stand for an unreachable server.
 *
 *   npx vite build && npx tsx bench/warm-start.ts
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import { dirname, join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { projectRoot } from "../scripts/servers.js";
import { launchChromium } from "../test/support/browser.js";
import { createGroup, isMain, measuredOn, sendMessages, startBenchServers, sleep, tokenFor } from "./harness.js";
import { alternate, DEFAULT_ROUNDS, ratioSpread, showSpread, spreadOf } from "./rounds.js";

export interface WarmStartOptions {
  /** Loads per start, per round. */
  reloads: number;
  rounds: number;
}

export interface StartTimes {
  /** Script start (a mark just before the bundle runs) → first message painted, per load. */
  fromScript: number[];
  /** Navigation start → first message painted, per load. */
  fromNavigation: number[];
  /** Script start → the bundle evaluated (elements defined), per load. */
  evaluating: number[];
}

export interface WarmStartResult {
  /** One round's loads each, in round order. */
  warm: StartTimes[];
  cold: StartTimes[];
}

export const defaultWarmStartOptions = (): WarmStartOptions => ({ reloads: Number(process.env.BENCH_RELOADS ?? 10), rounds: DEFAULT_ROUNDS });

/**
 * Serves the page (one `<chat-window>`) and the bundle, `dist/confab.js` unless another is
 * given, with the chunks next to it; forwards socket upgrades to `chatPort` unless cut off.
 */
export async function startPageServer(chatPort: number, bundle = join(projectRoot, "dist/confab.js")) {
  const files = new Map<string, { type: string; body: Buffer }>([["/", { type: "text/html", body: await readFile(join(projectRoot, "bench/warm-start.html")) }]]);
  for (const name of await readdir(dirname(bundle))) {
    if (name.endsWith(".js")) files.set(`/${name}`, { type: "text/javascript", body: await readFile(join(dirname(bundle), name)) });
  }
  files.set("/confab.js", { type: "text/javascript", body: await readFile(bundle) });
  const sockets = new Set<Socket>();
  let reachable = true;
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? "/", "http://page").pathname);
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  server.on("upgrade", (request: IncomingMessage, client: Socket, head: Buffer) => {
    // An unreachable server: the connection fails at once, as a reset.
    if (!reachable) return void client.resetAndDestroy();
    const upstream = connect(chatPort, "127.0.0.1", () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`];
      for (let index = 0; index < request.rawHeaders.length; index += 2) lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    setReachable(value: boolean) {
      reachable = value;
      if (!value) for (const socket of sockets) socket.resetAndDestroy();
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * Runs in the page before its scripts: marks the first animation frame in which a chat-message
 * exists. Text, not a function: tsx would wrap a function's inner names in a helper the page lacks.
 */
export const watchFirstMessage = `
  const check = () => {
    if (document.querySelector("chat-window")?.shadowRoot?.querySelector("chat-message")) performance.mark("confab-first-message");
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/** Loads (or reloads) the page and reads its marks once the first message is painted. */
async function timeLoad(page: Page, load: () => Promise<unknown>): Promise<{ fromScript: number; fromNavigation: number; evaluating: number }> {
  await load();
  await page.waitForFunction(() => performance.getEntriesByName("confab-first-message").length > 0, undefined, { timeout: 15_000 });
  return page.evaluate(() => {
    const painted = performance.getEntriesByName("confab-first-message")[0]!.startTime;
    const scriptStart = performance.getEntriesByName("confab-script-start")[0]!.startTime;
    const evaluated = performance.getEntriesByName("confab-bundle-evaluated")[0]!.startTime;
    return { fromScript: painted - scriptStart, fromNavigation: painted, evaluating: evaluated - scriptStart };
  });
}

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.addInitScript({ content: watchFirstMessage });
  return { context, page: await context.newPage() };
}

/** Times `loads` loads, each returning its marks, into one round's StartTimes. */
async function timeLoads(loads: number, next: () => Promise<Awaited<ReturnType<typeof timeLoad>>>): Promise<StartTimes> {
  const times: StartTimes = { fromScript: [], fromNavigation: [], evaluating: [] };
  for (let load = 0; load < loads; load++) {
    const { fromScript, fromNavigation, evaluating } = await next();
    times.fromScript.push(fromScript);
    times.fromNavigation.push(fromNavigation);
    times.evaluating.push(evaluating);
  }
  return times;
}

export async function runWarmStart(options: WarmStartOptions = defaultWarmStartOptions()): Promise<WarmStartResult> {
  const servers = await startBenchServers();
  const browser = await launchChromium();
  const pages = await startPageServer(servers.confab.port);
  try {
    const conversation = `warm-${Date.now()}`;
    await createGroup(servers.confab.port, conversation, "dana", ["sam"]);
    await sendMessages(servers.confab.port, conversation, "sam", Array.from({ length: 30 }, (_, n) => `message ${n + 1} for the start-up benchmark`));
    const url = `${pages.url}?token=${await tokenFor("dana")}&conversation=${conversation}`;
    // Cold: a fresh context (empty cache) for every load, the server reachable.
    const cold = () =>
      timeLoads(options.reloads, async () => {
        const { context, page } = await newPage(browser);
        try {
          return await timeLoad(page, () => page.goto(url));
        } finally {
          await context.close();
        }
      });
    // Warm: one context fills its cache with the server reachable, then reloads with it cut off.
    const warm = async () => {
      const { context, page } = await newPage(browser);
      try {
        await timeLoad(page, () => page.goto(url));
        // Give the cache write (IndexedDB, after the welcome) time to land before the server goes.
        await sleep(1000);
        pages.setReachable(false);
        return await timeLoads(options.reloads, () => timeLoad(page, () => page.reload()));
      } finally {
        pages.setReachable(true);
        await context.close();
      }
    };
    const runs = await alternate(
      [
        { name: "warm", run: warm },
        { name: "cold", run: cold },
      ],
      options.rounds,
      (name, round, times) => console.log(`warm start, round ${round + 1}, ${name}: ${times.fromScript.map((value) => value.toFixed(0)).join(", ")} ms`),
    );
    return { warm: runs.get("warm")!, cold: runs.get("cold")! };
  } finally {
    await pages.close();
    await browser.close();
    await servers.stop();
  }
}

/** The median load of each round, one figure per round. */
const roundMedians = (rounds: StartTimes[], figure: (times: StartTimes) => number[]) => rounds.map((times) => spreadOf(figure(times)).median);

export function warmStartSection(result: WarmStartResult, options: WarmStartOptions): string {
  const cell = (rounds: StartTimes[], figure: (times: StartTimes) => number[]) => showSpread(spreadOf(roundMedians(rounds, figure)));
  const fromScript = (times: StartTimes) => times.fromScript;
  const row = (label: string, rounds: StartTimes[], ratio: string) =>
    `| ${label} | ${cell(rounds, fromScript)} | ${cell(rounds, (times) => times.evaluating)} | ${cell(rounds, (times) => times.fromNavigation)} | ${ratio} |`;
  const warm = spreadOf(roundMedians(result.warm, fromScript));
  const ratio = showSpread(ratioSpread(roundMedians(result.warm, fromScript), roundMedians(result.cold, fromScript)), 2);
  return `## Warm start

${measuredOn()}

Real Chromium (headless, playwright-core) loads a page with one \`<chat-window>\` and the built
bundle (\`dist/confab.js\`), served from loopback. A mark just before the bundle runs is the
script start, a mark in a module script after it the end of the bundle's evaluation (elements
defined); an in-page check on every animation frame marks the first frame in which a
\`<chat-message>\` is in the window's shadow DOM (the frame that paints it). Warm: the page is
opened once with the server reachable (IndexedDB cache filled), then the chat sockets are refused
and the page reloaded ${options.reloads} times. Baseline, cold: a fresh browser context each time (empty cache),
server reachable, ${options.reloads} loads. ${options.rounds} rounds in one process, warm and cold alternating which goes
first (each warm round in a context of its own); a round's figure is the median of its loads,
each cell the median of the rounds' (lowest–highest), the ratio taken round by round.
Run alone: \`npx vite build && npx tsx bench/warm-start.ts\`.

| start | script start → first message ms | of which bundle evaluation ms | navigation → first message ms | script start → first message ÷ cold |
| --- | ---: | ---: | ---: | ---: |
${row("warm (cache, server unreachable)", result.warm, ratio)}
${row("cold (empty cache, server reachable)", result.cold, "–")}

Target (issue 10): warm start ≤ 100 ms from script start: **${warm.median <= 100 ? "met" : "not met"}** (${showSpread(warm)} ms).
`;
}

if (isMain(import.meta.url)) {
  const options = defaultWarmStartOptions();
  console.log(warmStartSection(await runWarmStart(options), options));
}

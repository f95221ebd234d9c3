/**
 * The host page (issue 20): what `<chat-widget>` costs a page before anyone opens it, and how
 * fast it opens, in real Chromium against a real wrangler dev. Contenders: today's classic
 * two-line embed (`confab.iife.js`, which loads the launcher and the rest on intent), today's ES
 * launcher (`confab-widget.js`), and the all-in-one bundle before issue 20 (commit
 * BASELINE_COMMIT's `confab.iife.js`, built here from git), each on the same plain page served
 * from loopback (bench/host-page-server.ts), for a signed-in user with one unread conversation.
 * The contenders alternate round by round (bench/rounds.ts).
 *
 *   npx vite build && npx tsx bench/host-page.ts
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { projectRoot } from "../scripts/servers.js";
import { launchChromium } from "../test/support/browser.js";
import { BUDGET_GZIP_BYTES } from "./bundle-size.js";
import { createGroup, isMain, measuredOn, met, sendMessages, startBenchServers, tokenFor } from "./harness.js";
import { clickLauncher, markNow, markTime, MeasuredPage, type Moment } from "./host-page-probes.js";
import { startHostPages, type HostedEmbed } from "./host-page-server.js";
import { buildCommit } from "./old-build.js";
import { alternate, DEFAULT_ROUNDS, showSpread, spreadBy } from "./rounds.js";

/** The last commit whose classic script held all of Confab (before issue 20's launcher). */
export const BASELINE_COMMIT = "a2def28";

/** How long after the badge shows the page is left to settle (idle-time loading included). */
export const SETTLE_MS = 3_000;

/** A click that paints within this is an open without a visible wait (the usual 100 ms of "instant"). */
export const NO_VISIBLE_WAIT_MS = 100;

export interface HostPageOptions {
  rounds: number;
}

export const defaultHostPageOptions = (): HostPageOptions => ({ rounds: DEFAULT_ROUNDS });

/** The phone-like rows: CDP Emulation.setCPUThrottlingRate, the main thread this many times slower. */
export const CPU_SLOWDOWN = 4;

type PageKey = "classic" | "es" | "baseline" | "alone";

export interface Contender {
  name: string;
  page: PageKey;
  cpuSlowdown?: number;
  /** Its issue 20 budget for bytes before open, if it has one. */
  budget?: number;
}

type ContenderKey = PageKey | "classicSlow" | "baselineSlow" | "aloneSlow";

const slower = `, CPU ${CPU_SLOWDOWN}× slower`;
const BASELINE_NAME = `all-in-one classic script (${BASELINE_COMMIT})`;

export const CONTENDERS: Record<ContenderKey, Contender> = {
  classic: { name: "classic launcher (`confab.iife.js`)", page: "classic", budget: BUDGET_GZIP_BYTES["classic launcher"] },
  es: { name: "ES launcher (`confab-widget.js`)", page: "es", budget: BUDGET_GZIP_BYTES["ES launcher"] },
  baseline: { name: BASELINE_NAME, page: "baseline" },
  alone: { name: "the page alone (no embed)", page: "alone" },
  classicSlow: { name: `classic launcher${slower}`, page: "classic", cpuSlowdown: CPU_SLOWDOWN },
  baselineSlow: { name: `${BASELINE_NAME}${slower}`, page: "baseline", cpuSlowdown: CPU_SLOWDOWN },
  aloneSlow: { name: `the page alone${slower}`, page: "alone", cpuSlowdown: CPU_SLOWDOWN },
};

export interface HostPageRun {
  /** Navigation → the frame that paints the launcher's badge. */
  badgeMs: number;
  /** Up to the badge with the page's idle time held back: the launcher alone. */
  launcherAlone: Moment;
  /** Up to the badge, idle time as the browser gives it. */
  atBadge: Moment;
  /** SETTLE_MS after the badge: idle-time loading done. */
  settled: Moment;
  /** Click → the list's row painted, clicked when the badge showed with idle time held back. */
  coldClickMs: number;
  /** Click → the list's row painted, on the settled page. */
  settledClickMs: number;
}

export interface HostPageResult {
  runs: Record<ContenderKey, HostPageRun[]>;
}

/** One contender's page twice: clicked when the badge shows with idle time held back, and left to settle then clicked. */
async function measure(browser: Browser, url: string, cpuSlowdown = 1): Promise<HostPageRun> {
  const cold = await MeasuredPage.open(browser, url, { idleHeld: true, cpuSlowdown });
  let coldClickMs: number, coldMoments: Map<string, Moment>;
  try {
    await cold.record("confab-badge");
    coldClickMs = await clickLauncher(cold.page);
  } finally {
    coldMoments = await cold.close();
  }
  const settling = await MeasuredPage.open(browser, url, { idleHeld: false, cpuSlowdown });
  let badgeMs: number, settledClickMs: number, moments: Map<string, Moment>;
  try {
    await settling.record("confab-badge");
    badgeMs = await markTime(settling.page, "confab-badge");
    await settling.page.waitForTimeout(SETTLE_MS);
    await markNow(settling.page, "confab-settled");
    await settling.record("confab-settled");
    settledClickMs = await clickLauncher(settling.page);
  } finally {
    moments = await settling.close();
  }
  return {
    badgeMs,
    launcherAlone: coldMoments.get("confab-badge")!,
    atBadge: moments.get("confab-badge")!,
    settled: moments.get("confab-settled")!,
    coldClickMs,
    settledClickMs,
  };
}

/** The page with no embed, for its own main-thread work: up to its load event, and settled. */
async function measurePageAlone(browser: Browser, url: string, cpuSlowdown = 1): Promise<HostPageRun> {
  const alone = await MeasuredPage.open(browser, url, { idleHeld: false, cpuSlowdown });
  let moments: Map<string, Moment>;
  try {
    await alone.page.waitForLoadState("load");
    await markNow(alone.page, "confab-loaded");
    await alone.record("confab-loaded");
    await alone.page.waitForTimeout(SETTLE_MS);
    await markNow(alone.page, "confab-settled");
    await alone.record("confab-settled");
  } finally {
    moments = await alone.close();
  }
  const loaded = moments.get("confab-loaded")!;
  return { badgeMs: NaN, launcherAlone: loaded, atBadge: loaded, settled: moments.get("confab-settled")!, coldClickMs: NaN, settledClickMs: NaN };
}

export async function runHostPage(options: HostPageOptions = defaultHostPageOptions()): Promise<HostPageResult> {
  const baseline = await buildCommit(BASELINE_COMMIT);
  const servers = await startBenchServers();
  const browser = await launchChromium();
  try {
    const { port } = servers.confab;
    const conversation = `host-page-${Date.now()}`;
    await createGroup(port, conversation, "sam", ["dana"]);
    await sendMessages(port, conversation, "sam", ["Are you there? One unread message for the launcher's badge."]);
    const widget = `<chat-widget host="127.0.0.1:${port}" token="${await tokenFor("dana")}"></chat-widget>`;
    const current = join(projectRoot, "dist");
    const embeds: Record<PageKey, HostedEmbed> = {
      classic: { name: "classic", dist: current, embed: `<script src="dist/confab.iife.js"></script>\n    ${widget}` },
      es: { name: "es", dist: current, embed: `<script type="module" src="dist/confab-widget.js"></script>\n    ${widget}` },
      baseline: { name: "baseline", dist: baseline.dist, embed: `<script src="dist/confab.iife.js"></script>\n    ${widget}` },
      alone: { name: "alone", dist: current, embed: "" },
    };
    const pages = await startHostPages(Object.values(embeds));
    try {
      const keys = Object.keys(CONTENDERS) as ContenderKey[];
      const measureContender = ({ page, cpuSlowdown }: Contender) =>
        (page === "alone" ? measurePageAlone : measure)(browser, `${pages.url}/${page}/`, cpuSlowdown);
      const runs = await alternate(
        keys.map((key) => ({ name: key, run: () => measureContender(CONTENDERS[key]) })),
        options.rounds,
        (name, round, run) =>
          console.log(
            `host page, round ${round + 1}, ${name}: ${run.launcherAlone.scripts.bytes} B alone, ${run.settled.scripts.bytes} B settled, ` +
              `${run.launcherAlone.mainThread.taskMs.toFixed(0)} ms busy, click ${run.coldClickMs.toFixed(0)} ms cold / ${run.settledClickMs.toFixed(0)} ms settled`,
          ),
      );
      return { runs: Object.fromEntries(keys.map((key) => [key, runs.get(key)!])) as Record<ContenderKey, HostPageRun[]> };
    } finally {
      await pages.close();
    }
  } finally {
    await browser.close();
    await servers.stop();
    await baseline.remove();
  }
}

export function hostPageSection(result: HostPageResult, options: HostPageOptions): string {
  const cell = (runs: HostPageRun[], figure: (run: HostPageRun) => number, digits = 1) => showSpread(spreadBy(runs, figure), digits);
  const bytes = (runs: HostPageRun[], moment: (run: HostPageRun) => Moment) => cell(runs, (run) => moment(run).scripts.bytes, 0);
  const longTasks = (runs: HostPageRun[], moment: (run: HostPageRun) => Moment) =>
    `${cell(runs, (run) => moment(run).mainThread.longTasks, 0)} / ${cell(runs, (run) => moment(run).mainThread.longTaskMs, 0)}`;
  const rows = (keys: ContenderKey[], row: (runs: HostPageRun[], contender: Contender) => string) =>
    keys.map((key) => `| ${CONTENDERS[key].name} | ${row(result.runs[key], CONTENDERS[key])} |`).join("\n");
  const embeds: ContenderKey[] = ["classic", "es", "baseline"];
  const launchers: ContenderKey[] = ["classic", "es"];
  const slow: ContenderKey[] = ["classicSlow", "baselineSlow"];
  const files = (run: HostPageRun | undefined) => (run?.launcherAlone.scripts.files ?? []).map((file) => `\`${file.replace(/-[\w-]{8}\.js$/, "-….js")}\``).join(", ");
  const firstLoad = launchers.map((key) => ({ key, bytes: spreadBy(result.runs[key], (run) => run.launcherAlone.scripts.bytes) }));
  const settledClick = (key: ContenderKey) => spreadBy(result.runs[key], (run) => run.settledClickMs);
  const coldClick = (key: ContenderKey) => showSpread(spreadBy(result.runs[key], (run) => run.coldClickMs), 0);
  const rest = spreadBy(result.runs.classic, (run) => run.settled.scripts.bytes - run.launcherAlone.scripts.bytes);
  return `## The host page

${measuredOn()}

What \`<chat-widget>\` costs the page it sits on before anyone opens it, and how fast it opens.
Real Chromium (headless, playwright-core) loads a plain page of text that ends with the embed,
each load in a fresh context (empty cache). A small server on loopback serves the page and the
built files, JavaScript gzip-compressed at level 9 (\`bench/host-page-server.ts\`); the chat
server is a real wrangler dev. The widget is signed in (\`token\`, signed as a site's backend
would) for a user with one unread conversation, so the launcher shows a badge. Pages: today's
two-line classic embed (\`<script src="confab.iife.js">\` and \`<chat-widget>\`), today's ES
launcher (\`<script type="module" src="confab-widget.js">\`), the all-in-one classic script
before issue 20 (commit ${BASELINE_COMMIT}, built by this benchmark from git), and the same page with no embed
for the page's own work, all at the machine's own speed; then, for a phone-like main thread, the
classic embed, the all-in-one script and the page alone again with CDP's
\`Emulation.setCPUThrottlingRate\` ${CPU_SLOWDOWN} (the network unchanged). ${options.rounds} rounds in one process,
the pages alternating which goes first; each cell is the median of the rounds (lowest–highest).
Run alone: \`npx vite build && npx tsx bench/host-page.ts\`.

Each embed page is loaded twice a round. First with the page's idle time held back (an init
script replaces \`requestIdleCallback\` by one that never calls back), so nothing but the
launcher loads: counted up to the frame that paints the badge (a \`MutationObserver\` on the
widget's shadow root sees it inserted; the next animation frame is the one that paints it), then the launcher is clicked at once (the cold click). Then as the browser
gives it: counted up to the badge, and again ${SETTLE_MS / 1000} s later once idle-time loading is done, then
clicked (the settled click). The page alone is counted at its load event and ${SETTLE_MS / 1000} s later.

- Script bytes: the page's \`.js\` requests in the browser's Resource Timing entries, by when
  each was requested; \`encodedBodySize\`, the gzip body as received (headers not counted).
- Main thread: busy time, the union of the main thread's top-level tasks (parsing, style, layout,
  script…) from the navigation to the badge's mark, from a Chromium trace (categories
  \`toplevel\` and \`blink.user_timing\`; \`bench/main-thread-busy.ts\`; each context first opens an
  empty page of the same origin, so the renderer's own start-up is not counted; the browser's
  own work for the navigation is, which the page alone shows); script time, CDP
  \`Performance.getMetrics\` \`ScriptDuration\`, read as soon as the benchmark hears of the badge's
  mark; long tasks (over 50 ms, a \`PerformanceObserver\` registered before the page's
  scripts) started by the badge: count / ms.
- Click → list painted: from the click event's time (playwright moves the pointer over the
  launcher and clicks, so a launcher starts loading on \`pointerenter\` a few ms before) to the
  animation frame after the one in which the list's row for the unread conversation is laid out,
  so the frame that painted it has run (checked every frame: up to one frame, 16.7 ms, late).

Script fetched before anyone opens the chat (bytes, gzip):

| page | launcher alone (idle held), to the badge | files | idle time on, to the badge | idle time on, settled | budget |
| --- | ---: | --- | ---: | ---: | ---: |
${rows(embeds, (runs, contender) => `${bytes(runs, (run) => run.launcherAlone)} | ${files(runs[0])} | ${bytes(runs, (run) => run.atBadge)} | ${bytes(runs, (run) => run.settled)} | ${contender.budget ? `${contender.budget} B` : "–"}`)}

Main thread before anyone opens the chat:

| page | navigation → badge ms | busy ms, launcher alone, to the badge | script ms, same | long tasks, same | busy ms, settled | script ms, settled | long tasks, settled |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows(
  [...embeds, "alone", ...slow, "aloneSlow"],
  (runs) =>
    `${cell(runs, (run) => run.badgeMs, 0)} | ${cell(runs, (run) => run.launcherAlone.mainThread.taskMs, 0)} | ${cell(runs, (run) => run.launcherAlone.mainThread.scriptMs, 0)} | ${longTasks(runs, (run) => run.launcherAlone)} | ${cell(runs, (run) => run.settled.mainThread.taskMs, 0)} | ${cell(runs, (run) => run.settled.mainThread.scriptMs, 0)} | ${longTasks(runs, (run) => run.settled)}`,
)}

Opening the chat:

| page | click → list painted, cold ms | click → list painted, settled ms |
| --- | ---: | ---: |
${rows([...embeds, ...slow], (runs) => `${cell(runs, (run) => run.coldClickMs, 0)} | ${cell(runs, (run) => run.settledClickMs, 0)}`)}

Targets (issue 20): the launcher's first load at most ${BUDGET_GZIP_BYTES["classic launcher"]} B gzip before open, in both outputs:
${firstLoad.map(({ key, bytes }) => `${CONTENDERS[key].name} **${met(bytes.max <= CONTENDERS[key].budget!)}** (${showSpread(bytes, 0)} B)`).join("; ")}.
With idle time on, a page goes on to fetch the rest in its first idle time after the load event
(${showSpread(rest, 0)} B more for the classic embed by the time it settles), which on this page often starts before
the badge's count has arrived over the launcher's socket: the middle column, the popup's first chunk or all of it.
The popup opens without a visible wait (within ${NO_VISIBLE_WAIT_MS} ms) on a fast connection, once the page has had its idle time:
**${met(launchers.every((key) => settledClick(key).median <= NO_VISIBLE_WAIT_MS))}** (${launchers.map((key) => `${CONTENDERS[key].name} ${showSpread(settledClick(key), 0)} ms`).join(", ")}).
Clicked cold, before any idle time or hover, it takes ${coldClick("classic")} ms (classic) and ${coldClick("es")} ms (ES) against the
all-in-one script's ${coldClick("baseline")} ms: the launcher then fetches and runs the rest, and the chat connects its own
socket and receives the list, all of which the all-in-one script did before the badge showed; on loopback the
fetch costs no round trip, so on a real connection the cold click waits longer by the round trip of the one chunk that holds the rest.
With the CPU ${CPU_SLOWDOWN}× slower, the settled click takes ${showSpread(settledClick("classicSlow"), 0)} ms (classic launcher) against the
all-in-one script's ${showSpread(settledClick("baselineSlow"), 0)} ms, and the cold click ${coldClick("classicSlow")} ms against ${coldClick("baselineSlow")} ms.
`;
}

if (isMain(import.meta.url)) {
  const options = defaultHostPageOptions();
  console.log(hostPageSection(await runHostPage(options), options));
}

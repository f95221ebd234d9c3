/**
 * What bench/host-page.ts reads in a page it loads in a fresh context: marks for the frame that
 * paints the launcher's badge and for a click's list painted, and at such marks the script
 * requests (Resource Timing), long tasks (PerformanceObserver), script time (CDP) and the main
 * thread's busy time (a trace).
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { busyUntilMarks, type TraceEvent } from "./main-thread-busy.js";

/** Script bytes (gzip, as transferred) and the files they came in. */
export interface Scripts {
  bytes: number;
  files: string[];
}

/** Main-thread time and long tasks up to a moment. */
export interface MainThread {
  /** Busy: the union of the main thread's tasks since the navigation started (the trace). */
  taskMs: number;
  /** Running script since the page opened (CDP Performance.getMetrics ScriptDuration). */
  scriptMs: number;
  longTasks: number;
  longTaskMs: number;
}

/** What the page had fetched and run up to a moment. */
export interface Moment {
  scripts: Scripts;
  mainThread: MainThread;
}

/**
 * Runs in the page before its scripts: keeps long tasks; watches the widget's shadow root (a
 * MutationObserver, so the benchmark makes the page draw no frame of its own before the badge)
 * and marks the animation frame after the badge is inserted, the frame that paints it; on the
 * first click, marks its time and then the frame after the list's first row is laid out (the
 * frame that painted it has run). Text, not a function: tsx would wrap inner names in a helper
 * the page lacks.
 */
const watchHostPage = `
  const widgetRoot = () => document.querySelector("chat-widget")?.shadowRoot;
  window.confabLongTasks = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) window.confabLongTasks.push({ start: task.startTime, duration: task.duration });
  }).observe({ type: "longtask", buffered: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.localName !== "chat-widget") return root;
    const badge = new MutationObserver(() => {
      if (!root.querySelector('[part~="badge"]')) return;
      badge.disconnect();
      requestAnimationFrame(() => performance.mark("confab-badge"));
    });
    badge.observe(root, { childList: true, subtree: true });
    return root;
  };
  document.addEventListener("click", (event) => {
    if (performance.getEntriesByName("confab-click").length > 0) return;
    performance.mark("confab-click", { startTime: event.timeStamp });
    const watchRow = () => {
      const row = widgetRoot()?.querySelector("chat-list")?.shadowRoot?.querySelector('[part~="item"]');
      if (row && row.getBoundingClientRect().height > 0) requestAnimationFrame(() => performance.mark("confab-list-painted"));
      else requestAnimationFrame(watchRow);
    };
    requestAnimationFrame(watchRow);
  }, true);
`;

/** For the cold click: the page's idle callbacks never run, so only the click loads the rest. */
const holdIdleTime = `
  window.requestIdleCallback = () => 0;
  window.cancelIdleCallback = () => {};
`;

const TIMEOUT_MS = 20_000;

/**
 * The page time of mark `name`, once the page has made it: a PerformanceObserver tells, where
 * polling would run tasks (or draw frames) in the page being measured.
 */
export const markTime = (page: Page, name: string) =>
  page.evaluate(
    ({ mark, timeout }) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mark ${mark} within ${timeout} ms`)), timeout);
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName(mark)[0];
          if (!entry) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(entry.startTime);
        }).observe({ type: "mark", buffered: true });
      }),
    { mark: name, timeout: TIMEOUT_MS },
  );

/** Marks `name` in the page now. */
export const markNow = (page: Page, name: string) => page.evaluate((mark) => void performance.mark(mark), name);

/** Script files (gzip body bytes from Resource Timing) requested up to `until` (page time). */
const scriptsUntil = (page: Page, until: number): Promise<Scripts> =>
  page.evaluate((until) => {
    const scripts = performance
      .getEntriesByType("resource")
      .filter((entry): entry is PerformanceResourceTiming => entry.name.endsWith(".js") && entry.startTime <= until) as PerformanceResourceTiming[];
    return { bytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0), files: scripts.map((entry) => entry.name.split("/").pop()!) };
  }, until);

const longTasksUntil = (page: Page, until: number) =>
  page.evaluate((until) => {
    const tasks = (window as unknown as { confabLongTasks: { start: number; duration: number }[] }).confabLongTasks.filter((task) => task.start <= until);
    return { longTasks: tasks.length, longTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0) };
  }, until);

/** Script time so far (seconds in CDP's metrics). */
async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return 1000 * (metrics.find((metric) => metric.name === "ScriptDuration")?.value ?? NaN);
}

/** A page loaded for measuring, and the moments recorded in it. */
export class MeasuredPage {
  private readonly recorded = new Map<string, Omit<Moment, "mainThread"> & { mainThread: Omit<MainThread, "taskMs"> }>();

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly url: string,
  ) {}

  /**
   * Opens `url` in a fresh context (empty cache) with the page watched, its idle time held back
   * or not, its main thread `cpuSlowdown` times slower (1: the machine's own speed). The context
   * first opens the origin's empty page, so the renderer's start-up is done before tracing starts.
   */
  static async open(browser: Browser, url: string, { idleHeld, cpuSlowdown }: { idleHeld: boolean; cpuSlowdown: number }): Promise<MeasuredPage> {
    const context = await browser.newContext();
    await context.addInitScript({ content: watchHostPage });
    if (idleHeld) await context.addInitScript({ content: holdIdleTime });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
    await page.goto(new URL("/", url).href);
    await browser.startTracing(page, { categories: ["toplevel", "blink.user_timing"] });
    await page.goto(url, { waitUntil: "commit" });
    return new MeasuredPage(browser, context, page, cdp, url);
  }

  /** Records what the page has fetched and run up to mark `name` (script time: up to now). */
  async record(name: string): Promise<void> {
    const until = await markTime(this.page, name);
    const script = await scriptMs(this.cdp);
    this.recorded.set(name, { scripts: await scriptsUntil(this.page, until), mainThread: { scriptMs: script, ...(await longTasksUntil(this.page, until)) } });
  }

  /** Stops tracing and closes the context; resolves with each recorded moment, by mark. */
  async close(): Promise<Map<string, Moment>> {
    try {
      const trace = JSON.parse(String(await this.browser.stopTracing())) as { traceEvents: TraceEvent[] };
      const busy = busyUntilMarks(trace.traceEvents, this.url, [...this.recorded.keys()]);
      return new Map([...this.recorded].map(([name, moment]) => [name, { ...moment, mainThread: { ...moment.mainThread, taskMs: busy.get(name) ?? NaN } }]));
    } finally {
      await this.context.close();
    }
  }
}

/** Clicks the launcher; resolves with the time from the click to the list's row painted. */
export const clickLauncher = async (page: Page) => {
  await page.locator('chat-widget [part="launcher"]').click();
  return (await markTime(page, "confab-list-painted")) - (await markTime(page, "confab-click"));
};

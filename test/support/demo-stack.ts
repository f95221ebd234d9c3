/**
 * The whole demo for a browser test: wrangler dev on its own storage, the Vite demo server
 * in front of it, and Debian's Chromium; started before the suite and stopped after it.
 */
import { after, before } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEV_VARS, startVite, startWrangler, type RunningProcess } from "../../scripts/servers.js";
import { launchChromium } from "./browser.js";

export interface DemoStack {
  readonly server: RunningProcess;
  readonly demo: RunningProcess;
  readonly browser: Browser;
  /** Stops the chat server; the demo pages stay up. */
  stopServer(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the chat server again on the same port and storage. */
  startServer(): Promise<void>;
  /** A user's demo page, in a browser context of its own. */
  /** A page of the demo as `user`; pages opened in one `context` are tabs sharing its storage. */
  openAs(user: string, name: string, context?: BrowserContext): Promise<Page>;
}

export function useDemoStack(vars: Record<string, string> = DEV_VARS): DemoStack {
  let persistTo: string;
  let server: RunningProcess;
  let demo: RunningProcess;
  let browser: Browser;

  before(async () => {
    persistTo = await mkdtemp(join(tmpdir(), "confab-e2e-"));
    [server, browser] = await Promise.all([startWrangler({ persistTo, vars }), launchChromium()]);
    demo = await startVite({ serverPort: server.port });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  return {
    get server() {
      return server;
    },
    get demo() {
      return demo;
    },
    get browser() {
      return browser;
    },
    stopServer: (signal) => server.stop(signal),
    async startServer() {
      server = await startWrangler({ persistTo, port: server.port, vars });
    },
    async openAs(user, name, context) {
      const page = await (context ?? browser).newPage();
      await page.goto(`${demo.url}/demo/chat.html?user=${user}&name=${name}`);
      return page;
    },
  };
}

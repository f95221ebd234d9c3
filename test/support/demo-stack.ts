/**
 * The whole demo for a browser test: wrangler dev on its own storage, the Vite demo server
 * in front of it, and Debian's Chromium; started before the suite and stopped after it.
 */
import { after, before } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { guestId } from "../../src/protocol/index.js";
import { DEV_VARS, startVite, startWrangler, type RunningProcess } from "../../scripts/servers.js";
import { launchChromium } from "./browser.js";
import { registerUnknown } from "./server-clients.js";

export interface DemoStack {
  readonly server: RunningProcess;
  readonly demo: RunningProcess;
  readonly browser: Browser;
  /** Stops the chat server; the demo pages stay up. */
  stopServer(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the chat server again on the same port and storage. */
  startServer(): Promise<void>;
  /**
   * A page of the demo as `user` (a guest, `~user`), once signed in: others may start
   * conversations with them from then on. Pages opened in one `context` are tabs sharing its storage.
   */
  openAs(user: string, name: string, context?: BrowserContext): Promise<Page>;
  /**
   * Registers `users` (as guests, `~user`, like the demo pages' users) through the server API as
   * the host's backend would, for a conversation started with them before they open a page: a
   * widget may only bring in people who exist.
   */
  register(...users: string[]): Promise<void>;
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
      await signedIn(server.url, guestId(user));
      return page;
    },
    register: (...users) => registerUnknown(new URL(server.url).host, users.map(guestId)),
  };
}

/**
 * Resolves once the server knows `userId` (their page's inbox socket was admitted), or after a
 * few seconds regardless: a page opened while the server is down is the test's to judge.
 */
async function signedIn(serverUrl: string, userId: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const known = await fetch(`${serverUrl}/api/v1/users/${encodeURIComponent(userId)}`, { headers: { authorization: `Bearer ${DEV_VARS.API_KEY}` } })
      .then((response) => response.ok)
      .catch(() => false);
    if (known) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

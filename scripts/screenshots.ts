/**
 * Screenshots for the README, `npm run screenshots`: the seeded demo as a newcomer sees it
 * (alice's list, her open conversation with bob, bob's phone) and demo/theming.html's looks.
 * Starts its own server (fresh data in a temporary folder, seeded by scripts/seed.ts) and Vite on
 * free ports, and writes docs/screenshots/<name>.png.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Locator, type Page } from "playwright-core";
import { DIRECT_MESSAGES, seedDemo } from "./seed.js";
import { DEV_VARS, freePort, projectRoot, startVite, startWrangler } from "./servers.js";

const LOOKS = ["midnight", "paper", "bubblegum", "themed", "rtl"];
const TIMEOUT = 30_000;
const DESKTOP = { width: 1040, height: 640 };
const PHONE = { width: 375, height: 667 };

const persistTo = await mkdtemp(join(tmpdir(), "confab-screenshots-"));
const server = await startWrangler({ port: await freePort(), persistTo, vars: DEV_VARS });
const { directId } = await seedDemo(server.url);
const demo = await startVite({ port: await freePort(), serverPort: server.port });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const folder = join(projectRoot, "docs/screenshots");

async function save(target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: join(folder, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

/** A user's demo page (demo/chat.html) in a context of its own, optionally with a conversation open. */
async function openChat(user: string, name: string, viewport: { width: number; height: number }, conversationId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: viewport === PHONE ? 2 : 1 });
  const page = await context.newPage();
  await page.goto(`${demo.url}/demo/chat.html?user=${user}&name=${name}${conversationId ? `#${conversationId}` : ""}`);
  await page.locator("chat-list").getByRole("option").nth(1).waitFor({ timeout: TIMEOUT });
  if (conversationId) {
    await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
    await page.locator("chat-window chat-message").nth(DIRECT_MESSAGES.length - 1).waitFor({ timeout: TIMEOUT });
  }
  return page;
}

/** The seeded demo's finished states. Taken before the theming page adds its own conversation to alice's list. */
async function shootDemo(): Promise<void> {
  // Bob's phone first, so that alice sees him online and her messages seen.
  const bobPhone = await openChat("bob", "Bob", PHONE, directId);
  const alice = await openChat("alice", "Alice", DESKTOP);
  // The list alone, no taller than its rows need.
  await alice.setViewportSize({ width: DESKTOP.width, height: 240 });
  await alice.waitForTimeout(500);
  await save(alice.locator("chat-list"), "list");
  await alice.setViewportSize(DESKTOP);
  await alice.locator(`chat-list [role="option"][data-id="${directId}"]`).click();
  await alice.locator("chat-window chat-message").nth(DIRECT_MESSAGES.length - 1).waitFor({ timeout: TIMEOUT });
  await alice.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
  await alice.waitForTimeout(800);
  await save(alice, "conversation");
  await bobPhone.waitForTimeout(300);
  await save(bobPhone, "phone");
  await Promise.all([alice.context().close(), bobPhone.context().close()]);
}

/** demo/theming.html: one conversation in several looks. */
async function shootTheming(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1040, height: 1000 } });
  await page.goto(`${demo.url}/demo/theming.html`);
  // Every window shows the four seeded messages, and the German one has its strings.
  await page.locator("#rtl").getByRole("button", { name: "Suchen" }).waitFor({ timeout: TIMEOUT });
  for (const look of LOOKS) await page.locator(`#${look} chat-message`).nth(3).waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(500);
  for (const look of LOOKS) await save(page.locator(`figure:has(#${look})`), look);
  await page.close();
}

try {
  await mkdir(folder, { recursive: true });
  await shootDemo();
  await shootTheming();
} finally {
  await browser.close();
  await Promise.all([demo.stop(), server.stop()]);
  await rm(persistTo, { recursive: true, force: true });
}

/**
 * Screenshots of demo/theming.html for the README, run by hand: `npx tsx scripts/screenshots.ts`.
 * Starts its own server (fresh data in a temporary folder) and Vite on free ports, and writes
 * docs/screenshots/<look>.png.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DEV_VARS, freePort, projectRoot, startVite, startWrangler } from "./servers.js";

const LOOKS = ["midnight", "paper", "bubblegum", "themed", "rtl"];

const persistTo = await mkdtemp(join(tmpdir(), "confab-screenshots-"));
const server = await startWrangler({ port: await freePort(), persistTo, vars: DEV_VARS });
const demo = await startVite({ port: await freePort(), serverPort: server.port });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1040, height: 1000 } });
  await page.goto(`${demo.url}/demo/theming.html`);
  // Every window shows the four seeded messages, and the German one has its strings.
  await page.locator("#rtl").getByRole("button", { name: "Suchen" }).waitFor({ timeout: 30_000 });
  for (const look of LOOKS) await page.locator(`#${look} chat-message`).nth(3).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await mkdir(join(projectRoot, "docs/screenshots"), { recursive: true });
  for (const look of LOOKS) {
    await page.locator(`figure:has(#${look})`).screenshot({ path: join(projectRoot, `docs/screenshots/${look}.png`) });
    console.log(`docs/screenshots/${look}.png`);
  }
} finally {
  await browser.close();
  await Promise.all([demo.stop(), server.stop()]);
  await rm(persistTo, { recursive: true, force: true });
}

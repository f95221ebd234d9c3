/**
 * The walking skeleton as a user sees it: the demo page with alice and bob side by side,
 * on the real server, in real Chromium.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { startVite, startWrangler, type RunningProcess } from "../../scripts/servers.js";
import { launchChromium } from "../support/browser.js";

const TIMEOUT = 10_000;

function chatOf(page: Page, user: "Alice" | "Bob"): FrameLocator {
  return page.frameLocator(`iframe[title="${user}'s chat"]`);
}

async function waitOnline(chat: FrameLocator): Promise<void> {
  await chat.locator("chat-window").getByRole("status").getByText("Online").waitFor({ timeout: TIMEOUT });
}

async function messageTexts(chat: FrameLocator): Promise<string[]> {
  return chat.locator('chat-message [part~="bubble"]').allTextContents();
}

describe("two users chatting in the demo", () => {
  let persistTo: string;
  let server: RunningProcess;
  let demo: RunningProcess;
  let browser: Browser;

  before(async () => {
    persistTo = await mkdtemp(join(tmpdir(), "confab-e2e-"));
    server = await startWrangler({ persistTo });
    demo = await startVite({ serverPort: server.port });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await server?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  it("shows alice's message to bob with sender and time, and keeps it through reloads and a server restart", async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    const alice = chatOf(page, "Alice");
    const bob = chatOf(page, "Bob");
    await Promise.all([waitOnline(alice), waitOnline(bob)]);

    const text = `hello ${Date.now()}`;
    await alice.getByLabel("Message").fill(text);
    await alice.getByLabel("Message").press("Enter");

    const received = bob.locator("chat-message", { hasText: text });
    await received.waitFor({ timeout: TIMEOUT });
    assert.equal(await received.locator('[part~="sender"]').textContent(), "Alice");
    assert.match((await received.locator("time").getAttribute("datetime")) ?? "", /^\d{4}-\d\d-\d\dT/);
    await alice.locator("chat-message", { hasText: text }).getByText("Sent").waitFor({ timeout: TIMEOUT });
    assert.equal(await alice.getByLabel("Message").inputValue(), "", "the composer clears after sending");

    await page.reload();
    await Promise.all([waitOnline(chatOf(page, "Alice")), waitOnline(chatOf(page, "Bob"))]);
    for (const chat of [chatOf(page, "Alice"), chatOf(page, "Bob")]) {
      assert.deepEqual(await messageTexts(chat), [text], "history after reload");
    }

    await server.stop();
    server = await startWrangler({ persistTo, port: server.port });
    await page.reload();
    await waitOnline(chatOf(page, "Bob"));
    assert.deepEqual(await messageTexts(chatOf(page, "Bob")), [text], "history after a server restart");
    await page.close();
  });

  it("delivers bob's reply to alice, rendered as text, in send order", async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    const alice = chatOf(page, "Alice");
    const bob = chatOf(page, "Bob");
    await Promise.all([waitOnline(alice), waitOnline(bob)]);
    const before = (await messageTexts(alice)).length;

    const hostile = `<img src=x onerror="window.__pwned=1"> ${Date.now()}`;
    await bob.getByLabel("Message").fill(hostile);
    await bob.getByRole("button", { name: "Send" }).click();
    await bob.getByLabel("Message").fill("second");
    await bob.getByLabel("Message").press("Enter");

    await alice.locator("chat-message", { hasText: "second" }).waitFor({ timeout: TIMEOUT });
    const texts = await messageTexts(alice);
    assert.deepEqual(texts.slice(before), [hostile, "second"]);
    const aliceFrame = page.frame({ url: /user=alice/ })!;
    assert.equal(await aliceFrame.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    await page.close();
  });

  it("works from the built bundle embedded in a plain HTML page", async () => {
    const demoPage = await browser.newPage();
    await demoPage.goto(`${demo.url}/`);
    const alice = chatOf(demoPage, "Alice");
    await waitOnline(alice);

    const embed = await browser.newPage();
    const errors: string[] = [];
    embed.on("pageerror", (error) => errors.push(error.message));
    await embed.goto(`${demo.url}/demo/embed.html`);
    const dana = embed.locator("chat-window");
    await dana.getByRole("status").getByText("Online").waitFor({ timeout: TIMEOUT });
    const text = `from the embed ${Date.now()}`;
    await dana.getByLabel("Message").fill(text);
    await dana.getByLabel("Message").press("Enter");

    const received = alice.locator("chat-message", { hasText: text });
    await received.waitFor({ timeout: TIMEOUT });
    assert.equal(await received.locator('[part~="sender"]').textContent(), "Dana");
    assert.deepEqual(errors, []);
    await Promise.all([demoPage.close(), embed.close()]);
  });
});

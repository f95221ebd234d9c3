/**
 * Embedding as a site owner does it, in real Chromium on the real server: the two-line plain
 * HTML page (classic script, loaded twice), and React and Vue apps built with Vite that import
 * the package, pass attributes and listen to `chat-*` events. Needs `npm run build` first; the
 * demo apps are built here.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { projectRoot } from "../../scripts/servers.js";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";

const TIMEOUT = 10_000;

describe("embedding <chat-widget>", () => {
  const stack = useDemoStack();

  before(async () => {
    await promisify(execFile)("npm", ["run", "build:demos"], { cwd: projectRoot });
  });

  /** Alice's demo page with a one-to-one conversation with `peer` open. */
  async function aliceTalkingTo(peer: string): Promise<Page> {
    const alice = await stack.openAs("alice", "Alice");
    await stack.register(peer);
    await startOneToOne(alice, peer);
    await alice.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
    return alice;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await page.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
  }

  const launcher = (page: Page) => page.locator('chat-widget [part="launcher"]');
  const popup = (page: Page) => page.getByRole("dialog", { name: "Chat" });

  /** The part name of what has focus, looking into shadow roots. */
  function focusedPart(page: Page): Promise<string | null> {
    return page.evaluate(`(() => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
      return active ? active.getAttribute("part") : null;
    })()`);
  }

  it("works from the two-line plain HTML page, even with the script loaded twice", async () => {
    const alice = await aliceTalkingTo("erin");
    await say(alice, "hi Erin");

    const erin = await stack.browser.newPage();
    const errors: string[] = [];
    erin.on("pageerror", (error) => errors.push(error.message));
    erin.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await erin.goto(`${stack.demo.url}/demo/plain.html`);
    await erin.addScriptTag({ url: "/dist/confab.iife.js" });

    await launcher(erin).getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await launcher(erin).getAttribute("aria-label"), "Chat, 1 unread message");
    assert.equal(await erin.title(), "(1) Confab: the two-line embed", "title-unread puts the count in the title");

    await launcher(erin).press("Enter");
    await popup(erin).waitFor({ timeout: TIMEOUT });
    assert.equal(await launcher(erin).getAttribute("aria-expanded"), "true");
    await erin.locator("chat-list").getByRole("option", { name: /Alice/ }).click();
    await erin.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
    await erin.locator("chat-message", { hasText: "hi Erin" }).waitFor({ timeout: TIMEOUT });
    const text = `from the plain page ${Date.now()}`;
    await say(erin, text);
    const received = alice.locator("chat-message", { hasText: text });
    await received.waitFor({ timeout: TIMEOUT });
    assert.equal(await received.locator('[part~="sender"]').textContent(), "Erin");
    await launcher(erin).locator('[part="badge"]').waitFor({ state: "detached", timeout: TIMEOUT });
    assert.equal(await erin.title(), "Confab: the two-line embed", "the title is the page's own once read");

    await erin.getByLabel("Message", { exact: true }).press("Escape");
    await popup(erin).waitFor({ state: "hidden", timeout: TIMEOUT });
    assert.equal(await focusedPart(erin), "launcher", "Escape gives focus back to the launcher");

    await launcher(erin).click();
    await popup(erin).waitFor({ timeout: TIMEOUT });
    await erin.reload();
    await popup(erin).waitFor({ timeout: TIMEOUT });
    assert.equal(await launcher(erin).getAttribute("aria-expanded"), "true", "open across a reload");
    assert.deepEqual(errors, []);
    await Promise.all([alice.close(), erin.close()]);
  });

  for (const [framework, user, path] of [
    ["React", "rita", "demo/react/dist/index.html"],
    ["Vue", "victor", "demo/vue/dist/index.html"],
  ] as const) {
    it(`renders in a ${framework} app, takes its attributes, and tells it about events`, async () => {
      const page = await stack.browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${stack.demo.url}/${path}`);
      await launcher(page).waitFor({ timeout: TIMEOUT });
      assert.equal(await page.evaluate(`document.querySelector("chat-widget").user`), user);

      await page.getByLabel("Dark chat").check();
      await launcher(page).click();
      await popup(page).waitFor({ timeout: TIMEOUT });
      assert.equal(await page.locator("chat-widget chat-list").getAttribute("theme"), "dark", "theme reaches the list");

      await startOneToOne(page, "alice");
      await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
      await page.locator("#opened").getByText(/^dm_/).waitFor({ timeout: TIMEOUT });
      const text = `from ${framework} ${Date.now()}`;
      await say(page, text);
      await page.locator("#last-sent").getByText(text).waitFor({ timeout: TIMEOUT });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

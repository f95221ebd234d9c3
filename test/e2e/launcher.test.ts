/**
 * The launcher's first load (issue 20) in real Chromium on the real server: before the rest of
 * Confab has loaded, the classic two-line embed shows a live unread count from a socket of its
 * own and has fetched no store, list or window; the rest loads on intent and the popup works.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Route } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";

const TIMEOUT = 10_000;

describe("the launcher before the rest of Confab loads", () => {
  const stack = useDemoStack();

  it("counts unread messages live from its own socket, then loads the rest on intent", async () => {
    const alice = await stack.openAs("alice", "Alice");
    await stack.register("erin");
    await startOneToOne(alice, "erin");
    const say = async (text: string) => {
      await alice.getByLabel("Message", { exact: true }).fill(text);
      await alice.getByLabel("Message", { exact: true }).press("Enter");
      await alice.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
    };
    await say("first");

    const erin = await stack.browser.newPage();
    const errors: string[] = [];
    erin.on("pageerror", (error) => errors.push(error.message));
    const fetched: string[] = [];
    erin.on("request", (request) => fetched.push(new URL(request.url()).pathname));
    // The popup's code is held back until the test lets it through: until then only the launcher runs.
    const held: Route[] = [];
    await erin.route(/\/dist\/popup-[\w-]+\.js$/, (route) => void held.push(route));
    await erin.goto(`${stack.demo.url}/demo/plain.html`);

    const launcher = erin.locator('chat-widget [part="launcher"]');
    await launcher.getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await launcher.getAttribute("aria-label"), "Chat, 1 unread message");
    await say("second");
    await launcher.getByText("2", { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await erin.title(), "(2) Confab: the two-line embed", "title-unread counts from the launcher's socket too");

    const scripts = fetched.filter((path) => path.startsWith("/dist/"));
    assert.ok(
      scripts.every((path) => /^\/dist\/(confab\.iife|confab-widget|chat-widget-[\w-]+|popup-[\w-]+)\.js$/.test(path)),
      `before intent only the launcher's files (and the held popup request): ${scripts.join(" ")}`,
    );

    await launcher.hover();
    for (const route of held) await route.continue();
    await erin.unroute(/\/dist\/popup-[\w-]+\.js$/);
    await launcher.click();
    await erin.locator("chat-list").getByRole("option", { name: /Alice/ }).waitFor({ timeout: TIMEOUT });
    await launcher.getByText("2", { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(errors, []);
    await Promise.all([alice.close(), erin.close()]);
  });

  it("says so when the rest fails to load, and loads it again on Try again", async () => {
    const page = await stack.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const popupCode = /\/dist\/popup-[\w-]+\.js$/;
    await page.route(popupCode, (route) => route.abort("internetdisconnected"));
    await page.goto(`${stack.demo.url}/demo/plain.html`);
    const launcher = page.locator('chat-widget [part="launcher"]');
    await launcher.click();
    await page.getByRole("dialog", { name: "Chat" }).getByText("The chat could not load.").waitFor({ timeout: TIMEOUT });

    await page.unroute(popupCode);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/**
 * Offline-first as a user lives it, in real Chromium: with the server gone, the page still
 * opens from its cache, messages typed meanwhile wait in the outbox through a reload, and
 * when the server is back each arrives once, in order.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";

const TIMEOUT = 15_000;

/**
 * In the page: whether some conversation's cached outbox holds a message with the text `text`.
 * A string, so the test runner's transform adds no helpers the page lacks.
 */
const outboxHolds = `async (text) => {
  const read = (request) => new Promise((resolve) => (request.onsuccess = () => resolve(request.result)));
  for (const { name } of await indexedDB.databases()) {
    if (!name.startsWith("confab:")) continue;
    const store = (await read(indexedDB.open(name))).transaction("cache").objectStore("cache");
    for (const key of await read(store.getAllKeys())) {
      const outbox = String(key).startsWith("outbox:") ? await read(store.get(key)) : { messages: {} };
      if (Object.values(outbox.messages).some((message) => message.text === text)) return true;
    }
  }
  return false;
}`;

describe("offline", () => {
  const stack = useDemoStack();
  const openAs = (user: string, name: string, context?: BrowserContext) => stack.openAs(user, name, context);

  const status = (page: Page) => page.locator("chat-window").getByRole("status");
  /** The window's own connection is up (its status then shows no text). */
  const connected = (page: Page) => page.locator('chat-window [part~="connection-status"][data-status="online"]');
  const bubbles = (page: Page) => page.locator('chat-window chat-message [part~="bubble"]').allTextContents();

  it("keeps messages typed while the server is down through a reload, and delivers each once when it is back", async () => {
    const [alice, bob] = await Promise.all([openAs("alice", "Alice"), openAs("bob", "Bob")]);
    await startOneToOne(alice, "bob");
    await connected(alice).waitFor({ state: "attached", timeout: TIMEOUT });
    await alice.getByLabel("Message", { exact: true }).fill("before the outage");
    await alice.getByLabel("Message", { exact: true }).press("Enter");
    await alice.locator("chat-message[status=sent]", { hasText: "before the outage" }).waitFor({ timeout: TIMEOUT });
    await bob.locator("chat-list").getByRole("option", { name: /Alice/ }).click();
    await bob.locator("chat-message", { hasText: "before the outage" }).waitFor({ timeout: TIMEOUT });

    await stack.stopServer("SIGKILL");
    await status(alice).getByText("Connecting…").waitFor({ timeout: TIMEOUT });
    const typed = ["one while away", "two while away", "three while away"];
    for (const text of typed) {
      await alice.getByLabel("Message", { exact: true }).fill(text);
      await alice.getByLabel("Message", { exact: true }).press("Enter");
    }
    assert.deepEqual(await bubbles(alice), ["before the outage", ...typed]);

    // The page itself still loads (Vite is up); the chat server does not answer.
    await alice.reload();
    await alice.locator("chat-list").getByRole("option", { name: /Bob/ }).waitFor({ timeout: TIMEOUT });
    await alice.locator("chat-message", { hasText: "three while away" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(alice), ["before the outage", ...typed], "cached history and outbox after a reload");
    const pending = typed.map((text) => alice.locator("chat-message", { hasText: text }).locator('[part~="status"]').textContent());
    assert.deepEqual(await Promise.all(pending), ["Sending…", "Sending…", "Sending…"], "still waiting to be sent");

    await stack.startServer();
    for (const text of typed) {
      await alice.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
    }
    await bob.locator("chat-message", { hasText: "three while away" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(bob), ["before the outage", ...typed], "bob sees each once, in order");

    await bob.reload();
    await connected(bob).waitFor({ state: "attached", timeout: TIMEOUT });
    assert.deepEqual(await bubbles(bob), ["before the outage", ...typed], "the server stored each once");
    await Promise.all([alice.close(), bob.close()]);
  });

  it("opens a user's conversations and messages from the cache while the server is unreachable", async () => {
    const carol = await openAs("carol", "Carol");
    await stack.register("dave");
    await startOneToOne(carol, "dave");
    await connected(carol).waitFor({ state: "attached", timeout: TIMEOUT });
    await carol.getByLabel("Message", { exact: true }).fill("cached hello");
    await carol.getByLabel("Message", { exact: true }).press("Enter");
    await carol.locator("chat-message[status=sent]", { hasText: "cached hello" }).waitFor({ timeout: TIMEOUT });

    await stack.stopServer();
    const started = Date.now();
    await carol.reload();
    await carol.locator("chat-message", { hasText: "cached hello" }).waitFor({ timeout: TIMEOUT });
    console.log(`# warm start with the server down: cached message shown ${Date.now() - started} ms after reload began`);
    assert.equal(await carol.locator("chat-list").getByRole("option").count(), 1);
    assert.notEqual(await status(carol).getAttribute("data-status"), "online");
    await stack.startServer();
    await connected(carol).waitFor({ state: "attached", timeout: TIMEOUT });
    await carol.close();
  });

  it("keeps an edit, a reaction and a deletion made while the server is down through a reload, and applies each once when it is back", async () => {
    const [erin, frank] = await Promise.all([openAs("erin", "Erin"), openAs("frank", "Frank")]);
    await startOneToOne(erin, "frank");
    await connected(erin).waitFor({ state: "attached", timeout: TIMEOUT });
    for (const text of ["keep me", "drop me"]) {
      await erin.getByLabel("Message", { exact: true }).fill(text);
      await erin.getByLabel("Message", { exact: true }).press("Enter");
      await erin.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
    }
    await frank.locator("chat-list").getByRole("option", { name: /Erin/ }).click();
    await frank.locator("chat-message", { hasText: "drop me" }).waitFor({ timeout: TIMEOUT });

    await stack.stopServer("SIGKILL");
    await status(erin).getByText("Connecting…").waitFor({ timeout: TIMEOUT });
    const kept = erin.locator("chat-message", { hasText: "keep me" });
    await kept.hover();
    await kept.getByRole("button", { name: "Edit" }).click();
    await erin.getByLabel("Message", { exact: true }).fill("kept, edited offline");
    await erin.getByLabel("Message", { exact: true }).press("Enter");
    const edited = erin.locator("chat-message", { hasText: "kept, edited offline" });
    await edited.hover();
    await edited.getByRole("button", { name: "React 🎉" }).click();
    const dropped = erin.locator("chat-message", { hasText: "drop me" });
    await dropped.hover();
    await dropped.getByRole("button", { name: "Delete" }).click();
    await dropped.getByRole("button", { name: "Really delete?" }).click();
    const shown = ["kept, edited offline", "Message deleted"];
    assert.deepEqual(await bubbles(erin), shown, "shown at once");

    await erin.reload();
    await erin.locator("chat-message", { hasText: "kept, edited offline" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(erin), shown, "still shown after a reload");
    await stack.startServer();
    await connected(erin).waitFor({ state: "attached", timeout: TIMEOUT });

    await frank.locator("chat-message", { hasText: "kept, edited offline" }).getByRole("button", { name: /🎉 1/ }).waitFor({ timeout: TIMEOUT });
    await frank.locator("chat-window").getByText("Message deleted").waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(frank), shown, "frank sees the changes");
    await frank.reload();
    await connected(frank).waitFor({ state: "attached", timeout: TIMEOUT });
    await frank.locator("chat-message", { hasText: "kept, edited offline" }).getByRole("button", { name: /🎉 1/ }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(frank), shown, "as the server stored them, once");
    await Promise.all([erin.close(), frank.close()]);
  });

  it("keeps what two tabs of one user wrote offline in the one outbox they share, and delivers both from whichever tab is left", async () => {
    const tabs = await stack.browser.newContext();
    const [tabA, tabB] = [await openAs("gina", "Gina", tabs), await openAs("gina", "Gina", tabs)];
    const hank = await openAs("hank", "Hank");
    await startOneToOne(tabA, "hank");
    await connected(tabA).waitFor({ state: "attached", timeout: TIMEOUT });
    await tabB.locator("chat-list").getByRole("option", { name: /Hank/ }).click();
    await connected(tabB).waitFor({ state: "attached", timeout: TIMEOUT });

    await stack.stopServer("SIGKILL");
    for (const [tab, text] of [[tabA, "from tab A"], [tabB, "from tab B"]] as const) {
      await status(tab).getByText("Connecting…").waitFor({ timeout: TIMEOUT });
      await tab.getByLabel("Message", { exact: true }).fill(text);
      await tab.getByLabel("Message", { exact: true }).press("Enter");
    }
    await tabA.locator("chat-message", { hasText: "from tab A" }).getByText("Sending…").waitFor({ timeout: TIMEOUT });
    // Tab A goes away with its message unsent (but written down); tab B, reloaded, holds both.
    await tabA.waitForFunction(`(${outboxHolds})("from tab A")`, undefined, { timeout: TIMEOUT });
    await tabA.close();
    await tabB.reload();
    await tabB.locator("chat-list").getByRole("option", { name: /Hank/ }).click();
    await tabB.locator("chat-message", { hasText: "from tab A" }).waitFor({ timeout: TIMEOUT });
    await tabB.locator("chat-message", { hasText: "from tab B" }).waitFor({ timeout: TIMEOUT });

    await stack.startServer();
    for (const text of ["from tab A", "from tab B"]) {
      await tabB.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
    }
    await hank.locator("chat-list").getByRole("option", { name: /Gina/ }).click();
    await hank.locator("chat-message", { hasText: "from tab B" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(hank), ["from tab A", "from tab B"], "hank sees each once");
    await Promise.all([tabs.close(), hank.close()]);
  });
});

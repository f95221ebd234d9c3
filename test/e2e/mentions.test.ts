/**
 * A mention as two people see it in the demo: alice picks bob from the composer's "@" list and
 * sends; bob's conversation list shows the "@" badge, and the message shows his name
 * highlighted in a highlighted bubble. Real server, real Chromium, one page each.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";

const TIMEOUT = 15_000;

describe("mentions in the demo", () => {
  const stack = useDemoStack();

  async function openAs(user: string, name: string): Promise<Page> {
    const page = await stack.openAs(user, name);
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  const waitOnline = (page: Page) => page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });

  it("alice mentions bob: bob sees the @ badge, then his highlighted name", async () => {
    const bobId = `bob-mention-${Date.now()}`;
    const [alice, bob] = await Promise.all([openAs(`alice-mention-${Date.now()}`, "Alice"), openAs(bobId, "Bob")]);
    await startOneToOne(alice, bobId);
    await waitOnline(alice);

    const composer = alice.locator("chat-window").getByLabel("Message", { exact: true });
    await composer.pressSequentially("Lunch, @bo");
    const option = alice.locator("chat-window").getByRole("option", { name: /Bob/ });
    await option.waitFor({ timeout: TIMEOUT });
    assert.equal(await option.getAttribute("aria-selected"), "true");
    await composer.press("Enter");
    assert.equal(await composer.inputValue(), "Lunch, @Bob ", "Enter picks the member and sends nothing yet");
    await composer.pressSequentially("at noon?");
    await composer.press("Enter");
    const sent = alice.locator("chat-window chat-message", { hasText: "at noon?" });
    await alice.locator("chat-window chat-message[status=sent]", { hasText: "at noon?" }).waitFor({ timeout: TIMEOUT });
    assert.equal(await sent.locator('[part~="mention"]').textContent(), "@Bob", "alice sees the mention marked too");

    const badge = bob.locator("chat-list").getByLabel("1 mention");
    await badge.waitFor({ timeout: TIMEOUT });
    assert.equal((await badge.textContent())?.trim(), "@");

    await bob.locator("chat-list").getByRole("option", { name: /Alice/ }).click();
    await waitOnline(bob);
    const received = bob.locator("chat-window chat-message", { hasText: "at noon?" });
    const mine = received.locator('[part~="mention-me"]');
    await mine.waitFor({ timeout: TIMEOUT });
    assert.equal(await mine.textContent(), "@Bob");
    assert.match((await received.locator('[part~="bubble"]').getAttribute("part")) ?? "", /bubble-mentioned/);
    // Reading the conversation clears the badge.
    await bob.locator("chat-list").getByLabel("1 mention").waitFor({ state: "detached", timeout: TIMEOUT });
    await Promise.all([alice.close(), bob.close()]);
  });
});

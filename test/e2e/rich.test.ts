/**
 * Rich messaging as two people see it in the demo: alice and bob, each on a page of their own,
 * in a one-to-one conversation on the real server. Edits, deletes, typing, "Seen", reactions and
 * replies made on one page show on the other. Each test has a pair of users of its own, since a
 * pair's one-to-one conversation is always the same one.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne as pickOneToOne } from "../support/people-picker.js";

const TIMEOUT = 15_000;

describe("rich messaging in the demo", () => {
  const stack = useDemoStack();

  /** Alice's and Bob's pages for one test; their user ids are the test's own. */
  async function openPair(scene: string): Promise<{ alice: Page; bob: Page }> {
    const [alice, bob] = await Promise.all([openAs(`alice-${scene}`, "Alice"), openAs(`bob-${scene}`, "Bob")]);
    await startOneToOne(alice, `bob-${scene}`);
    return { alice, bob };
  }

  async function openAs(user: string, name: string): Promise<Page> {
    const page = await stack.openAs(user, name);
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function startOneToOne(page: Page, userId: string): Promise<void> {
    await pickOneToOne(page, userId);
    await waitOnline(page);
  }

  /** Bob opens the conversation with Alice from his list. */
  async function openFromList(page: Page, peerName: string): Promise<void> {
    await page.locator("chat-list").getByRole("option", { name: new RegExp(peerName) }).click();
    await waitOnline(page);
  }

  async function waitOnline(page: Page): Promise<void> {
    await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
  }

  function composer(page: Page): Locator {
    return page.locator("chat-window").getByLabel("Message", { exact: true });
  }

  async function say(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await composer(page).press("Enter");
    await page.locator("chat-window chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
  }

  function message(page: Page, text: string): Locator {
    return page.locator("chat-window chat-message", { hasText: text });
  }

  /** Hovers a message to show its toolbar, then presses one of its buttons. */
  async function act(target: Locator, action: string): Promise<void> {
    await target.hover();
    await target.getByRole("toolbar", { name: "Message actions" }).getByRole("button", { name: action, exact: true }).click();
  }

  async function bubbles(page: Page): Promise<string[]> {
    const texts = await page.locator('chat-window chat-message [part~="bubble"]').allTextContents();
    return texts.map((text) => text.trim());
  }

  it("shows alice's edit and delete on bob's page, leaving no trace of the deleted text", async () => {
    const { alice, bob } = await openPair("edit");
    const original = `first draft ${Date.now()}`;
    await say(alice, original);
    await openFromList(bob, "Alice");
    await message(bob, original).waitFor({ timeout: TIMEOUT });

    await act(message(alice, original), "Edit");
    assert.equal(await composer(alice).inputValue(), original, "editing starts from the message's text");
    await alice.locator("chat-window").getByText("Editing your message").waitFor({ timeout: TIMEOUT });
    await alice.locator("chat-window").getByRole("button", { name: "Save" }).waitFor({ timeout: TIMEOUT });
    const edited = `second thoughts ${Date.now()}`;
    await composer(alice).fill(edited);
    await composer(alice).press("Enter");

    const bobsCopy = message(bob, edited);
    await bobsCopy.locator('[part~="edited"]', { hasText: "edited" }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(bob), [edited], "bob holds the edited text in place of the original");
    assert.equal(await composer(alice).inputValue(), "", "the composer empties after saving");

    await act(message(alice, edited), "Delete");
    await message(alice, edited).getByRole("button", { name: "Really delete?" }).click();
    await bob.locator("chat-window").getByText("Message deleted").waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await bubbles(bob), ["Message deleted"]);
    assert.equal(await bob.locator("chat-window").getByText(edited).count(), 0, "the deleted text is gone");
    assert.equal(await bob.locator("chat-window").getByText(original).count(), 0, "so is the text before the edit");
    assert.equal(await bob.locator('chat-window [part~="edited"]').count(), 0, "a deleted message is not marked edited");
    await Promise.all([alice.close(), bob.close()]);
  });

  it("tells alice that bob is typing until he empties the composer, leaves it, or sends", async () => {
    const { alice, bob } = await openPair("typing");
    // A one-to-one is in bob's list once it holds a message.
    await say(alice, "hello Bob");
    await openFromList(bob, "Alice");
    const typingLine = alice.locator("chat-window").getByText("Bob is typing…");

    await composer(bob).fill("half a thought");
    await typingLine.waitFor({ timeout: TIMEOUT });
    await composer(bob).fill("");
    await typingLine.waitFor({ state: "detached", timeout: TIMEOUT });

    await composer(bob).fill("another thought");
    await typingLine.waitFor({ timeout: TIMEOUT });
    await composer(bob).blur();
    await typingLine.waitFor({ state: "detached", timeout: TIMEOUT });

    const sent = `said at last ${Date.now()}`;
    await composer(bob).fill(sent);
    await typingLine.waitFor({ timeout: TIMEOUT });
    await composer(bob).press("Enter");
    await message(alice, sent).waitFor({ timeout: TIMEOUT });
    await typingLine.waitFor({ state: "detached", timeout: TIMEOUT });
    assert.equal(await bob.locator("chat-window").getByText(/is typing/).count(), 0, "bob is not told of his own typing");
    await Promise.all([alice.close(), bob.close()]);
  });

  it("shows alice 'Seen' under her newest message once bob has opened the conversation", async () => {
    const { alice, bob } = await openPair("seen");
    const first = `are you there ${Date.now()}`;
    await say(alice, first);
    const bobsItem = bob.locator("chat-list").getByRole("option", { name: /Alice/ });
    await bobsItem.getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await alice.locator('chat-window [part~="seen"]').count(), 0, "bob has the message but has not read it");

    await openFromList(bob, "Alice");
    await message(alice, first).locator('[part~="seen"]', { hasText: "Seen" }).waitFor({ timeout: TIMEOUT });

    const second = `thought so ${Date.now()}`;
    await say(alice, second);
    await message(alice, second).locator('[part~="seen"]', { hasText: "Seen" }).waitFor({ timeout: TIMEOUT });
    assert.equal(await alice.locator('chat-window [part~="seen"]').count(), 1, "'Seen' moves to the newest message read");
    assert.equal(await bob.locator('chat-window [part~="seen"]').count(), 0, "bob has sent nothing to be seen");
    await Promise.all([alice.close(), bob.close()]);
  });

  it("shows alice bob's 👍 on her message and his reply quoting it", async () => {
    const { alice, bob } = await openPair("react");
    const original = `lunch at noon? ${Date.now()}`;
    await say(alice, original);
    await openFromList(bob, "Alice");
    await message(bob, original).waitFor({ timeout: TIMEOUT });

    await act(message(bob, original), "React 👍");
    const reaction = message(alice, original).locator('[part~="reaction"]', { hasText: "👍 1" });
    await reaction.waitFor({ timeout: TIMEOUT });
    assert.equal(await reaction.getAttribute("aria-label"), "👍 1: Bob", "says who reacted");
    assert.equal(await reaction.getAttribute("aria-pressed"), "false", "alice did not react herself");
    const bobsReaction = message(bob, original).locator('[part~="reaction"]', { hasText: "👍 1" });
    await bobsReaction.waitFor({ timeout: TIMEOUT });
    assert.equal(await bobsReaction.getAttribute("aria-pressed"), "true", "bob's own reaction shows as pressed");

    await act(message(bob, original), "Reply");
    await bob.locator("chat-window").getByText("Replying to Alice").waitFor({ timeout: TIMEOUT });
    const reply = `noon works ${Date.now()}`;
    await say(bob, reply);
    const quote = message(alice, reply).locator('[part~="quote"]');
    await quote.waitFor({ timeout: TIMEOUT });
    const quoted = ((await quote.textContent()) ?? "").replace(/\s+/g, " ").trim();
    assert.equal(quoted, `In reply to Alice ${original}`, "the quote names the original and its sender");
    await Promise.all([alice.close(), bob.close()]);
  });
});

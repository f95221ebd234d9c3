/**
 * Confab as its users see it: the demo pages in real Chromium on the real server. Each user
 * has a page of their own (conversation list + window); alice's actions reach bob and carol.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { DEMO_GROUP_ID, DEMO_GROUP_TITLE, DIRECT_MESSAGES, seedDemo } from "../../scripts/seed.js";
import { useDemoStack } from "../support/demo-stack.js";
import { pickPerson } from "../support/people-picker.js";

const TIMEOUT = 10_000;

describe("chatting in the demo", () => {
  const stack = useDemoStack();

  /** A user's own page, in a browser context of its own, ready to use. */
  async function openAs(user: string, name: string): Promise<Page> {
    const page = await stack.openAs(user, name);
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function startConversation(page: Page, kind: "One-to-one" | "Group", members: string, title?: string) {
    await page.locator("chat-list").getByRole("button", { name: "New" }).click();
    await page.getByLabel(kind).check();
    for (const member of members.split(", ")) await pickPerson(page, member);
    if (title) await page.getByLabel("Title").fill(title);
    if (kind === "Group") await page.getByRole("button", { name: "Create" }).click();
    await waitOnline(page);
  }

  async function waitOnline(page: Page): Promise<void> {
    await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await page.locator("chat-message[status=sent]", { hasText: text }).waitFor({ timeout: TIMEOUT });
  }

  function listItem(page: Page, title: string | RegExp): Locator {
    return page.locator("chat-list").getByRole("option", { name: title });
  }

  async function bubbles(page: Page): Promise<string[]> {
    return page.locator('chat-window chat-message [part~="bubble"]').allTextContents();
  }

  it("shows alice's message to bob with sender and time, and keeps it through reloads and a server restart", async () => {
    const [alice, bob] = await Promise.all([openAs("alice", "Alice"), openAs("bob", "Bob")]);
    await startConversation(alice, "One-to-one", "bob");
    const text = `hello ${Date.now()}`;
    await say(alice, text);
    assert.equal(await alice.getByLabel("Message", { exact: true }).inputValue(), "", "the composer clears after sending");

    const conversation = listItem(bob, /Alice/);
    await conversation.getByText("1", { exact: true }).waitFor({ timeout: TIMEOUT });
    await conversation.click();
    const received = bob.locator("chat-message", { hasText: text });
    await received.waitFor({ timeout: TIMEOUT });
    assert.equal(await received.locator('[part~="sender"]').textContent(), "Alice");
    assert.match((await received.locator("time").getAttribute("datetime")) ?? "", /^\d{4}-\d\d-\d\dT/);

    await Promise.all([alice.reload(), bob.reload()]);
    await Promise.all([waitOnline(alice), waitOnline(bob)]);
    assert.deepEqual(await bubbles(alice), [text], "alice's history after reload");
    assert.deepEqual(await bubbles(bob), [text], "bob's history after reload");

    await stack.stopServer();
    await stack.startServer();
    await bob.reload();
    await waitOnline(bob);
    assert.deepEqual(await bubbles(bob), [text], "history after a server restart");
    await Promise.all([alice.close(), bob.close()]);
  });

  it("lets alice run a group with bob and carol: live lists, unread badges, and removing carol", async () => {
    const [alice, bob, carol] = await Promise.all([
      openAs("alice", "Alice"),
      openAs("bob", "Bob"),
      openAs("carol", "Carol"),
    ]);
    const title = `Trio ${Date.now()}`;
    await startConversation(alice, "Group", "bob, carol", title);
    await Promise.all([listItem(bob, title).waitFor({ timeout: TIMEOUT }), listItem(carol, title).waitFor({ timeout: TIMEOUT })]);

    await listItem(carol, title).click();
    await waitOnline(carol);
    await say(alice, "first <b>not bold</b>");
    await say(alice, "second");
    await listItem(bob, title).getByLabel("2 unread").waitFor({ timeout: TIMEOUT });
    await listItem(bob, title).click();
    await bob.locator("chat-message", { hasText: "second" }).waitFor({ timeout: TIMEOUT });
    await listItem(bob, title).getByLabel(/unread/).waitFor({ state: "detached", timeout: TIMEOUT });
    assert.deepEqual(await bubbles(bob), ["first <b>not bold</b>", "second"], "in send order, as text");

    await alice.locator("chat-window").getByRole("button", { name: "3 members" }).click();
    await alice.getByRole("button", { name: "Remove Carol" }).click();
    await alice.locator("chat-window").getByRole("button", { name: "2 members" }).waitFor({ timeout: TIMEOUT });
    await listItem(carol, title).waitFor({ state: "detached", timeout: TIMEOUT });
    await carol.getByText("You are not a member of this conversation.").waitFor({ timeout: TIMEOUT });
    assert.equal(await carol.getByLabel("Message", { exact: true }).isDisabled(), true, "carol can no longer post");
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  it("works from the built bundle embedded in a plain HTML page", async () => {
    const alice = await openAs("alice", "Alice");
    await stack.register("dana");
    await startConversation(alice, "One-to-one", "dana");
    // A one-to-one is in dana's list once it holds a message.
    await say(alice, "hello Dana");

    const embed = await stack.browser.newPage();
    const errors: string[] = [];
    embed.on("pageerror", (error) => errors.push(error.message));
    await embed.goto(`${stack.demo.url}/demo/embed.html`);
    await listItem(embed, /Alice/).click();
    await waitOnline(embed);
    const text = `from the embed ${Date.now()}`;
    await say(embed, text);

    const received = alice.locator("chat-message", { hasText: text });
    await received.waitFor({ timeout: TIMEOUT });
    assert.equal(await received.locator('[part~="sender"]').textContent(), "Dana");
    assert.deepEqual(errors, []);
    await Promise.all([alice.close(), embed.close()]);
  });
});

// A server of its own: the seed's alice-and-bob chat would be the one the tests above start.
describe("the demo npm start seeds", () => {
  const stack = useDemoStack();

  it("opens alice's list onto her chat with bob, with its markdown, reply and link, seeded once", async () => {
    const seeded = await seedDemo(stack.server.url);
    assert.deepEqual(seeded.created, [seeded.directId, DEMO_GROUP_ID], "a fresh server gets both conversations");
    assert.deepEqual((await seedDemo(stack.server.url)).created, [], "a restart finds them and adds nothing");

    const alice = await stack.openAs("alice", "Alice");
    const list = alice.locator("chat-list");
    await list.getByRole("option", { name: DEMO_GROUP_TITLE }).waitFor({ timeout: TIMEOUT });
    await list.locator(`[role="option"][data-id="${seeded.directId}"]`, { hasText: "Bob" }).click();
    const messages = alice.locator("chat-window chat-message");
    await messages.nth(DIRECT_MESSAGES.length - 1).waitFor({ timeout: TIMEOUT });
    assert.equal(await messages.count(), DIRECT_MESSAGES.length, "each seeded message once");
    assert.equal(await messages.first().locator('[part~="sender"]').textContent(), "Alice");
    assert.equal(await messages.first().locator('[part~="bold"]').textContent(), "Confab", "markdown is rendered");
    const reply = messages.nth(2);
    assert.match((await reply.locator('[part~="quote"]').textContent()) ?? "", /Bob.*Does it do/s, "the reply quotes bob");
    assert.match((await reply.locator('[part~="link"]').getAttribute("href")) ?? "", /^https:\/\//);
    await messages.nth(3).locator('[part~="code-block"]').waitFor({ timeout: TIMEOUT });
    await alice.close();
  });
});

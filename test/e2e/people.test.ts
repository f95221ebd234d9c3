/**
 * Finding people as users do, in Chromium on the real server with the directory open to
 * everyone: the New form's picker by a part of a name, a group of three, the refusals of an id
 * nobody uses and of oneself (in English and German), and a person's card from the members panel
 * and from a sender's name.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEV_VARS } from "../../scripts/servers.js";
import { useDemoStack } from "../support/demo-stack.js";

const TIMEOUT = 10_000;

describe("finding people", () => {
  const stack = useDemoStack({ ...DEV_VARS, DIRECTORY_VISIBILITY: "everyone" });
  const run = Date.now().toString(36);

  /** A user's page, signed in (so the directory knows them) and ready. */
  async function openAs(user: string, name: string): Promise<Page> {
    const page = await stack.openAs(`${user}-${run}`, name);
    await page.locator('chat-list [part~="new-button"]').waitFor({ timeout: TIMEOUT });
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function waitOnline(page: Page): Promise<void> {
    await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
  }

  function combobox(page: Page) {
    return page.getByRole("combobox", { name: "Name or user id" });
  }

  it("picks a person by a part of their name with the keyboard only", async () => {
    const [alice, roberta] = await Promise.all([openAs("alice", "Alice"), openAs("roberta", `Roberta Quill${run}`)]);
    await alice.locator("chat-list").getByRole("button", { name: "New" }).focus();
    await alice.keyboard.press("Enter");
    await combobox(alice).waitFor({ timeout: TIMEOUT });
    await alice.keyboard.type(`quill${run}`);
    const option = alice.getByRole("option", { name: new RegExp(`Roberta Quill${run}`) });
    await option.waitFor({ timeout: TIMEOUT });
    assert.equal(await option.getAttribute("aria-selected"), "true", "the first person found is active");
    await alice.getByRole("status").filter({ hasText: "1 person found" }).waitFor({ timeout: TIMEOUT });
    await alice.keyboard.press("Enter");
    await waitOnline(alice);
    await alice.locator('chat-window [part~="title"]').filter({ hasText: `Roberta Quill${run}` }).waitFor({ timeout: TIMEOUT });
    await Promise.all([alice.close(), roberta.close()]);
  });

  it("makes a group of three by picking two people", async () => {
    const [alice, bob, carol] = await Promise.all([openAs("alice", "Alice"), openAs("bob", `Bob Pick${run}`), openAs("carol", `Carol Pick${run}`)]);
    await alice.locator("chat-list").getByRole("button", { name: "New" }).click();
    await alice.getByLabel("Group").check();
    for (const name of [`Bob Pick${run}`, `Carol Pick${run}`]) {
      await combobox(alice).fill(name.split(" ")[0]!.toLowerCase());
      await alice.getByRole("option", { name: new RegExp(name) }).click();
      await alice.getByRole("button", { name: `Remove ${name}` }).waitFor({ timeout: TIMEOUT });
    }
    await alice.getByLabel("Title").fill(`Picked ${run}`);
    await alice.getByRole("button", { name: "Create" }).click();
    await waitOnline(alice);
    await alice.locator("chat-window").getByRole("button", { name: "3 members" }).waitFor({ timeout: TIMEOUT });
    await Promise.all(
      [bob, carol].map((page) => page.locator("chat-list").getByRole("option", { name: new RegExp(`Picked ${run}`) }).waitFor({ timeout: TIMEOUT })),
    );
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  it("refuses a one-to-one with an id nobody uses, or with oneself, in the reader's language, and creates nothing", async () => {
    // A user of their own: the other tests' conversations are in alice's list.
    const zoe = await openAs("zoe", "Zoe");
    const list = zoe.locator("chat-list");
    await list.getByRole("button", { name: "New" }).click();
    const refused = async (id: string, field: string, words: string) => {
      await zoe.getByRole("combobox", { name: field }).fill(id);
      await zoe.getByRole("option", { name: new RegExp(`~${id}`) }).waitFor({ timeout: TIMEOUT });
      await zoe.getByRole("combobox", { name: field }).press("Enter");
      await zoe.getByRole("alert").filter({ hasText: words }).waitFor({ timeout: TIMEOUT });
    };
    await refused(`nobody-${run}`, "Name or user id", "Nobody uses that id.");
    await refused(`zoe-${run}`, "Name or user id", "You cannot start a conversation with yourself.");
    await list.evaluate((element) => element.setAttribute("lang", "de"));
    await refused(`nobody-${run}`, "Name oder Benutzer-ID", "Niemand nutzt diese ID.");

    assert.equal(await list.locator('[part~="item"]').count(), 0, "no conversation was made");
    assert.equal(await zoe.evaluate(() => location.hash), "", "none opened either");
    const api = (path: string) => fetch(`${stack.server.url}/api/v1/users/${path}`, { headers: { authorization: `Bearer ${DEV_VARS.API_KEY}` } });
    assert.deepEqual(await (await api(encodeURIComponent(`~zoe-${run}`) + "/conversations")).json(), { conversations: [] }, "the server holds none for zoe");
    assert.equal((await api(encodeURIComponent(`~nobody-${run}`))).status, 404, "nor made the unknown id a user");
    await zoe.close();
  });

  it("shows a person's card from the members panel and from a sender's name; Message opens the one-to-one", async () => {
    const [alice, dana] = await Promise.all([openAs("alice", "Alice"), openAs("dana", `Dana Card${run}`)]);
    const erin = await openAs("erin", `Erin Card${run}`);
    await alice.locator("chat-list").getByRole("button", { name: "New" }).click();
    await alice.getByLabel("Group").check();
    for (const name of [`Dana Card${run}`, `Erin Card${run}`]) {
      await combobox(alice).fill(name.split(" ")[0]!.toLowerCase());
      await alice.getByRole("option", { name: new RegExp(name) }).click();
    }
    await alice.getByLabel("Title").fill(`Cards ${run}`);
    await alice.getByRole("button", { name: "Create" }).click();
    await waitOnline(alice);

    // From the members panel: the card, Escape, focus back on the name.
    await alice.locator("chat-window").getByRole("button", { name: "3 members" }).click();
    const name = alice.locator("chat-window").getByRole("button", { name: `Erin Card${run}`, exact: true });
    await name.click();
    const card = alice.getByRole("dialog", { name: `Erin Card${run}` });
    await card.waitFor({ timeout: TIMEOUT });
    await card.getByText("Online").waitFor({ timeout: TIMEOUT });
    await alice.keyboard.press("Escape");
    await card.waitFor({ state: "detached", timeout: TIMEOUT });
    assert.equal(await name.evaluate((button) => button.matches(":focus")), true, "focus is back on the name");

    // From a sender's name: dana writes, alice opens her card and messages her.
    await dana.locator("chat-list").getByRole("option", { name: new RegExp(`Cards ${run}`) }).click();
    await waitOnline(dana);
    await dana.getByLabel("Message", { exact: true }).fill("hello from dana");
    await dana.getByLabel("Message", { exact: true }).press("Enter");
    const message = alice.locator("chat-message", { hasText: "hello from dana" });
    await message.waitFor({ timeout: TIMEOUT });
    await message.getByRole("button", { name: `Dana Card${run}` }).click();
    const danaCard = alice.getByRole("dialog", { name: `Dana Card${run}` });
    await danaCard.waitFor({ timeout: TIMEOUT });
    await danaCard.getByRole("button", { name: "Message" }).click();
    await alice.locator('chat-window [part~="title"]').filter({ hasText: new RegExp(`^Dana Card${run}$`) }).waitFor({ timeout: TIMEOUT });
    await waitOnline(alice);
    await alice.locator("chat-window").getByRole("button", { name: /Online/ }).waitFor({ timeout: TIMEOUT });
    await Promise.all([alice.close(), dana.close(), erin.close()]);
  });
});

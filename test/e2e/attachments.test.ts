/**
 * Attachments as users see them, in real Chromium on the real server: alice attaches a picture
 * in the composer and bob sees it rendered in place; a file the server refuses is explained in
 * alice's composer and nothing is sent; a file name is only ever text.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";
import { startOneToOne } from "../support/people-picker.js";

const TIMEOUT = 10_000;
const HOSTILE_NAME = `"><img src=x onerror=alert(1)>.txt`;

describe("attachments in the demo", () => {
  const stack = useDemoStack();

  async function openAs(user: string, name: string): Promise<Page> {
    const page = await stack.openAs(user, name);
    await page.locator("chat-list").getByRole("button", { name: "New" }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function waitOnline(page: Page): Promise<void> {
    await page.locator('chat-window [part~="connection-status"][data-status="online"]').waitFor({ state: "attached", timeout: TIMEOUT });
  }

  /** A PNG of `width` × `height` pixels, drawn by the page's own canvas. */
  async function pngOf(page: Page, width: number, height: number): Promise<Buffer> {
    const dataUrl = await page.evaluate(`(() => {
      const canvas = Object.assign(document.createElement("canvas"), { width: ${width}, height: ${height} });
      const context = canvas.getContext("2d");
      context.fillStyle = "#0b7285";
      context.fillRect(0, 0, ${width}, ${height});
      return canvas.toDataURL("image/png");
    })()`);
    return Buffer.from(String(dataUrl).split(",")[1]!, "base64");
  }

  it("shows the picture alice attaches to bob, at its size, and explains a refused file", async () => {
    const [alice, bob] = await Promise.all([openAs("alice", "Alice"), openAs("bob", "Bob")]);
    const dialogs: string[] = [];
    for (const page of [alice, bob]) page.on("dialog", (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
    await startOneToOne(alice, "bob");
    await waitOnline(alice);

    const picker = alice.locator('chat-composer input[type="file"]');
    await picker.setInputFiles({ name: "page.html", mimeType: "text/html", buffer: Buffer.from("<script>alert(1)</script>") });
    const refusal = alice.locator("chat-composer").getByRole("alert");
    await refusal.waitFor({ timeout: TIMEOUT });
    assert.equal(await refusal.textContent(), "page.html: files of type text/html are not allowed here");
    await picker.setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(11 * 1024 * 1024) });
    await refusal.getByText("big.pdf: the file is 11 MB; files may be at most 10 MB here").waitFor({ timeout: TIMEOUT });

    await picker.setInputFiles([
      { name: "teal.png", mimeType: "image/png", buffer: await pngOf(alice, 120, 80) },
      { name: HOSTILE_NAME, mimeType: "text/plain", buffer: Buffer.from("just text") },
    ]);
    await alice.locator('chat-composer [role="progressbar"]').first().waitFor({ state: "detached", timeout: TIMEOUT });
    assert.equal(await alice.locator('chat-composer [part~="upload"]').count(), 2);
    assert.equal(await alice.locator("chat-composer").getByRole("alert").count(), 0, "a new attempt clears the refusal");
    await alice.getByLabel("Message").fill("the colour");
    await alice.getByRole("button", { name: "Send" }).click();
    const sent = alice.locator("chat-message", { hasText: "the colour" });
    await alice.locator("chat-message[status=sent]", { hasText: "the colour" }).waitFor({ timeout: TIMEOUT });
    await sent.getByRole("img", { name: "teal.png" }).waitFor({ timeout: TIMEOUT });

    await bob.locator("chat-list").getByRole("option", { name: /Alice/ }).click();
    const received = bob.locator("chat-message", { hasText: "the colour" });
    const picture = received.getByRole("img", { name: "teal.png" });
    await picture.waitFor({ timeout: TIMEOUT });
    assert.deepEqual([await picture.getAttribute("width"), await picture.getAttribute("height")], ["120", "80"]);
    await bob.waitForFunction(
      `(() => {
        const message = [...document.querySelector("chat-window").shadowRoot.querySelectorAll("chat-message")].at(-1);
        const img = message.shadowRoot.querySelector("img");
        return img && img.complete && img.naturalWidth === 120 && img.naturalHeight === 80;
      })()`,
      undefined,
      { timeout: TIMEOUT },
    );
    assert.match((await picture.getAttribute("src")) ?? "", /^blob:/, "fetched with the token, shown from memory");
    const file = received.getByRole("link", { name: `Download ${HOSTILE_NAME}, 9 B · TXT` });
    assert.equal(await file.locator(".name").textContent(), HOSTILE_NAME);
    assert.equal(await received.locator("img").count(), 1, "the name made no element");
    assert.deepEqual(dialogs, []);
    await Promise.all([alice.close(), bob.close()]);
  });
});

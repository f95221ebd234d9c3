/**
 * The theming demo page (demo/theming.html) in real Chromium on the real server: one
 * conversation in windows that differ only in custom properties and parts, the theme switch,
 * and German and Arabic windows laid out right to left.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { useDemoStack } from "../support/demo-stack.js";

const TIMEOUT = 15_000;
const LAST_MESSAGE = "Nothing else. Try the dark switch below";

describe("the theming demo", () => {
  const stack = useDemoStack();

  async function openThemingPage(): Promise<Page> {
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${stack.demo.url}/demo/theming.html`);
    for (const id of ["midnight", "paper", "bubblegum", "themed", "rtl", "arabic"]) {
      await page.locator(`#${id} chat-message`, { hasText: LAST_MESSAGE }).waitFor({ timeout: TIMEOUT });
    }
    return page;
  }

  /** The computed `property` of the first own bubble in window `id`. */
  const ownBubbleStyle = (page: Page, id: string, property: string) =>
    page.locator(`#${id} chat-message[own] [part~="bubble-own"]`).first().evaluate((bubble, name) => getComputedStyle(bubble).getPropertyValue(name), property);

  it("shows the same conversation in three different looks, made of custom properties and parts only", async () => {
    const page = await openThemingPage();
    const looks = await Promise.all(
      ["midnight", "paper", "bubblegum"].map(async (id) => ({
        background: await ownBubbleStyle(page, id, "background-color"),
        radius: await ownBubbleStyle(page, id, "border-top-left-radius"),
        font: await ownBubbleStyle(page, id, "font-family"),
      })),
    );
    assert.equal(new Set(looks.map((look) => look.background)).size, 3, `three bubble colours: ${JSON.stringify(looks)}`);
    assert.equal(new Set(looks.map((look) => `${look.radius} ${look.font}`)).size, 3, "three shapes or fonts");
    await page.close();
  });

  it("switches the built-in theme between dark and light", async () => {
    const page = await openThemingPage();
    const windowBackground = () => page.locator("#themed").evaluate((element) => getComputedStyle(element).backgroundColor);
    const dark = await windowBackground();
    await page.locator("#theme").selectOption("light");
    await page.waitForFunction(() => document.querySelector("#themed")!.getAttribute("theme") === "light");
    const light = await windowBackground();
    assert.notEqual(dark, light);
    assert.equal(light, "rgb(255, 255, 255)");
    await page.close();
  });

  it("speaks German and mirrors the layout in the right-to-left window", async () => {
    const page = await openThemingPage();
    const rtl = page.locator("#rtl");
    await rtl.getByRole("button", { name: "Senden" }).waitFor({ timeout: TIMEOUT });
    const box = await rtl.boundingBox();
    const own = await rtl.locator('chat-message[own] [part~="bubble-own"]').first().boundingBox();
    const other = await rtl.locator('chat-message:not([own]) [part~="bubble"]').first().boundingBox();
    assert.ok(own!.x - box!.x < other!.x - box!.x, "own messages sit on the left, others' on the right");
    const direction = await rtl.locator('chat-message[own] [part~="bubble-own"]').first().evaluate((bubble) => getComputedStyle(bubble).direction);
    assert.equal(direction, "ltr", "an English message keeps its own direction");
    await page.close();
  });

  /** The left edges of the member count's number (null without one) and of its noun, as drawn in window `id`. */
  const countAndNoun = (page: Page, id: string) =>
    page.locator(`#${id} [part~="members-button"]`).evaluate((button) => {
      const node = [...button.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim())!;
      const text = node.textContent!;
      // Inline arrows only: a named function here would be compiled to need a helper the page lacks.
      const [number, noun] = [/[0-9\u0660-\u0669]+/, /[^\s0-9\u0660-\u0669]+/].map((pattern) => {
        const match = pattern.exec(text);
        if (!match) return null;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        return range.getBoundingClientRect().left;
      });
      return { text: text.trim(), number, noun };
    });

  it("keeps the German member count in front of its noun in the right-to-left window", async () => {
    const page = await openThemingPage();
    await page.locator("#rtl").getByRole("button", { name: "Senden" }).waitFor({ timeout: TIMEOUT });
    const { text, number, noun } = await countAndNoun(page, "rtl");
    assert.equal(text, "2 Mitglieder");
    assert.ok(number! < noun!, `"2" drawn left of "Mitglieder" (${number} < ${noun})`);
    const placeholder = await page
      .locator('#rtl [part~="input"]')
      .evaluate((input) => ({ bidi: getComputedStyle(input, "::placeholder").unicodeBidi, align: getComputedStyle(input, "::placeholder").textAlign }));
    assert.deepEqual(placeholder, { bidi: "plaintext", align: "right" }, "the placeholder in its own direction, on the field's side");
    await page.close();
  });

  it("speaks Arabic right to left when the page sets lang=ar and dir=rtl", async () => {
    const page = await openThemingPage();
    const arabic = page.locator("#arabic");
    await arabic.getByRole("button", { name: "إرسال" }).waitFor({ timeout: TIMEOUT });
    assert.equal(await arabic.evaluate((element) => getComputedStyle(element).direction), "rtl");
    assert.equal((await countAndNoun(page, "arabic")).text, "عضوان", "two members in the dual form");
    const box = await arabic.boundingBox();
    const own = await arabic.locator('chat-message[own] [part~="bubble-own"]').first().boundingBox();
    const other = await arabic.locator('chat-message:not([own]) [part~="bubble"]').first().boundingBox();
    assert.ok(own!.x - box!.x < other!.x - box!.x, "own messages sit on the left, others' on the right");
    const title = await arabic.locator('[part~="title"]').boundingBox();
    assert.ok(title!.x + title!.width > box!.x + box!.width / 2, "the title at the window's right, its start");
    await page.close();
  });
});

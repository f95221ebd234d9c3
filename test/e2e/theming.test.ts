/**
 * The theming demo page (demo/theming.html) in real Chromium on the real server: one
 * conversation in windows that differ only in custom properties and parts, the theme switch,
 * and a German window laid out right to left.
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
    for (const id of ["midnight", "paper", "bubblegum", "themed", "rtl"]) {
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
});

/** The launcher's chunk, which dist/confab-widget.js re-exports: named by the build (vite.config.ts). */
declare const __LAUNCHER__: string;

/**
 * The classic script (dist/confab.iife.js), for pages that add scripts only as `<script src>`:
 * it loads the `<chat-widget>` launcher, ES modules next to this script's own URL, and sets a
 * global `Confab` whose `load()` resolves with everything dist/confab.js exports (the other
 * elements and the headless API). A page whose HTML already holds `<chat-list>`, `<chat-window>`
 * or another Confab element gets them all loaded at once.
 */
const base = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
const load = () => import(/* @vite-ignore */ new URL("confab.js", base).href);

void import(/* @vite-ignore */ new URL(__LAUNCHER__, base).href);

const otherElements = () => [...document.querySelectorAll(":not(:defined)")].some(({ localName }) => localName.startsWith("chat-") && localName !== "chat-widget");
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => otherElements() && void load());
else if (otherElements()) void load();

(globalThis as { Confab?: { load: typeof load } }).Confab ??= { load };

/** Size of the embed bundles as a site owner's visitors download them. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { projectRoot } from "../scripts/servers.js";
import { measuredOn } from "./harness.js";

export const TARGET_GZIP_BYTES = 30 * 1024;

/** The two build outputs, the ES module and the classic script; each is held to its budget. */
export const BUNDLE_FILES = ["dist/confab.js", "dist/confab.iife.js"] as const;

/**
 * The embeds' budgets, enforced by `npm test` (test/size). Issue 10 asks for 30 KB; with rich
 * messaging, attachments, mentions, link previews, the launcher widget, two palettes and the
 * strings table the bundle is well past that (BENCHMARKS.md says what each part costs and what
 * would get there), so each gate holds the line just above today's size: a change that grows
 * an embed has to say why, here.
 * - 42 KB → 47 KB for the ES module (issue 17): a conversation that reads like a finished chat
 *   (groups and their avatars, day separators, the New messages divider and jump, receipts
 *   once, one widget header with the peer's presence, loading states, plain-text previews, one
 *   Tab stop with arrow keys, the composer's limit, refusals worded by code, system lines, the
 *   reaction picker) added about 5.8 KB.
 * - The classic script cannot load chunks, so it carries every language table (German, French,
 *   Spanish, Arabic) and the picker's emoji inline, about 6.7 KB more: 54 KB.
 * - 47 KB → 50 KB, 54 KB → 57 KB (issue 18): finding people, about 3.2 KB in the module and
 *   3.5 KB in the classic script (which carries the new strings of every language): the people
 *   picker (a combobox over the directory with paging, chips and "Use id", its rules and
 *   styles), the person card and its window controller, chat.users, and the strings. Both are
 *   opened on intent, which is what issue 20's lazy loading would take out of the first load.
 * - 50 KB → 50.25 KB, 57 KB → 57.25 KB (issue 19): the calls other chat SDKs' users port
 *   (pages by number with their totals, metadata merges, edits of metadata and files) add
 *   about 130 bytes to each embed today, the store code every bundle carries; the rest of the
 *   quarter KB is what editing files is expected to take.
 * - 50.25 KB → 50.75 KB, 57.25 KB → 57.75 KB (issue 19): the store's live typing text
 *   (ChatKitty's keystrokes: sendKeystrokes, the keystrokes store, its clearing and throttle),
 *   measured at 288 B in the module and 297 B in the classic script; every handle carries it,
 *   so the widget's bundles do too.
 * - 50.75 KB → 51.25 KB, 57.75 KB → 58.5 KB (issue 19): chat sessions (startSession with a
 *   handler per event, liveness and its refusal's reason), chat.send to a person or a
 *   conversation awaiting the stored message, sends and changes failing at once in a refused
 *   conversation, and messages naming their conversation and type: measured at 591 B in the
 *   module and 596 B in the classic script, store code every bundle carries.
 * - 51.25 KB → 51.5 KB: a conversation followed only in the background (`sync`, chat-wide
 *   `message` listeners) opens its socket away and tells the server when something shows it
 *   (the holds counted by kind, the `here` frame): measured at 230 B in the module and 208 B in
 *   the classic script, which still fits its budget.
 * Issue 20 (a small launcher, the rest loaded on intent) is where both come back down.
 */
export const BUDGET_GZIP_BYTES: Record<(typeof BUNDLE_FILES)[number], number> = {
  "dist/confab.js": 51.5 * 1024,
  "dist/confab.iife.js": 58.5 * 1024,
};

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function measureBundle(file = "dist/confab.js"): Promise<BundleSize> {
  const bundle = await readFile(join(projectRoot, file));
  return { file, bytes: bundle.length, gzipBytes: gzipSync(bundle, { level: 9 }).length };
}

/** Every output, logged as measured. */
export async function measureBundles(): Promise<BundleSize[]> {
  const bundles = await Promise.all(BUNDLE_FILES.map((file) => measureBundle(file)));
  for (const { file, gzipBytes } of bundles) console.log(`${file}: ${gzipBytes} bytes gzip`);
  return bundles;
}

/**
 * What each dependency, and our own code by folder, adds to the bundle: minified bytes of each
 * input in an esbuild bundle of the same entry (close to, not the same as, vite's output).
 */
export async function measureParts(): Promise<{ part: string; bytes: number }[]> {
  const result = await build({
    entryPoints: [join(projectRoot, "src/index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const part = inPackage ?? input.split("/").slice(0, 2).join("/");
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].map(([part, size]) => ({ part, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

/** BENCHMARKS.md's section: each output against its budget, and what each part adds. */
export function bundleSection(bundles: BundleSize[], parts: { part: string; bytes: number }[]): string {
  const module = bundles[0]!;
  return `## Embed bundle size

${measuredOn()}

| file | minified | gzip -9 | budget |
| --- | ---: | ---: | ---: |
${bundles.map(({ file, bytes, gzipBytes }) => `| \`${file}\` | ${bytes} B | ${gzipBytes} B | ${BUDGET_GZIP_BYTES[file as keyof typeof BUDGET_GZIP_BYTES]} B gzip (target ${TARGET_GZIP_BYTES} B) |`).join("\n")}

How: \`vite build\`, then gzip level 9 of each output (the ES module, and the classic script for pages without modules). The budget is enforced by \`npm test\`
(test/size). Sizes are deterministic (the same sources build the same bytes), so one build is measured once, with no rounds. Target (issue 10): ${TARGET_GZIP_BYTES} B gzip — ${
    module.gzipBytes <= TARGET_GZIP_BYTES
      ? "met."
      : `not met. Our own elements are the largest part (the window, messages, composer, list, widget, mentions, link-preview cards, the strings table and two palettes); the libraries (Lit, partysocket, valibot, nanostores, idb-keyval) take under a third. What would get there: loading the seldom-used panels (members, search, new conversation) and the widget's attention code as separate chunks, which only the ES output can do (and which "everything included" would still count), or checking server frames by hand instead of with valibot (about 3 KB gzip).`
  }

What each part adds (minified bytes, esbuild, before gzip):

| part | bytes |
| --- | ---: |
${parts.map(({ part, bytes }) => `| ${part} | ${bytes} |`).join("\n")}
`;
}

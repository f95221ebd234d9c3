/** Size of the embed bundles as a site owner's visitors download them. */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { projectRoot } from "../scripts/servers.js";
import { measuredOn } from "./harness.js";

export const TARGET_GZIP_BYTES = 30 * 1024;

/**
 * What a page fetches for each way of loading Confab, by the files it starts from: the built
 * files' imports are followed from there (test/size holds each to its budget).
 * - The ES launcher: `<script type="module" src="confab-widget.js">` and `<chat-widget>`, all it
 *   fetches before anyone shows intent (issue 20: at most 12 KB gzip).
 * - The classic launcher: `<script src="confab.iife.js">`, which imports the ES launcher's chunk
 *   next to it: the loader and the same chunk (issue 20: at most 12 KB gzip).
 * - Everything: dist/confab.js (every element and the headless API) with every chunk it may
 *   load but the language tables, of which a page loads at most one (about 2.2 KB gzip each).
 */
export const LOADS = {
  "ES launcher": { entries: ["dist/confab-widget.js"], lazy: false },
  "classic launcher": { entries: ["dist/confab.iife.js"], lazy: false },
  everything: { entries: ["dist/confab.js"], lazy: true },
} as const;
export type LoadName = keyof typeof LOADS;

/**
 * Each load's budget, enforced by `npm test` (test/size). The launchers' is issue 20's 12 KB.
 * Everything's holds the line just above today's size, as the embed's did before the split: a
 * change that grows it has to say why, here. Its history until issue 20 (51.5 KB for the
 * all-in-one ES module) is in git; issue 20 moved the launcher, its styles and its socket out
 * of the rest, which costs some compression across the split: today the sum of every file's
 * gzip.
 */
export const BUDGET_GZIP_BYTES: Record<LoadName, number> = {
  "ES launcher": 12 * 1024,
  "classic launcher": 12 * 1024,
  everything: 58 * 1024,
};

/** The language tables, loaded one at most, and only for a page in that language. */
const LANGUAGE_TABLE = /^strings-[a-z]{2}-/;

/**
 * The files `file` imports: statically, and with `lazy` also dynamically (literal paths only).
 * The classic loader imports by `new URL("…", its own URL)`: the launcher's chunk at once, and
 * dist/confab.js only when the page asks (`Confab.load()`), so that one counts as lazy.
 */
async function importsOf(file: string, lazy: boolean): Promise<string[]> {
  const code = await readFile(join(projectRoot, file), "utf8");
  const pattern = lazy ? /(?:(?:from|import)\s*\(?"\.\/|new URL\(")([^"]+\.js)"/g : /(?:(?:from|import)\s*"\.\/|new URL\(")([^"]+\.js)"/g;
  return [...code.matchAll(pattern)].map((match) => `dist/${match[1]}`).filter((path) => lazy || path !== "dist/confab.js");
}

/** Every file a load fetches, its entries first. */
export async function filesOf(load: LoadName): Promise<string[]> {
  const { entries, lazy } = LOADS[load];
  const files = new Set<string>(entries);
  for (const file of files) {
    for (const imported of await importsOf(file, lazy)) if (!LANGUAGE_TABLE.test(imported.slice(5))) files.add(imported);
  }
  return [...files];
}

export interface LoadSize {
  load: LoadName;
  files: string[];
  bytes: number;
  /** The sum of each file's gzip -9: what a page transfers. */
  gzipBytes: number;
}

export async function measureLoad(load: LoadName): Promise<LoadSize> {
  const files = await filesOf(load);
  const sizes = await Promise.all(files.map((file) => measureBundle(file)));
  return { load, files, bytes: sizes.reduce((sum, size) => sum + size.bytes, 0), gzipBytes: sizes.reduce((sum, size) => sum + size.gzipBytes, 0) };
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** `file` relative to the project, or absolute. */
export async function measureBundle(file = "dist/confab.js"): Promise<BundleSize> {
  const bundle = await readFile(resolve(projectRoot, file));
  return { file, bytes: bundle.length, gzipBytes: gzipSync(bundle, { level: 9 }).length };
}

/** Every load, logged as measured. */
export async function measureLoads(): Promise<LoadSize[]> {
  const loads = await Promise.all((Object.keys(LOADS) as LoadName[]).map((load) => measureLoad(load)));
  for (const { load, gzipBytes } of loads) console.log(`${load}: ${gzipBytes} bytes gzip`);
  return loads;
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
  return partsOf(result.metafile);
}

/** An esbuild metafile's output bytes by part (each package, and our own code by folder), largest first. */
export function partsOf(metafile: Metafile): { part: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const part = inPackage ?? input.split("/").slice(0, 2).join("/");
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].map(([part, size]) => ({ part, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

/** BENCHMARKS.md's section: each load against its budget, and what each part adds. */
export function bundleSection(loads: LoadSize[], parts: { part: string; bytes: number }[]): string {
  const everything = loads.find(({ load }) => load === "everything")!;
  return `## Embed bundle size

${measuredOn()}

| load | files | minified | gzip -9 | budget |
| --- | --- | ---: | ---: | ---: |
${loads.map(({ load, files, bytes, gzipBytes }) => `| ${load} | ${files.map((file) => `\`${file.replace(/-[\w-]{8}\.js$/, "-….js")}\``).join(", ")} | ${bytes} B | ${gzipBytes} B | ${BUDGET_GZIP_BYTES[load]} B |`).join("\n")}

How: \`vite build\`, then the sum of gzip level 9 of each file the load fetches, followed through
the built files' imports (\`bench/bundle-size.ts\`). The launchers are what a page pays before
anyone opens the chat: the launcher, its styles and texts, Lit, and a socket of its own for the
live unread count; the rest loads on intent. Each budget is enforced by \`npm test\` (test/size).
Sizes are deterministic (the same sources build the same bytes), so one build is measured once,
with no rounds. Issue 10's target of ${TARGET_GZIP_BYTES} B for the whole embed — ${
    everything.gzipBytes <= TARGET_GZIP_BYTES
      ? "met."
      : `not met for everything (${everything.gzipBytes} B): our own elements are the largest part (the window, messages, composer, list, people picker, mentions, link-preview cards, the strings table and two palettes); the libraries (Lit, partysocket, valibot, nanostores, idb-keyval) take under a third. A page pays it only once someone is about to chat.`
  }

What each part of everything adds (minified bytes, esbuild, before gzip):

| part | bytes |
| --- | ---: |
${parts.map(({ part, bytes }) => `| ${part} | ${bytes} |`).join("\n")}
`;
}

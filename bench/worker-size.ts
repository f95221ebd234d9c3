/**
 * The Worker as `wrangler deploy` uploads it: bundled by `wrangler deploy --dry-run`, which
 * needs no account and no network, then measured. test/deploy holds it to its budget;
 * BENCHMARKS.md reports it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureBundle, partsOf } from "./bundle-size.js";
import { isMain, measuredOn } from "./harness.js";
import { projectRoot } from "../scripts/servers.js";

/**
 * Just above today's size, as the embed's budgets are: a change that grows the Worker (a new
 * dependency, most likely) has to say why, here. Cloudflare's own limit on a Worker's
 * compressed size is many times this; what the budget guards is the code every cold start of
 * the Worker and its Durable Objects parses.
 */
export const WORKER_BUDGET_GZIP_BYTES = 128 * 1024;

/** A dry run that has not finished by then is stuck: wrangler bundles in about two seconds. */
const DRY_RUN_TIMEOUT_MS = 120_000;

export interface WorkerBundle {
  /** The modules wrangler would upload, absolute paths. */
  modules: string[];
  bytes: number;
  /** The sum of each module's gzip -9. */
  gzipBytes: number;
  /** What each dependency, and our own code by folder, adds (esbuild's metafile). */
  parts: { part: string; bytes: number }[];
  /** The source files in the bundle, relative to the project (its source map's sources). */
  sources: string[];
  /** wrangler's output: the bindings and vars it would deploy. */
  output: string;
}

/** Runs `wrangler deploy --dry-run --outdir outdir` (the project's wrangler.jsonc) and measures what it wrote. */
export async function bundleWorker(outdir: string): Promise<WorkerBundle> {
  const output = await dryRun(outdir);
  const modules = (await readdir(outdir)).filter((file) => file.endsWith(".js") || file.endsWith(".wasm")).map((file) => join(outdir, file));
  const sizes = await Promise.all(modules.map((module) => measureBundle(module)));
  const metafile = JSON.parse(await readFile(join(outdir, "bundle-meta.json"), "utf8"));
  const maps = await Promise.all(modules.filter((module) => module.endsWith(".js")).map(async (module) => JSON.parse(await readFile(`${module}.map`, "utf8")) as { sources: string[] }));
  return {
    modules,
    bytes: sizes.reduce((sum, { bytes }) => sum + bytes, 0),
    gzipBytes: sizes.reduce((sum, { gzipBytes }) => sum + gzipBytes, 0),
    parts: partsOf(metafile),
    sources: maps.flatMap(({ sources }) => sources),
    output,
  };
}

function dryRun(outdir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(projectRoot, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir, "--metafile"], {
      cwd: projectRoot,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: DRY_RUN_TIMEOUT_MS,
    });
    const output: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(output.join(""));
      else reject(new Error(`wrangler deploy --dry-run ended with ${signal ?? code}:\n${output.join("")}`));
    });
  });
}

/** BENCHMARKS.md's section: the Worker against its budget, and what each part adds. */
export function workerSection({ bytes, gzipBytes, parts }: WorkerBundle): string {
  return `## Worker bundle size

${measuredOn()}

| bundle | bytes | gzip -9 | budget |
| --- | ---: | ---: | ---: |
| the Worker and its Durable Objects | ${bytes} B | ${gzipBytes} B | ${WORKER_BUDGET_GZIP_BYTES} B |

How: \`wrangler deploy --dry-run --outdir\` bundles \`src/server/index.ts\` as \`wrangler deploy\`
uploads it (not minified: wrangler.jsonc asks for no \`minify\`), then gzip level 9 of the
bundle (\`bench/worker-size.ts\`). \`npm test\` holds it to its budget (test/deploy).

What each part adds (bytes in the bundle, before gzip):

| part | bytes |
| --- | ---: |
${parts.map(({ part, bytes }) => `| ${part} | ${bytes} |`).join("\n")}
`;
}

/** The dry run in a folder of its own, thrown away once measured. */
export async function measureWorker(): Promise<WorkerBundle> {
  const outdir = await mkdtemp(join(tmpdir(), "confab-worker-"));
  try {
    const worker = await bundleWorker(outdir);
    console.log(`the Worker: ${worker.gzipBytes} bytes gzip`);
    return worker;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) console.log(workerSection(await measureWorker()));

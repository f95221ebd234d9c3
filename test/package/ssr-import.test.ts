/**
 * A framework rendering on the server (Next.js, Nuxt, SvelteKit, Astro) imports the package in
 * Node, where there is no DOM: every module entry must load there, export what its source
 * exports and register nothing. Confab promises this import, not server rendering of the
 * elements: they render on the client. Each entry loads in a plain Node process of its own,
 * by the package's name as an app imports it (package.json's `exports`, reached by the
 * package's reference to itself), needing `npm run build` first.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import packageJson from "../../package.json" with { type: "json" };
import { projectRoot } from "../../scripts/servers.js";

/** What a browser has and Node has not: importing Confab must define none of them. */
const DOM_GLOBALS = ["window", "document", "navigator", "HTMLElement", "customElements", "localStorage", "indexedDB"];

/** Imports `specifier` in a fresh Node process and tells its export names and the DOM globals it left defined. */
async function importInNode(specifier: string): Promise<{ exports: string[]; domGlobals: string[] }> {
  const script = `
    const before = new Set(${JSON.stringify(DOM_GLOBALS)}.filter((name) => name in globalThis));
    const entry = await import(${JSON.stringify(specifier)});
    const domGlobals = ${JSON.stringify(DOM_GLOBALS)}.filter((name) => name in globalThis && !before.has(name));
    console.log(JSON.stringify({ exports: Object.keys(entry).sort(), domGlobals }));`;
  // Node 20 has no navigator; later versions do, so only what the import adds counts.
  const run = promisify(execFile)(process.execPath, ["--input-type=module", "--eval", script], { cwd: projectRoot, timeout: 30_000 });
  const { stdout } = await run.catch((error: { stderr: string }) => {
    // The stack's first line holds the whole minified bundle: the error's own line says it.
    throw new Error(`${specifier} does not import in Node: ${error.stderr.split("\n").find((line) => /^\w*Error\b/.test(line)) ?? error.stderr}`);
  });
  return JSON.parse(stdout) as { exports: string[]; domGlobals: string[] };
}

const sourceExports = async (module: Promise<object>) => Object.keys(await module).sort();

const entries = {
  [packageJson.name]: () => sourceExports(import("../../src/index.js")),
  [`${packageJson.name}/widget`]: () => sourceExports(import("../../src/widget.js")),
  [`${packageJson.name}/headless`]: () => sourceExports(import("../../src/headless.js")),
};

for (const [specifier, expected] of Object.entries(entries)) {
  it(`${specifier} imports in Node without a DOM, exports what its source does and defines no DOM global`, async () => {
    const { exports, domGlobals } = await importInNode(specifier);
    assert.deepEqual(exports, await expected());
    assert.deepEqual(domGlobals, []);
  });
}

it("every module entry of package.json is one of those imported here", () => {
  const modules = Object.entries(packageJson.exports)
    .filter(([, target]) => typeof target === "object" && "types" in target)
    .map(([path]) => `${packageJson.name}${path.slice(1)}`);
  assert.deepEqual(modules.sort(), Object.keys(entries).sort());
});

/** custom-elements.json is committed for editors and tools: it must say what the code says. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../scripts/servers.js";

it("custom-elements.json matches what cem analyze makes of the elements today", async () => {
  const outdir = await mkdtemp(join(tmpdir(), "confab-cem-"));
  try {
    await promisify(execFile)(join(projectRoot, "node_modules/.bin/cem"), ["analyze", "--config", "custom-elements-manifest.config.mjs"], {
      cwd: projectRoot,
      // The analyzer takes its output folder relative to where it runs.
      env: { ...process.env, CEM_OUTDIR: relative(projectRoot, outdir) },
    });
    const [fresh, committed] = await Promise.all([
      readFile(join(outdir, "custom-elements.json"), "utf8"),
      readFile(join(projectRoot, "custom-elements.json"), "utf8"),
    ]);
    assert.ok(fresh === committed, "custom-elements.json is stale: run `npm run build` and commit it");
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
});

it("lists <chat-widget> with its attributes, parts and events", async () => {
  const manifest = JSON.parse(await readFile(join(projectRoot, "custom-elements.json"), "utf8")) as {
    modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; cssParts?: unknown[]; events?: { name: string }[] }[] }[];
  };
  const widget = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === "chat-widget");
  assert.ok(widget, "chat-widget is in the manifest");
  assert.deepEqual(
    widget.attributes?.map((attribute) => attribute.name).sort(),
    ["conversation", "host", "lang", "name", "notify", "open", "position", "service-worker", "theme", "title-unread", "token", "user"],
  );
  assert.ok((widget.cssParts?.length ?? 0) >= 10);
  assert.deepEqual(widget.events?.map((event) => event.name), ["chat-toggle"]);
});

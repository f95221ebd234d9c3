/**
 * The embed's size budgets: `npm test` fails when what a page fetches outgrows its own, for
 * each way of loading Confab (bench/bundle-size.ts): the ES launcher and the classic one before
 * anyone shows intent, and everything.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../../scripts/servers.js";
import { BUDGET_GZIP_BYTES, LOADS, filesOf, measureLoad, type LoadName } from "../../bench/bundle-size.js";

for (const load of Object.keys(LOADS) as LoadName[]) {
  const budget = BUDGET_GZIP_BYTES[load];
  it(`the ${load} stays within ${budget} bytes gzipped`, async () => {
    const { files, bytes, gzipBytes } = await measureLoad(load);
    console.log(`${load}: ${files.join(" ")}: ${bytes} bytes, ${gzipBytes} bytes gzip (budget ${budget})`);
    assert.ok(gzipBytes <= budget, `${gzipBytes} bytes gzip is over the ${budget}-byte budget`);
  });
}

it("the launchers fetch no store, list or window before intent", async () => {
  for (const load of ["ES launcher", "classic launcher"] as const) {
    const files = await filesOf(load);
    assert.ok(!files.some((file) => /\/popup-/.test(file)), `${load} fetches ${files.join(", ")}`);
    assert.ok(files.length <= 3, `${load} fetches ${files.join(", ")}`);
  }
});

it("the launcher loads the rest in one request, the chunk dist/confab.js holds", async () => {
  const lazy = [...(await readFile(join(projectRoot, (await filesOf("ES launcher"))[1]!), "utf8")).matchAll(/import\("\.\/([^"]+)"\)/g)]
    .map((match) => match[1]!)
    .filter((file) => !/^strings-[a-z]{2}-/.test(file));
  assert.equal(lazy.length, 1, `the launcher loads ${lazy.join(", ")} on intent`);
  assert.ok((await filesOf("everything")).includes(`dist/${lazy[0]}`));
});

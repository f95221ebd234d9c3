/** The embed bundle's size budget: `npm test` fails when dist/confab.js outgrows it. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { BUDGET_GZIP_BYTES } from "../../bench/bundle-size.js";

it(`dist/confab.js stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
  const bundle = await readFile(new URL("../../dist/confab.js", import.meta.url));
  const gzipped = gzipSync(bundle, { level: 9 }).length;
  console.log(`dist/confab.js: ${bundle.length} bytes, ${gzipped} bytes gzip (budget ${BUDGET_GZIP_BYTES})`);
  assert.ok(gzipped <= BUDGET_GZIP_BYTES, `${gzipped} bytes gzip is over the ${BUDGET_GZIP_BYTES}-byte budget`);
});

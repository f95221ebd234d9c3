/** The embed bundles' size budgets: `npm test` fails when either build output outgrows its own. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { BUDGET_GZIP_BYTES, BUNDLE_FILES, measureBundle } from "../../bench/bundle-size.js";

for (const file of BUNDLE_FILES) {
  const budget = BUDGET_GZIP_BYTES[file];
  it(`${file} stays within ${budget} bytes gzipped`, async () => {
    const { bytes, gzipBytes } = await measureBundle(file);
    console.log(`${file}: ${bytes} bytes, ${gzipBytes} bytes gzip (budget ${budget})`);
    assert.ok(gzipBytes <= budget, `${gzipBytes} bytes gzip is over the ${budget}-byte budget`);
  });
}

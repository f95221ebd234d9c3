/** The embed bundles' size budget: `npm test` fails when either build output outgrows it. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { BUDGET_GZIP_BYTES, BUNDLE_FILES, measureBundle } from "../../bench/bundle-size.js";

for (const file of BUNDLE_FILES) {
  it(`${file} stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const { bytes, gzipBytes } = await measureBundle(file);
    console.log(`${file}: ${bytes} bytes, ${gzipBytes} bytes gzip (budget ${BUDGET_GZIP_BYTES})`);
    assert.ok(gzipBytes <= BUDGET_GZIP_BYTES, `${gzipBytes} bytes gzip is over the ${BUDGET_GZIP_BYTES}-byte budget`);
  });
}

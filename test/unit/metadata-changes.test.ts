import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIMITS, mergeMetadata } from "../../src/protocol/index.js";

describe("mergeMetadata", () => {
  it("sets and overwrites keys, removes others, and keeps the rest", () => {
    assert.deepEqual(mergeMetadata({ a: 1, b: "x", c: true }, { set: { a: 2, d: "new" }, remove: ["b"] }), { ok: true, metadata: { a: 2, c: true, d: "new" } });
  });

  it("starts from nothing when there is no metadata, and ignores removing an absent key", () => {
    assert.deepEqual(mergeMetadata(undefined, { set: { a: 1 }, remove: ["zz"] }), { ok: true, metadata: { a: 1 } });
  });

  it("removes a key both set and removed", () => {
    assert.deepEqual(mergeMetadata({}, { set: { a: 1 }, remove: ["a"] }), { ok: true, metadata: {} });
  });

  it("refuses a result over the metadata limit, saying how large it would be", () => {
    const merged = mergeMetadata({ big: "x".repeat(LIMITS.metadataBytes - 20) }, { set: { more: "y".repeat(50) } });
    assert.equal(merged.ok, false);
    assert.match(!merged.ok ? merged.message : "", new RegExp(`would be \\d+ bytes.*at most ${LIMITS.metadataBytes}`));
  });
});

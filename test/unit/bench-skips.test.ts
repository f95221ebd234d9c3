/** src/server/bench-skips.ts: the pieces BENCH_SKIP names, and none without it. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { benchSkipsOf } from "../../src/server/bench-skips.js";

it("skips nothing without BENCH_SKIP, as everywhere but the benchmark", () => {
  assert.equal(benchSkipsOf({}).size, 0);
  assert.equal(benchSkipsOf({ BENCH_SKIP: "" }).size, 0);
});

it("reads the pieces named, comma-separated", () => {
  assert.deepEqual([...benchSkipsOf({ BENCH_SKIP: "search, unread", GUEST_MODE: "on" })], ["search", "unread"]);
});

it("refuses a piece it does not know, so a typo cannot measure nothing", () => {
  assert.throws(() => benchSkipsOf({ BENCH_SKIP: "serach", GUEST_MODE: "on" }), /unknown piece: serach/);
});

it("takes nothing out outside a development server", () => {
  assert.throws(() => benchSkipsOf({ BENCH_SKIP: "search" }), /development server/);
  assert.equal(benchSkipsOf({ GUEST_MODE: "off" }).size, 0);
});

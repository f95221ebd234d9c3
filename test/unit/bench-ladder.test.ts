/** bench/ladder.ts: when a target stops climbing the throughput ladder, and its ceiling in each round. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { ceilings, mostlyPassed } from "../../bench/ladder.js";

const step = (rate: number, ...passed: boolean[]) => ({ rate, runs: passed.map((ok) => ({ passed: ok })) });

it("keeps climbing while most of a step's runs pass", () => {
  assert.equal(mostlyPassed(step(1, true, true, false).runs), true);
  assert.equal(mostlyPassed(step(1, true, false, false).runs), false);
  assert.equal(mostlyPassed(step(1, true, false).runs), false);
});

it("takes each round's ceiling as the last rate passed before its first failure", () => {
  const ladder = [step(100, true, true, false), step(200, true, false, true), step(400, false, true, true)];
  assert.deepEqual(ceilings(ladder, 3), [200, 100, 0]);
});

it("counts a round the ladder stopped before as passing no further", () => {
  assert.deepEqual(ceilings([step(100, true, true, true)], 3), [100, 100, 100]);
  assert.deepEqual(ceilings([], 2), [0, 0]);
});

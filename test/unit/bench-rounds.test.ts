/** bench/rounds.ts: medians, spreads and the alternating order every benchmark row uses. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { alternate, ratioSpread, roundOrder, showSpread, spreadOf } from "../../bench/rounds.js";

it("takes the median of an odd and an even number of runs, and their spread", () => {
  assert.deepEqual(spreadOf([5, 1, 3]), { median: 3, min: 1, max: 5, runs: [5, 1, 3] });
  assert.equal(spreadOf([4, 1, 3, 2]).median, 2.5);
});

it("leaves out runs that measured nothing, and shows a dash when none did", () => {
  assert.equal(spreadOf([NaN, 2, 4]).median, 3);
  assert.equal(showSpread(spreadOf([NaN])), "–");
});

it("shows the median with the spread, and one run without a spread", () => {
  assert.equal(showSpread(spreadOf([10, 12.25, 11])), "11.0 (10.0–12.3)");
  assert.equal(showSpread(spreadOf([7]), 2), "7.00");
});

it("alternates the order between rounds and keeps each contender's runs in round order", async () => {
  const calls: string[] = [];
  const contender = (name: string) => ({ name, run: async (round: number) => (calls.push(`${name}${round}`), round) });
  const results = await alternate([contender("confab"), contender("bare")], 3);
  assert.deepEqual(calls, ["confab0", "bare0", "bare1", "confab1", "confab2", "bare2"]);
  assert.deepEqual(results.get("confab"), [0, 1, 2]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 1), ["c", "b", "a"]);
});

it("takes ratios run by run", () => {
  assert.deepEqual(ratioSpread([2, 6, 3], [1, 2, 3]).runs, [2, 3, 1]);
  assert.equal(ratioSpread([2, 6, 3], [1, 2, 3]).median, 2);
});

/** src/server/push/push-pacer.ts: a flood of messages is a few pushes, each saying the latest. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { PUSH_BURST, PUSH_INTERVAL_MS, PUSH_REFILL_MS, PushBudget, PushPacer } from "../../src/server/push/push-pacer.js";

it("sends the first at once and holds the rest of the interval, the newest going when it ends", () => {
  const pacer = new PushPacer<string>();
  assert.deepEqual(pacer.offer("c", "one", 1_000), { send: "one" });
  assert.deepEqual(pacer.offer("c", "two", 1_500), { waits: true, wakeAt: 1_000 + PUSH_INTERVAL_MS });
  assert.deepEqual(pacer.offer("c", "three", 2_000), { waits: true }, "one wake is enough");
  assert.deepEqual(pacer.offer("other", "elsewhere", 2_000), { send: "elsewhere" }, "each conversation has its own pace");
  assert.equal(pacer.due("c", 1_000 + PUSH_INTERVAL_MS), "three");
  assert.equal(pacer.due("c", 1_000 + PUSH_INTERVAL_MS), undefined, "sent once");
  assert.deepEqual(pacer.offer("c", "four", 1_000 + PUSH_INTERVAL_MS + 10), { waits: true, wakeAt: 1_000 + 2 * PUSH_INTERVAL_MS }, "the interval restarted with the held push");
  assert.deepEqual(pacer.offer("c", "later", 10_000 + 2 * PUSH_INTERVAL_MS), { send: "later" }, "a quiet conversation sends at once");
});

it("forgets paces long past but never one holding news", () => {
  const pacer = new PushPacer<string>();
  pacer.offer("quiet", "a", 0);
  pacer.offer("busy", "b", 0);
  pacer.offer("busy", "c", 10);
  pacer.prune(PUSH_INTERVAL_MS + 1);
  assert.equal(pacer.due("busy", PUSH_INTERVAL_MS + 1), "c");
  assert.deepEqual(pacer.offer("quiet", "d", PUSH_INTERVAL_MS + 2), { send: "d" });
});

it("sends nothing of news withdrawn while it waits, and news after it waits its turn", () => {
  const pacer = new PushPacer<string>();
  pacer.offer("c", "one", 0);
  pacer.offer("c", "deleted", 100);
  pacer.withdraw("c");
  assert.equal(pacer.due("c", PUSH_INTERVAL_MS), undefined, "the withdrawn news is not sent");
  pacer.offer("d", "one", 0);
  pacer.offer("d", "deleted", 100);
  pacer.withdraw("d");
  assert.deepEqual(pacer.offer("d", "two", 200), { waits: true, wakeAt: PUSH_INTERVAL_MS }, "a wake is asked for again");
  assert.equal(pacer.due("d", PUSH_INTERVAL_MS), "two");
  pacer.withdraw("unknown");
});

it("gives one user a burst of pushes across conversations, then one more every few seconds", () => {
  const budget = new PushBudget();
  const taken = Array.from({ length: PUSH_BURST + 5 }, () => budget.take(1_000)).filter(Boolean).length;
  assert.equal(taken, PUSH_BURST, "a flood from many conversations ends in silence");
  assert.equal(budget.take(1_000 + PUSH_REFILL_MS / 2), false);
  assert.equal(budget.take(1_000 + PUSH_REFILL_MS), true, "one back after the refill time");
  assert.equal(budget.take(1_000 + PUSH_REFILL_MS), false);
  const rested = Array.from({ length: PUSH_BURST + 1 }, () => budget.take(10 * PUSH_REFILL_MS * PUSH_BURST)).filter(Boolean).length;
  assert.equal(rested, PUSH_BURST, "a quiet while refills the burst, no more");
});

/** bench/main-thread-busy.ts: a page's main-thread busy time from a trace, up to its marks. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { busyUntilMarks, type TraceEvent } from "../../bench/main-thread-busy.js";

const url = "http://127.0.0.1:1234/page/";
const main = { pid: 7, tid: 7 };
const task = (ts: number, dur: number, thread = main): TraceEvent => ({ name: "ThreadControllerImpl::RunTask", ph: "X", ...thread, ts, dur });
const mark = (name: string, ts: number): TraceEvent => ({ name, ph: "I", ...main, ts });
const navigation = (ts: number, documentLoaderURL: string, thread = main): TraceEvent => ({ name: "navigationStart", ph: "R", ...thread, ts, args: { data: { documentLoaderURL } } });

it("adds the main thread's tasks from the navigation to each mark, cutting the ones that span either end", () => {
  const events = [navigation(1_000, url), task(500, 1_000), task(2_000, 3_000), task(9_000, 2_000), mark("badge", 4_000), mark("settled", 10_000)];
  const busy = busyUntilMarks(events, url, ["badge", "settled"]);
  assert.equal(busy.get("badge"), 2.5, "0.5 ms after the navigation, then 2 ms up to the mark");
  assert.equal(busy.get("settled"), 4.5);
});

it("counts a nested task once, and only the page's own thread after its own navigation", () => {
  const other = { pid: 8, tid: 8 };
  const events = [navigation(0, "http://127.0.0.1:1234/"), navigation(1_000, url), task(1_000, 4_000), task(2_000, 1_000), task(1_000, 9_000, other), mark("badge", 6_000)];
  assert.equal(busyUntilMarks(events, url, ["badge"]).get("badge"), 4);
});

it("leaves out marks the trace does not hold, and everything without the navigation", () => {
  assert.deepEqual([...busyUntilMarks([navigation(0, url), task(0, 1_000)], url, ["badge"])], []);
  assert.deepEqual([...busyUntilMarks([task(0, 1_000), mark("badge", 2_000)], url, ["badge"])], []);
});

/** Counting what holds a conversation's socket (src/store/socket-holds.ts): open, close, away. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createSocketHolds } from "../../src/store/socket-holds.js";

function recorded() {
  const heard: string[] = [];
  const holds = createSocketHolds({ first: () => heard.push("open"), last: () => heard.push("close"), awayChanged: (away) => heard.push(away ? "away" : "here") });
  return { heard, holds };
}

describe("socket holds", () => {
  it("opens on the first hold and closes on the last release, once", () => {
    const { heard, holds } = recorded();
    const [a, b] = [holds.retain(), holds.retain()];
    a();
    a();
    assert.ok(holds.held());
    b();
    assert.deepEqual(heard, ["open", "close"]);
    assert.ok(!holds.held());
  });

  it("is away while only background holds hold it, here while any other does", () => {
    const { heard, holds } = recorded();
    const follow = holds.retain(true);
    assert.ok(holds.away(), "opened by a background hold: away from the start");
    const view = holds.retain();
    assert.ok(!holds.away());
    const second = holds.retain(true);
    view();
    assert.ok(holds.away());
    follow();
    second();
    assert.deepEqual(heard, ["open", "here", "away", "close"]);
  });

  it("is not away when a foreground hold opened it and a background one joins", () => {
    const { heard, holds } = recorded();
    const view = holds.retain();
    const follow = holds.retain(true);
    assert.ok(!holds.away());
    view();
    assert.deepEqual(heard, ["open", "away"]);
    follow();
    assert.ok(!holds.away(), "nothing held: not away");
  });

  it("forgets every hold on clear, and releases of older holds change nothing", () => {
    const { heard, holds } = recorded();
    const old = holds.retain();
    holds.clear();
    old();
    assert.ok(!holds.held());
    const fresh = holds.retain(true);
    assert.ok(holds.away());
    fresh();
    assert.deepEqual(heard, ["open", "open", "close"]);
  });
});

/** src/server/test-clock.ts: TEST_CLOCK moves an Inbox's clock on a development server, and is refused anywhere else. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { testClockOn } from "../../src/server/test-clock.js";

it("is off unless TEST_CLOCK is on", () => {
  assert.equal(testClockOn({}), false);
  assert.equal(testClockOn({ TEST_CLOCK: "off", GUEST_MODE: "on" }), false);
  assert.equal(testClockOn({ GUEST_MODE: "on" }), false);
});

it("is on for a development server (GUEST_MODE on)", () => {
  assert.equal(testClockOn({ TEST_CLOCK: "on", GUEST_MODE: "on" }), true);
});

it("is refused in production: set outside a development server, it throws rather than run", () => {
  assert.throws(() => testClockOn({ TEST_CLOCK: "on" }), /development server/);
  assert.throws(() => testClockOn({ TEST_CLOCK: "on", GUEST_MODE: "off" }), /development server/);
});

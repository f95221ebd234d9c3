/** Which messages the chat window renders (src/components/chat-window/message-slice.ts): pure, no DOM. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  SLICE_SIZE,
  afterScroll,
  clampedSliceStart,
  heldSlice,
  renderedSlice,
  sliceStartCentring,
} from "../../src/components/chat-window/message-slice.js";

/** `count` messages with ids m0, m1, …, oldest first. */
function messages(count: number): { id: string }[] {
  return Array.from({ length: count }, (_, index) => ({ id: `m${index}` }));
}

describe("message slice", () => {
  it("follows the newest SLICE_SIZE messages while no start is held", () => {
    assert.deepEqual(heldSlice(messages(200), null), { start: 200 - SLICE_SIZE, end: 200 });
    assert.deepEqual(heldSlice(messages(10), null), { start: 0, end: 10 });
    assert.deepEqual(heldSlice([], null), { start: 0, end: 0 });
  });

  it("starts at the held message, cut short by the newest", () => {
    assert.deepEqual(heldSlice(messages(200), "m50"), { start: 50, end: 50 + SLICE_SIZE });
    assert.deepEqual(heldSlice(messages(200), "m180"), { start: 180, end: 200 });
  });

  it("follows the newest again when the held message is gone", () => {
    assert.deepEqual(heldSlice(messages(200), "deleted"), { start: 200 - SLICE_SIZE, end: 200 });
  });

  it("widens to keep a focused message above or below it rendered", () => {
    const held = messages(300);
    assert.deepEqual(renderedSlice(held, "m100", "m80"), { start: 80, end: 100 + SLICE_SIZE });
    assert.deepEqual(renderedSlice(held, "m100", "m190"), { start: 100, end: 191 });
  });

  it("lets focus go rather than render more than twice SLICE_SIZE", () => {
    const held = messages(300);
    assert.deepEqual(renderedSlice(held, "m100", "m39"), { start: 100, end: 100 + SLICE_SIZE });
    assert.deepEqual(renderedSlice(held, "m100", "m220"), { start: 100, end: 100 + SLICE_SIZE });
    assert.deepEqual(renderedSlice(held, "m100", "m219"), { start: 100, end: 220 });
  });

  it("ignores focus inside the slice or on no message", () => {
    const held = messages(300);
    assert.deepEqual(renderedSlice(held, "m100", "m120"), { start: 100, end: 100 + SLICE_SIZE });
    assert.deepEqual(renderedSlice(held, "m100", undefined), { start: 100, end: 100 + SLICE_SIZE });
    assert.deepEqual(renderedSlice(held, "m100", "composer"), { start: 100, end: 100 + SLICE_SIZE });
  });

  it("moves no further than keeps the slice full, nor before the oldest", () => {
    assert.equal(clampedSliceStart(-30, 200), 0);
    assert.equal(clampedSliceStart(170, 200), 200 - SLICE_SIZE);
    assert.equal(clampedSliceStart(70, 200), 70);
    assert.equal(clampedSliceStart(5, 10), 0);
  });

  it("centres a jumped-to message in the slice", () => {
    assert.equal(sliceStartCentring(100), 100 - SLICE_SIZE / 2);
  });

  describe("after a scroll", () => {
    /** A list 300 px tall scrolled to `scrollTop`, `fromBottom` px above its end. */
    const at = (scrollTop: number, fromBottom: number) => ({ scrollTop, scrollHeight: scrollTop + 300 + fromBottom, clientHeight: 300 });
    const newest = { start: 140, end: 200 };
    const older = { start: 60, end: 120 };

    it("follows the newest messages near the bottom of a slice that ends with them", () => {
      assert.deepEqual(afterScroll(at(900, 32), newest, 200), { stickToBottom: true, move: null });
      assert.deepEqual(afterScroll(at(900, 33), newest, 200), { stickToBottom: false, move: null });
    });

    it("never follows the newest messages from a slice that ends before them", () => {
      assert.deepEqual(afterScroll(at(900, 0), older, 200), { stickToBottom: false, move: "newer" });
    });

    it("moves the slice down near its bottom while newer messages are held", () => {
      assert.equal(afterScroll(at(900, 64), older, 200).move, "newer");
      assert.equal(afterScroll(at(900, 65), older, 200).move, null);
    });

    it("moves the slice up near its top, or loads older messages once it starts at the oldest", () => {
      assert.equal(afterScroll(at(64, 900), older, 200).move, "older");
      assert.equal(afterScroll(at(65, 900), older, 200).move, null);
      assert.equal(afterScroll(at(0, 900), { start: 0, end: 60 }, 200).move, "load");
    });

    it("loads older messages from a short list that fits without scrolling", () => {
      assert.deepEqual(afterScroll(at(0, 0), { start: 0, end: 5 }, 5), { stickToBottom: true, move: "load" });
    });
  });
});

/** Day separators and grouping (src/components/chat-window/days.ts, message-groups.ts, format.ts formatDay): pure, clock passed in. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { dayName, daysAgo } from "../../src/components/chat-window/days.js";
import { GROUP_PAUSE_MS, placements } from "../../src/components/chat-window/message-groups.js";
import { formatDay } from "../../src/components/format.js";

/** A local time: the reader's clock, whatever the machine's zone. */
const at = (month: number, day: number, hour = 12, minute = 0, year = 2026) => new Date(year, month - 1, day, hour, minute).getTime();
/** Saturday 5 December 2026, 09:30. */
const now = at(12, 5, 9, 30);

describe("day names", () => {
  it("says today from midnight on and yesterday for the whole day before", () => {
    assert.equal(dayName(at(12, 5, 0, 0), now), "today");
    assert.equal(dayName(at(12, 4, 23, 59), now), "yesterday");
    assert.equal(dayName(at(12, 4, 0, 0), now), "yesterday");
  });

  it("names the weekday within the last week, then the date, with the year only in another year", () => {
    assert.equal(dayName(at(12, 3), now), "weekday");
    assert.equal(dayName(at(11, 29), now), "weekday");
    assert.equal(dayName(at(11, 28), now), "date");
    assert.equal(dayName(at(12, 31, 12, 0, 2025), now), "date-with-year");
  });

  it("counts calendar days as the clock moves past midnight", () => {
    const message = at(12, 5, 23, 50);
    assert.equal(daysAgo(message, at(12, 5, 23, 59)), 0);
    assert.equal(daysAgo(message, at(12, 6, 0, 1)), 1);
    assert.equal(daysAgo(message, at(12, 12, 0, 1)), 7);
  });

  it("writes them in English and German", () => {
    assert.equal(formatDay(at(12, 5), "en", now), "Today");
    assert.equal(formatDay(at(12, 4), "en", now), "Yesterday");
    assert.equal(formatDay(at(12, 2), "en", now), "Wednesday");
    assert.equal(formatDay(at(11, 3), "en", now), "Tuesday, November 3");
    assert.equal(formatDay(at(12, 5), "de", now), "Heute");
    assert.equal(formatDay(at(12, 4), "de", now), "Gestern");
    assert.equal(formatDay(at(12, 2), "de", now), "Mittwoch");
    assert.equal(formatDay(at(11, 3), "de", now), "Dienstag, 3. November");
    assert.equal(formatDay(at(12, 31, 12, 0, 2025), "de", now), "31. Dezember 2025");
  });
});

describe("message groups", () => {
  const message = (id: string, senderId: string, createdAt: number, system = false) => ({ id, senderId, createdAt, system });
  const flags = (list: ReturnType<typeof placements>) => list.map(({ continued, followed, startsDay }) => `${+continued}${+followed}${+startsDay}`);

  it("groups one sender's messages a few minutes apart, and starts a new group after a pause or another sender", () => {
    const messages = [
      message("a1", "ann", at(12, 5, 9, 0)),
      message("a2", "ann", at(12, 5, 9, 4)),
      message("b1", "bob", at(12, 5, 9, 5)),
      message("b2", "bob", at(12, 5, 9, 5) + GROUP_PAUSE_MS),
    ];
    assert.deepEqual(flags(placements(messages, 0, 4)), ["011", "100", "000", "000"]);
  });

  it("never groups across midnight, and starts each day with a separator", () => {
    const messages = [message("a1", "ann", at(12, 4, 23, 59)), message("a2", "ann", at(12, 5, 0, 1))];
    assert.deepEqual(flags(placements(messages, 0, 2)), ["001", "001"]);
  });

  it("lets a system line stand alone between one sender's messages", () => {
    const messages = [message("a1", "ann", at(12, 5, 9, 0)), message("s", "", at(12, 5, 9, 1), true), message("a2", "ann", at(12, 5, 9, 2))];
    assert.deepEqual(flags(placements(messages, 0, 3)), ["001", "000", "000"]);
  });

  it("starts a slice with its day and sender, and ends it as the messages after it say", () => {
    const messages = [message("a1", "ann", at(12, 5, 9, 0)), message("a2", "ann", at(12, 5, 9, 1)), message("a3", "ann", at(12, 5, 9, 2))];
    assert.deepEqual(flags(placements(messages, 1, 2)), ["011"]);
    assert.deepEqual(flags(placements(messages, 1, 3)), ["011", "100"]);
  });

  it("ends a group where the unread messages begin", () => {
    const messages = [message("a1", "ann", at(12, 5, 9, 0)), message("a2", "ann", at(12, 5, 9, 1))];
    assert.deepEqual(flags(placements(messages, 0, 2, "a2")), ["001", "000"]);
  });
});

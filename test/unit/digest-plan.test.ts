/** src/server/inbox/digest-plan.ts: when a user's unread digest is due, and what it does then, on a fake clock. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_DIGEST_DELAY_SECONDS, digestDelayMs, digestOf, dueAt, planDigest, type DigestConversation, type Pending } from "../../src/server/inbox/digest-plan.js";
import type { NotifyLevel } from "../../src/protocol/index.js";

const MINUTE = 60_000;
const DELAY = 5 * MINUTE;

/** A clock a test moves by hand. */
class FakeClock {
  constructor(public now = 1_700_000_000_000) {}
  advance(ms: number): number {
    this.now += ms;
    return this.now;
  }
}

const plan = (pending: Pending[], now: number, { online = false, level = "all" as NotifyLevel } = {}) =>
  planDigest({ pending, now, delayMs: DELAY, online, level });

describe("digestDelayMs", () => {
  it("reads DIGEST_DELAY_SECONDS, and defaults to five minutes", () => {
    assert.equal(digestDelayMs("90"), 90_000);
    assert.equal(digestDelayMs(undefined), DEFAULT_DIGEST_DELAY_SECONDS * 1000);
    assert.equal(DEFAULT_DIGEST_DELAY_SECONDS, 300);
  });

  it("takes the default for a value that is not a positive number", () => {
    for (const setting of ["", "0", "-5", "soon", "NaN"]) assert.equal(digestDelayMs(setting), 300_000, setting);
  });
});

describe("planDigest", () => {
  it("is idle with nothing pending", () => {
    assert.deepEqual(plan([], new FakeClock().now), { kind: "idle" });
  });

  it("waits until the earliest pending conversation has waited the delay", () => {
    const clock = new FakeClock();
    const pending = [
      { conversationId: "later", since: clock.now + MINUTE },
      { conversationId: "first", since: clock.now },
    ];
    assert.equal(dueAt(pending, DELAY), clock.now + DELAY);
    assert.deepEqual(plan(pending, clock.advance(DELAY - 1)), { kind: "wait", until: clock.now + 1 });
  });

  it("collects every pending conversation at once when due: one digest per user", () => {
    const clock = new FakeClock();
    const pending = [
      { conversationId: "a", since: clock.now },
      { conversationId: "b", since: clock.now + 4 * MINUTE },
    ];
    assert.deepEqual(plan(pending, clock.advance(DELAY)), { kind: "collect", conversationIds: ["a", "b"], mentionsOnly: false });
  });

  it("sends nothing to a user online when it is due, and forgets what was pending", () => {
    const clock = new FakeClock();
    assert.deepEqual(plan([{ conversationId: "a", since: clock.now }], clock.advance(DELAY), { online: true }), { kind: "drop" });
  });

  it("asks only for mentions at the mentions level, and for nothing at none", () => {
    const clock = new FakeClock();
    const pending = [{ conversationId: "a", since: clock.now }];
    const now = clock.advance(DELAY);
    assert.deepEqual(plan(pending, now, { level: "mentions" }), { kind: "collect", conversationIds: ["a"], mentionsOnly: true });
    assert.deepEqual(plan(pending, now, { level: "none" }), { kind: "drop" });
  });
});

describe("digestOf", () => {
  const part = (conversationId: string, unread: number, newestAt: number): DigestConversation => ({
    conversationId,
    title: conversationId,
    type: "group",
    unread,
    messages: unread === 0 ? [] : [{ id: `${conversationId}-m`, senderId: "alice", senderName: "Alice", text: "hi", createdAt: newestAt }],
  });
  const user = { userId: "bob", name: "Bob" };

  it("holds the conversations with something unread, the newest message's first", () => {
    const digest = digestOf(user, [part("old", 2, 100), undefined, part("read", 0, 0), part("new", 1, 200)]);
    assert.deepEqual(
      digest?.conversations.map((conversation) => conversation.conversationId),
      ["new", "old"],
    );
    assert.equal(digest?.userId, "bob");
    assert.equal(digest?.name, "Bob");
  });

  it("is nothing when no conversation has anything unread", () => {
    assert.equal(digestOf(user, [undefined, part("read", 0, 0)]), undefined);
    assert.equal(digestOf(user, []), undefined);
  });
});

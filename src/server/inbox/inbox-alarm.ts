/**
 * What an Inbox does later, on its one alarm: deleting uploads left unsent (unsent-uploads.ts),
 * sending webhooks, and sending its user's unread digest (digests.ts). Each says when it is next
 * due, and after every run the alarm is set for the earliest (`setAlarm` replaces the one set).
 */
import type { NotifyLevel } from "../../protocol/index.js";
import { setEarliestAlarm } from "../alarms.js";
import type { ServerLimits } from "../limits.js";
import { InboxClock } from "../test-clock.js";
import { Webhooks } from "../webhooks.js";
import { Digests } from "./digests.js";
import { UnsentUploads } from "./unsent-uploads.js";

/** The user as a digest needs them when it is due: still away, and what they want to hear of. */
export interface AwayUser {
  userId: string;
  /** Whether their list is open now (asked again before a digest goes: they may come back while it is made). */
  online(): boolean;
  level: NotifyLevel;
}

export class InboxAlarm {
  /** Files this user uploaded and has not sent yet. */
  readonly uploads: UnsentUploads;
  readonly digests: Digests;
  /** Real time, or a test's (TEST_CLOCK, development servers only): the digests' delay is counted by it. */
  readonly clock: InboxClock;
  readonly #webhooks: Webhooks;

  constructor(
    private readonly ctx: DurableObjectState,
    env: Cloudflare.Env,
    limits: ServerLimits,
  ) {
    this.uploads = new UnsentUploads(ctx, env, limits);
    this.clock = new InboxClock(ctx.storage, env);
    this.#webhooks = new Webhooks(ctx, env);
    this.digests = new Digests(ctx, env, this.#webhooks, this.clock);
  }

  /** Runs what is due, then sets the alarm for what comes next. */
  async run(user: AwayUser): Promise<void> {
    // First: the digest's webhook is sent in this same run.
    await this.digests.runDue(user.userId, user.online, user.level);
    await this.uploads.deleteExpired();
    await this.#webhooks.deliverDue();
    await this.setNext();
  }

  /**
   * A test's step (TEST_CLOCK on): the clock moves `ms` on and the digest due by then is queued
   * (the alarm, set for now, sends it: one sender of webhooks at a time, so none goes twice).
   * Says the digest's event id, and which conversations still wait for one. `user` undefined:
   * an Inbox with nothing stored, which has nothing to run.
   */
  async advanceTestClock(ms: number, user: AwayUser | undefined): Promise<{ digest?: string; pending: string[] }> {
    this.clock.advance(ms);
    if (!user) return { pending: [] };
    const digest = await this.digests.runDue(user.userId, user.online, user.level);
    await this.setNext();
    return { ...(digest ? { digest } : {}), pending: this.digests.pending().map((entry) => entry.conversationId) };
  }

  /** Read after every wait: whatever was queued meanwhile counts. */
  private setNext(): Promise<void> {
    return setEarliestAlarm(this.ctx.storage, [this.uploads.nextDueAt(), this.#webhooks.nextDueAt(), this.digests.nextDueAt()]);
  }
}

/**
 * A user's unread digests, kept by their Inbox so the host can email them (`unread.digest`
 * webhooks). A conversation that changed while the user was away (its `markStale`) is pending
 * from then, by the Inbox's clock; once the earliest has waited DIGEST_DELAY_SECONDS
 * (digest-plan.ts says when, and what then), each pending conversation says what the user has
 * not read there since their last digest (`Conversation.digestFor`), and one webhook carries it
 * all. The last seq each digest covered is kept, so no message is in two digests.
 */
import type { NotifyLevel } from "../../protocol/index.js";
import { alarmNoLaterThan } from "../alarms.js";
import { conversationOf } from "../stubs.js";
import type { InboxClock } from "../test-clock.js";
import type { Webhooks } from "../webhooks.js";
import type { ConversationDigest } from "../conversation/unread-digest.js";
import { digestDelayMs, digestOf, dueAt, planDigest, type Pending } from "./digest-plan.js";
import { readProfile } from "./inbox-sql.js";

export class Digests {
  readonly #delayMs: number;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Cloudflare.Env,
    private readonly webhooks: Webhooks,
    private readonly clock: InboxClock,
  ) {
    this.#delayMs = digestDelayMs(env.DIGEST_DELAY_SECONDS);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** `conversationId` changed while the user was away: pending from now, unless it already is. */
  async noteAway(conversationId: string): Promise<void> {
    // Without webhooks a digest has nowhere to go.
    if (!this.webhooks.on) return;
    // Already pending: the alarm is set for it (a busy room marks its members on every round).
    if (this.pend(conversationId)) await alarmNoLaterThan(this.ctx.storage, this.nextDueAt()!);
  }

  /**
   * Sends `userId`'s digest when it is due and they are still away: the id of the webhook event
   * queued, or undefined when none was (not due, nothing unread, online, or digests off).
   */
  async runDue(userId: string, online: () => boolean, level: NotifyLevel): Promise<string | undefined> {
    const step = planDigest({ pending: this.pending(), now: this.clock.now(), delayMs: this.#delayMs, online: online(), level });
    if (step.kind === "idle" || step.kind === "wait") return undefined;
    // Taken before asking: news arriving meanwhile is pending afresh, for the next digest.
    this.sql.exec("DELETE FROM digest_pending");
    if (step.kind === "drop") return undefined;
    const answers = await Promise.all(
      step.conversationIds.map(async (conversationId) => {
        try {
          return await conversationOf(this.env, conversationId).digestFor(userId, this.digestedTo(conversationId), step.mentionsOnly);
        } catch (error) {
          console.error(`inbox ${userId}: the digest of ${conversationId} failed; asked again after the delay`, error);
          this.pend(conversationId);
          return undefined;
        }
      }),
    );
    const parts = answers.map((answer, index) => {
      const conversationId = step.conversationIds[index]!;
      if (answer && !answer.member) this.sql.exec("DELETE FROM digested WHERE conversation_id = ?", conversationId);
      return answer?.member ? answer.digest : undefined;
    });
    const digest = digestOf({ userId, name: readProfile(this.sql)?.name ?? userId }, parts.map((part) => part && withoutSeq(part)));
    // Back while it was made: their list shows it all, as if they had been online when it was due.
    if (!digest || online()) return undefined;
    for (const part of parts) {
      if (part) this.sql.exec("INSERT OR REPLACE INTO digested (conversation_id, seq) VALUES (?, ?)", part.conversationId, part.lastSeq);
    }
    return this.webhooks.enqueue("unread.digest", digest);
  }

  /** When the next digest is due, in real time (the alarm's), or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    const due = dueAt(this.pending(), this.#delayMs);
    return due === undefined ? undefined : Date.now() + (due - this.clock.now());
  }

  /** The conversations waiting for the next digest, and since when. */
  pending(): Pending[] {
    return this.sql
      .exec<{ conversation_id: string; since: number }>("SELECT conversation_id, since FROM digest_pending")
      .toArray()
      .map((row) => ({ conversationId: row.conversation_id, since: row.since }));
  }

  /** `conversationId` waits for the next digest from now, unless it already does; says whether it is new. */
  private pend(conversationId: string): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO digest_pending (conversation_id, since) VALUES (?, ?)", conversationId, this.clock.now()).rowsWritten > 0;
  }

  /** The last seq a digest covered in `conversationId` (0: none yet). */
  private digestedTo(conversationId: string): number {
    return this.sql.exec<{ seq: number }>("SELECT seq FROM digested WHERE conversation_id = ?", conversationId).toArray()[0]?.seq ?? 0;
  }
}

/** A conversation's part as the webhook carries it: the seq is the Inbox's to keep. */
const withoutSeq = ({ lastSeq: _, ...part }: ConversationDigest) => part;

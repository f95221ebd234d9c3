/**
 * The pace of pushes to one user. At most one per conversation per interval: a message while
 * the last push is recent waits, and when the interval ends the newest waiting one goes (it
 * replaces the shown notification, by tag), so a flood of messages is a few pushes, each saying
 * the latest. And a budget across all their conversations (PushBudget).
 */

/** Least time between two pushes of one conversation to one user. */
export const PUSH_INTERVAL_MS = 3_000;

interface Pace<T> {
  /** When the last push of this conversation went. */
  sentAt: number;
  /** The newest news held back, sent at `sentAt + PUSH_INTERVAL_MS`. */
  waiting?: T;
}

export class PushPacer<T> {
  readonly #paces = new Map<string, Pace<T>>();

  /**
   * `news` of `conversationId` at `now`: "send" it now, or it "waits" (replacing any older news
   * waiting) until `wakeAt`, when `due` hands it over. A wake is asked for only by the first to wait.
   */
  offer(conversationId: string, news: T, now: number): { send: T } | { waits: true; wakeAt?: number } {
    const pace = this.#paces.get(conversationId);
    if (!pace || now - pace.sentAt >= PUSH_INTERVAL_MS) {
      this.#paces.set(conversationId, { sentAt: now });
      return { send: news };
    }
    const first = pace.waiting === undefined;
    pace.waiting = news;
    return first ? { waits: true, wakeAt: pace.sentAt + PUSH_INTERVAL_MS } : { waits: true };
  }

  /** The news of `conversationId` waiting at `now`, to send now; the interval starts again. */
  due(conversationId: string, now: number): T | undefined {
    const pace = this.#paces.get(conversationId);
    if (!pace?.waiting) return undefined;
    const news = pace.waiting;
    this.#paces.set(conversationId, { sentAt: now });
    return news;
  }

  /** Drops the news of `conversationId` waiting, if any: it is not to be sent (its message was deleted). */
  withdraw(conversationId: string): void {
    const pace = this.#paces.get(conversationId);
    if (pace) pace.waiting = undefined;
  }

  /** Forgets paces long past, so a user of many conversations keeps only recent ones. */
  prune(now: number): void {
    for (const [conversationId, pace] of this.#paces) {
      if (!pace.waiting && now - pace.sentAt >= PUSH_INTERVAL_MS) this.#paces.delete(conversationId);
    }
  }
}

/** Pushes one user may get in a burst, all conversations together, and how often one more comes back. */
export const PUSH_BURST = 10;
export const PUSH_REFILL_MS = 6_000;

/**
 * The pushes one user has left: a burst of PUSH_BURST, one more every PUSH_REFILL_MS. Many
 * conversations writing at once (someone making groups to buzz a phone) end in silence, and
 * what was not pushed waits for the user's digest and their list.
 */
export class PushBudget {
  #left = PUSH_BURST;
  #at: number | undefined;

  /** Takes one push at `now`, or says there is none left. */
  take(now: number): boolean {
    if (this.#at !== undefined) this.#left = Math.min(PUSH_BURST, this.#left + (now - this.#at) / PUSH_REFILL_MS);
    this.#at = now;
    if (this.#left < 1) return false;
    this.#left -= 1;
    return true;
  }
}

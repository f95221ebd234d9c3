/**
 * Members' unread counts without a write per member per message. Each member's count is
 * exact up to a seq (the mark, in `unread_counted`); the messages after it are counted for
 * every member in one statement (`countUnreadBetween`) when a count is read (a list row) and
 * every SETTLE_EVERY messages, so no count falls far behind. Sending writes only the sender's
 * read position; reading counts the reader's unread up to the mark; a deletion takes a message
 * off the counts only when it was counted. ChatRoom makes one.
 */
import { lastSeq } from "./events-sql.js";
import { countUnreadBetween, unreadCountedTo } from "./members-sql.js";

/** Messages logged before every count is brought up to date anyway: the most one catch-up counts. */
const SETTLE_EVERY = 64;

export class UnreadCounts {
  /** The mark, as last read or written here: nothing else writes it. */
  #countedTo: number | undefined;

  constructor(private readonly sql: SqlStorage) {}

  /** The seq up to which every member's count is exact. */
  get countedTo(): number {
    this.#countedTo ??= unreadCountedTo(this.sql);
    return this.#countedTo;
  }

  /** Brings every member's count up to the latest message: before counts are read. */
  settle(upTo = lastSeq(this.sql)): void {
    if (upTo <= this.countedTo) return;
    countUnreadBetween(this.sql, this.countedTo, upTo);
    this.#countedTo = upTo;
  }

  /** A message was logged at `seq`: counted at once when the counts have fallen SETTLE_EVERY behind. */
  logged(seq: number): void {
    if (seq - this.countedTo >= SETTLE_EVERY) this.settle(seq);
  }

  /** The conversation was emptied (its mark is 0 again). */
  forget(): void {
    this.#countedTo = undefined;
  }
}

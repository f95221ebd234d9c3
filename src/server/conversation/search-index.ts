/**
 * The search index, written behind the messages: a message is logged and sent without its
 * search entry, and the entries of every message since the last write go in one statement a
 * moment later (INDEX_DELAY_MS), or at once before anything reads or rewrites the index (a
 * search, an edit, a deletion). The mark (`search_indexed`) says up to which seq entries are
 * written, so entries a restart cut short are written by the next flush. ChatRoom makes one.
 */
import { indexMessagesBetween, lastSeq, searchIndexedTo } from "./events-sql.js";

/** How long a message waits for its search entry, so a busy room writes many in one statement. */
const INDEX_DELAY_MS = 250;

export class SearchIndex {
  /** The mark, as last read or written here: nothing else writes it. */
  #indexedTo: number | undefined;
  #flushing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sql: SqlStorage) {}

  /** A message was logged: its entry is written a moment later, with the others logged meanwhile. */
  logged(): void {
    this.#flushing ??= setTimeout(() => {
      this.#flushing = undefined;
      this.flush();
    }, INDEX_DELAY_MS);
  }

  /** Writes the entries of every message logged since the mark: before the index is read or rewritten. */
  flush(): void {
    this.#indexedTo ??= searchIndexedTo(this.sql);
    const upTo = lastSeq(this.sql);
    if (upTo <= this.#indexedTo) return;
    indexMessagesBetween(this.sql, this.#indexedTo, upTo);
    this.#indexedTo = upTo;
  }

  /** The conversation was emptied (its mark is 0 again). */
  forget(): void {
    this.#indexedTo = undefined;
  }
}

/**
 * A Durable Object's tables, made with its first write rather than its first touch: an id
 * nobody created (a socket, an attachment URL, an RPC naming it) reads as empty and stores
 * nothing. Both Durable Objects keep theirs in one of these.
 */
import { migrate, type Migration } from "./migrations.js";

export class LazyTables {
  #stored: boolean;

  /** `marker` is a table the first migration makes: its presence says the object has been written. */
  constructor(
    private readonly sql: SqlStorage,
    marker: string,
    private readonly migrations: readonly Migration[],
  ) {
    this.#stored = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", marker).toArray().length > 0;
    // Objects stored by an earlier version get their newer tables and columns.
    if (this.#stored) migrate(sql, migrations);
  }

  /** Whether the tables exist: when not, there is nothing to read. */
  get stored(): boolean {
    return this.#stored;
  }

  /** The object's storage was deleted (`deleteAll`): nothing to read until a write makes the tables again. */
  forget(): void {
    this.#stored = false;
  }

  /** Makes the tables before the first write. */
  store(): void {
    if (this.#stored) return;
    migrate(this.sql, this.migrations);
    this.#stored = true;
  }
}

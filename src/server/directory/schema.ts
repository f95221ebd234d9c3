/**
 * The directory's tables in D1 (binding DIRECTORY, database `confab-directory`), as plain SQL:
 * tables-sql.ts makes them in code on first use, once per isolate, so `npm start` and every
 * test server need no migration step, as the objects' tables are made on first write; the
 * benchmark seeds a directory with the same statements.
 *
 * Why D1: one SQL database per deployment, searchable across every user (no object holds more
 * than one user's or one conversation's data), which `wrangler dev` runs offline on disk under
 * --persist-to; deployed, D1 read replication scales the reads, and only profile and
 * membership changes write.
 *
 * - users: one row per user who signed in or was registered; `sort_key` orders them by name.
 * - terms: the words each user is found by (terms.ts); searched by range on the primary key,
 *   and per user on (user_id, term) to check a search's other words.
 * - memberships: who is in which conversation now (`present`), for "shared" visibility. Each
 *   row keeps the conversation's `generation` (its createdAt: a conversation deleted and made
 *   again under its id starts its seqs over) and the `seq` of the member event that wrote it,
 *   so a late write never undoes a newer one.
 */

/** The CREATE statements, in order, each idempotent. */
export const DIRECTORY_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    avatar TEXT,
    sort_key TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS users_by_name ON users (sort_key, id)",
  `CREATE TABLE IF NOT EXISTS terms (
    term TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (term, user_id)
  ) WITHOUT ROWID`,
  "CREATE INDEX IF NOT EXISTS terms_by_user ON terms (user_id, term)",
  `CREATE TABLE IF NOT EXISTS memberships (
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    present INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
  ) WITHOUT ROWID`,
  "CREATE INDEX IF NOT EXISTS memberships_by_user ON memberships (user_id, conversation_id)",
];

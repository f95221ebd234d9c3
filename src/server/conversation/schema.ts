/**
 * The Conversation Durable Object's SQLite schema, as the ordered list of migrations that
 * builds it: meta, members, the event log, bans, blocks, link previews, mentions, the Inboxes
 * told their row is stale, the search index, the webhooks waiting to be sent, whether the
 * people directory has the members, and up to which seq unread counts and search entries are
 * written.
 */
import { addColumn, type Migration } from "../migrations.js";
import { WEBHOOK_DELIVERIES_TABLE } from "../webhooks.js";

/** Rows visible to `viewer` (every row when viewer is "": the server API sees all). */
export const VISIBLE = "(hidden_from IS NULL OR hidden_from != ?)";

/** A message row not deleted: the condition of the `live_messages` index, written alike in queries so they use it. */
export const LIVE_MESSAGE = "kind = 'message' AND json_extract(body, '$.message.deletedAt') IS NULL";

export const CONVERSATION_MIGRATIONS: readonly Migration[] = [
  {
    name: "tables",
    up(sql) {
      sql.exec(`
        ${WEBHOOK_DELIVERIES_TABLE}
        CREATE TABLE IF NOT EXISTS meta (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          body TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS members (
          user_id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          avatar TEXT,
          role TEXT NOT NULL,
          last_read_seq INTEGER NOT NULL DEFAULT 0,
          joined_at INTEGER NOT NULL,
          joined_seq INTEGER NOT NULL,
          unread INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS events (
          seq INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          message_id TEXT UNIQUE,
          sender_id TEXT,
          body TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bans (
          user_id TEXT PRIMARY KEY,
          actor_id TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS blocks (
          blocker_id TEXT NOT NULL,
          blocked_id TEXT NOT NULL,
          PRIMARY KEY (blocker_id, blocked_id)
        );
        CREATE TABLE IF NOT EXISTS link_previews (
          url TEXT PRIMARY KEY,
          body TEXT,
          fetched_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS mentions (
          user_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (user_id, seq)
        );
        CREATE INDEX IF NOT EXISTS mentions_by_seq ON mentions (seq);
        CREATE TABLE IF NOT EXISTS inbox_stale (
          user_id TEXT PRIMARY KEY
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
      `);
    },
  },
  {
    name: "members can mute",
    up: (sql) => addColumn(sql, "members", "muted", "INTEGER NOT NULL DEFAULT 0"),
  },
  {
    name: "the one member a message is not shown to: the sender's one-to-one peer who blocks them",
    up: (sql) => addColumn(sql, "events", "hidden_from", "TEXT"),
  },
  {
    name: "the message a change row is about: its state is read from the message's own row",
    up(sql) {
      addColumn(sql, "events", "subject_id", "TEXT");
      sql.exec("CREATE INDEX IF NOT EXISTS events_by_subject ON events (subject_id)");
    },
  },
  {
    name: "a deleted message's words leave the search index itself, not just its visible rows",
    up(sql) {
      if (sql.exec("SELECT 1 FROM message_search_config WHERE k = 'secure-delete'").toArray().length === 0) {
        sql.exec("INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1)");
      }
    },
  },
  {
    // Members of earlier conversations count as having opened them: their lists show them already.
    name: "who opened a one-to-one: it is in their list before it holds a message",
    up: (sql) => addColumn(sql, "members", "opened", "INTEGER NOT NULL DEFAULT 1"),
  },
  {
    name: "whether the people directory has this conversation's members: one made before it writes them once (directory-memberships.ts)",
    up(sql) {
      sql.exec("CREATE TABLE IF NOT EXISTS directory_synced (singleton INTEGER PRIMARY KEY CHECK (singleton = 1))");
      // A conversation made from now on tells the directory of each member event itself.
      if (sql.exec("SELECT 1 FROM meta").toArray().length === 0) sql.exec("INSERT OR IGNORE INTO directory_synced (singleton) VALUES (1)");
    },
  },
  {
    // Pages by number count and skip only these rows: the index alone answers, not every body.
    name: "messages not deleted, by seq, with whom each is hidden from: pages by number and their totals",
    up(sql) {
      sql.exec(`CREATE INDEX IF NOT EXISTS live_messages ON events (seq, hidden_from) WHERE ${LIVE_MESSAGE}`);
    },
  },
  {
    name: "members' unread counts are exact up to a seq, counted on from there for everyone at once (unread-counts.ts)",
    up(sql) {
      sql.exec("CREATE TABLE IF NOT EXISTS unread_counted (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), seq INTEGER NOT NULL)");
      // Counts kept message by message until now are exact up to the latest seq.
      sql.exec("INSERT OR IGNORE INTO unread_counted (singleton, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events");
    },
  },
  {
    name: "the search index holds every message up to a seq, and the ones after it are added a moment later (search-index.ts)",
    up(sql) {
      sql.exec("CREATE TABLE IF NOT EXISTS search_indexed (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), seq INTEGER NOT NULL)");
      // Every message logged until now was indexed as it came.
      sql.exec("INSERT OR IGNORE INTO search_indexed (singleton, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events");
    },
  },
];

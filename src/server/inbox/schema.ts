/**
 * The Inbox Durable Object's SQLite schema, as the ordered list of migrations that builds it:
 * one row per conversation its user belongs to, their profile (and whether the directory has it), whom they block, rows gone
 * stale, conversations with no row yet, allowances spent, files uploaded and not sent yet, and
 * what reaches them while away (their notification level, their browsers' push subscriptions,
 * the unread digests to come).
 */
import { addColumn, type Migration } from "../migrations.js";
import { WEBHOOK_DELIVERIES_TABLE } from "../webhooks.js";

export const INBOX_MIGRATIONS: readonly Migration[] = [
  {
    name: "tables",
    up(sql) {
      sql.exec(`
        CREATE TABLE IF NOT EXISTS unsent_uploads (
          conversation_id TEXT NOT NULL,
          attachment_id TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          at INTEGER NOT NULL,
          PRIMARY KEY (conversation_id, attachment_id)
        );
        CREATE TABLE IF NOT EXISTS conversations (
          id TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS profile (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          name TEXT NOT NULL,
          avatar TEXT
        );
        CREATE TABLE IF NOT EXISTS blocked (
          user_id TEXT PRIMARY KEY,
          at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS stale (
          conversation_id TEXT PRIMARY KEY
        );
        CREATE TABLE IF NOT EXISTS spent (
          kind TEXT NOT NULL,
          at INTEGER NOT NULL,
          count INTEGER NOT NULL
        );
      `);
    },
  },
  {
    name: "the host's own data about the user, set through the server API",
    up: (sql) => addColumn(sql, "profile", "metadata", "TEXT"),
  },
  {
    name: "conversations the user is in without a row yet, told of their list opening and closing all the same",
    up: (sql) => sql.exec("CREATE TABLE IF NOT EXISTS unlisted (conversation_id TEXT PRIMARY KEY)"),
  },
  {
    name: "whether the people directory holds the profile as saved here",
    up: (sql) => addColumn(sql, "profile", "listed", "INTEGER NOT NULL DEFAULT 0"),
  },
  {
    name: "the user's notification level and their browsers' push subscriptions",
    up(sql) {
      sql.exec(`
        CREATE TABLE IF NOT EXISTS notify_settings (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          level TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS push_subscriptions (
          endpoint TEXT PRIMARY KEY,
          p256dh TEXT NOT NULL,
          auth TEXT NOT NULL,
          at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    name: "unread digests: conversations with news since the user went away, the last seq each digest covered, and their webhooks (digests.ts)",
    up(sql) {
      sql.exec(`
        CREATE TABLE IF NOT EXISTS digest_pending (
          conversation_id TEXT PRIMARY KEY,
          since INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS digested (
          conversation_id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL
        );
        ${WEBHOOK_DELIVERIES_TABLE}
      `);
    },
  },
];

/** The Inbox Durable Object's SQLite schema: one row per conversation its user belongs to, and their name. */
import type { ConversationSummary } from "../protocol/index.js";

export function createInboxTables(sql: SqlStorage): void {
  sql.exec(`
    CREATE TABLE IF NOT EXISTS conversations (
      id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS profile (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      name TEXT NOT NULL
    );
  `);
}

/** The display name the user last connected with. */
export function saveDisplayName(sql: SqlStorage, name: string): void {
  sql.exec("INSERT OR REPLACE INTO profile (singleton, name) VALUES (1, ?)", name);
}

export function readDisplayName(sql: SqlStorage): string | undefined {
  return sql.exec<{ name: string }>("SELECT name FROM profile").toArray()[0]?.name;
}

export function putSummary(sql: SqlStorage, summary: ConversationSummary): void {
  sql.exec(
    "INSERT OR REPLACE INTO conversations (id, body, updated_at) VALUES (?, ?, ?)",
    summary.id,
    JSON.stringify(summary),
    summary.updatedAt,
  );
}

export function deleteSummary(sql: SqlStorage, conversationId: string): boolean {
  return sql.exec("DELETE FROM conversations WHERE id = ?", conversationId).rowsWritten > 0;
}

/** The user's conversations, most recently active first. */
export function listSummaries(sql: SqlStorage): ConversationSummary[] {
  return sql
    .exec<{ body: string }>("SELECT body FROM conversations ORDER BY updated_at DESC")
    .toArray()
    .map((row) => JSON.parse(row.body) as ConversationSummary);
}

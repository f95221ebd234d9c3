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
      name TEXT NOT NULL,
      avatar TEXT
    );
  `);
}

export interface Profile {
  name: string;
  avatar?: string;
}

/** The name and avatar the user last connected with. */
export function saveProfile(sql: SqlStorage, profile: Profile): void {
  sql.exec("INSERT OR REPLACE INTO profile (singleton, name, avatar) VALUES (1, ?, ?)", profile.name, profile.avatar ?? null);
}

export function readProfile(sql: SqlStorage): Profile | undefined {
  const [row] = sql.exec<{ name: string; avatar: string | null }>("SELECT name, avatar FROM profile").toArray();
  if (!row) return undefined;
  return row.avatar === null ? { name: row.name } : { name: row.name, avatar: row.avatar };
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

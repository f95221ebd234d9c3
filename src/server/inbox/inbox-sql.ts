/** The queries on an Inbox's tables: its user's conversation rows, profile, blocks, stale and unlisted rows. */
import type { ConversationSummary, Metadata } from "../../protocol/index.js";

export interface Profile {
  name: string;
  avatar?: string;
}

/**
 * The name and avatar the user last connected with (or the server API gave); metadata is kept.
 * A profile that changes (or is new) is not `listed` in the people directory until it is written there.
 */
export function saveProfile(sql: SqlStorage, profile: Profile): void {
  sql.exec(
    `INSERT INTO profile (singleton, name, avatar, listed) VALUES (1, ?1, ?2, 0)
     ON CONFLICT (singleton) DO UPDATE SET name = excluded.name, avatar = excluded.avatar, listed = 0
     WHERE name IS NOT excluded.name OR avatar IS NOT excluded.avatar`,
    profile.name,
    profile.avatar ?? null,
  );
}

/** Whether the directory holds the profile as saved here (written since it last changed). */
export function isListed(sql: SqlStorage): boolean {
  return sql.exec<{ listed: number }>("SELECT listed FROM profile").toArray()[0]?.listed === 1;
}

/** The directory now holds `profile`: marked so unless the profile changed again meanwhile. */
export function markListed(sql: SqlStorage, profile: Profile): void {
  sql.exec("UPDATE profile SET listed = 1 WHERE name = ? AND avatar IS ?", profile.name, profile.avatar ?? null);
}

/** The host's own data about the user, set through the server API only. */
export function saveProfileMetadata(sql: SqlStorage, metadata: Metadata | undefined): void {
  sql.exec("UPDATE profile SET metadata = ?", metadata ? JSON.stringify(metadata) : null);
}

export function readProfile(sql: SqlStorage): Profile | undefined {
  const [row] = sql.exec<{ name: string; avatar: string | null }>("SELECT name, avatar FROM profile").toArray();
  if (!row) return undefined;
  return row.avatar === null ? { name: row.name } : { name: row.name, avatar: row.avatar };
}

export function readProfileMetadata(sql: SqlStorage): Metadata | undefined {
  const [row] = sql.exec<{ metadata: string | null }>("SELECT metadata FROM profile").toArray();
  return row?.metadata ? (JSON.parse(row.metadata) as Metadata) : undefined;
}

export function putSummary(sql: SqlStorage, summary: ConversationSummary): void {
  sql.exec(
    "INSERT OR REPLACE INTO conversations (id, body, updated_at) VALUES (?, ?, ?)",
    summary.id,
    JSON.stringify(summary),
    summary.updatedAt,
  );
}

export function hasSummary(sql: SqlStorage, conversationId: string): boolean {
  return sql.exec("SELECT 1 FROM conversations WHERE id = ?", conversationId).toArray().length > 0;
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

/** The users this user blocks, oldest block first. */
export function listBlocked(sql: SqlStorage): string[] {
  return sql.exec<{ user_id: string }>("SELECT user_id FROM blocked ORDER BY at").toArray().map((row) => row.user_id);
}

export function isBlocked(sql: SqlStorage, userId: string): boolean {
  return sql.exec("SELECT 1 FROM blocked WHERE user_id = ?", userId).toArray().length > 0;
}

export function setBlocked(sql: SqlStorage, userId: string, on: boolean): void {
  if (on) sql.exec("INSERT OR IGNORE INTO blocked (user_id, at) VALUES (?, ?)", userId, Date.now());
  else sql.exec("DELETE FROM blocked WHERE user_id = ?", userId);
}

// ── stale rows ──────────────────────────────────────────────────────────────
// Conversations that changed while this user's list was closed say so once (not per change);
// their rows are fetched afresh before anyone reads the list.

export function markStale(sql: SqlStorage, conversationId: string): void {
  sql.exec("INSERT OR IGNORE INTO stale (conversation_id) VALUES (?)", conversationId);
}

export function isStale(sql: SqlStorage, conversationId: string): boolean {
  return sql.exec("SELECT 1 FROM stale WHERE conversation_id = ?", conversationId).toArray().length > 0;
}

export function listStale(sql: SqlStorage): string[] {
  return sql.exec<{ conversation_id: string }>("SELECT conversation_id FROM stale").toArray().map((row) => row.conversation_id);
}

export function clearStale(sql: SqlStorage, conversationId: string): void {
  sql.exec("DELETE FROM stale WHERE conversation_id = ?", conversationId);
}

// ── unlisted conversations ──────────────────────────────────────────────────
// One-to-ones the user is in but has no row of yet (nobody wrote to them there): no row shows,
// but the conversation still hears when the user's list opens or closes (their peer's row says so).

export function setUnlisted(sql: SqlStorage, conversationId: string, unlisted: boolean): void {
  if (unlisted) sql.exec("INSERT OR IGNORE INTO unlisted (conversation_id) VALUES (?)", conversationId);
  else sql.exec("DELETE FROM unlisted WHERE conversation_id = ?", conversationId);
}

export function listUnlisted(sql: SqlStorage): string[] {
  return sql.exec<{ conversation_id: string }>("SELECT conversation_id FROM unlisted").toArray().map((row) => row.conversation_id);
}

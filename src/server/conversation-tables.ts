/**
 * The Conversation Durable Object's SQLite schema and the queries on it: the conversation's
 * meta, its members, and the append-only event log in which every durable change gets the
 * next seq. Messages are events with a message id, so a resend is found by that id.
 */
import type {
  ConversationEvent,
  ConversationMeta,
  LinkPreview,
  Member,
  StoredMessage,
} from "../protocol/index.js";
import { createWebhookTables } from "./webhooks.js";

/** Creates the tables (and their newer columns, for conversations an earlier version stored). */
export function createConversationTables(sql: SqlStorage): void {
  createWebhookTables(sql);
  sql.exec(`
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
  // Added with moderation; older conversations get the columns here.
  addColumn(sql, "members", "muted", "INTEGER NOT NULL DEFAULT 0");
  // The one member a message is not shown to: the sender's one-to-one peer who blocks them.
  addColumn(sql, "events", "hidden_from", "TEXT");
  // The message a change row is about: its state is read from the message's own row.
  addColumn(sql, "events", "subject_id", "TEXT");
  sql.exec("CREATE INDEX IF NOT EXISTS events_by_subject ON events (subject_id)");
  // A deleted message's words leave the search index itself, not just its visible rows.
  if (sql.exec("SELECT 1 FROM message_search_config WHERE k = 'secure-delete'").toArray().length === 0) {
    sql.exec("INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1)");
  }
}

function addColumn(sql: SqlStorage, table: string, column: string, type: string): void {
  if (sql.exec(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`, column).toArray().length === 0) {
    sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

/** Rows visible to `viewer` (every row when viewer is "": the server API sees all). */
const VISIBLE = "(hidden_from IS NULL OR hidden_from != ?)";

// ── meta ────────────────────────────────────────────────────────────────────

export function readMeta(sql: SqlStorage): ConversationMeta | undefined {
  const [row] = sql.exec<{ body: string }>("SELECT body FROM meta").toArray();
  return row ? (JSON.parse(row.body) as ConversationMeta) : undefined;
}

export function writeMeta(sql: SqlStorage, meta: ConversationMeta): void {
  sql.exec("INSERT OR REPLACE INTO meta (singleton, body) VALUES (1, ?)", JSON.stringify(meta));
}

/** Empties the conversation: it no longer exists, and may be created afresh. */
export function clearConversation(sql: SqlStorage): void {
  sql.exec("DELETE FROM meta; DELETE FROM members; DELETE FROM events; DELETE FROM bans; DELETE FROM message_search; DELETE FROM link_previews; DELETE FROM mentions; DELETE FROM inbox_stale;");
}

/** Forgets the card fetched for `url`: a deleted message's link leaves no trace. */
export function forgetPreview(sql: SqlStorage, url: string): void {
  sql.exec("DELETE FROM link_previews WHERE url = ?", url);
}

// ── members ─────────────────────────────────────────────────────────────────

type MemberRow = {
  user_id: string;
  name: string;
  avatar: string | null;
  role: Member["role"];
  last_read_seq: number;
  joined_at: number;
};

function toMember(row: MemberRow): Member {
  const member: Member = { userId: row.user_id, name: row.name, role: row.role, lastReadSeq: row.last_read_seq, joinedAt: row.joined_at };
  if (row.avatar !== null) member.avatar = row.avatar;
  return member;
}

/** Members in the order they joined (by the seq of their joining, as many join at once). */
export function listMembers(sql: SqlStorage): Member[] {
  return sql.exec<MemberRow>("SELECT * FROM members ORDER BY joined_seq").toArray().map(toMember);
}

export function findMember(sql: SqlStorage, userId: string): Member | undefined {
  const [row] = sql.exec<MemberRow>("SELECT * FROM members WHERE user_id = ?", userId).toArray();
  return row ? toMember(row) : undefined;
}

/** Adds `member`, who joined with the event `joinedSeq`. */
export function insertMember(sql: SqlStorage, member: Member, joinedSeq: number): void {
  sql.exec(
    `INSERT INTO members (user_id, name, avatar, role, last_read_seq, joined_at, joined_seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    member.userId,
    member.name,
    member.avatar ?? null,
    member.role,
    member.lastReadSeq,
    member.joinedAt,
    joinedSeq,
  );
}

/** Saves a member's name, avatar, role and read position. */
export function updateMember(sql: SqlStorage, member: Member): void {
  sql.exec(
    "UPDATE members SET name = ?, avatar = ?, role = ?, last_read_seq = ? WHERE user_id = ?",
    member.name,
    member.avatar ?? null,
    member.role,
    member.lastReadSeq,
    member.userId,
  );
}

export function deleteMember(sql: SqlStorage, userId: string): void {
  sql.exec("DELETE FROM members WHERE user_id = ?", userId);
}

/**
 * Unread counts are kept per member as messages arrive, so an inbox update costs one read
 * instead of a count over the whole log per member.
 */
export function countNewMessage(sql: SqlStorage, senderId: string, hiddenFrom = ""): void {
  sql.exec("UPDATE members SET unread = unread + 1 WHERE user_id != ? AND user_id != ?", senderId, hiddenFrom);
  sql.exec("UPDATE members SET unread = 0 WHERE user_id = ?", senderId);
}

/** Takes a deleted message off the unread count of everyone who had not read it. */
export function uncountMessage(sql: SqlStorage, message: StoredMessage, hiddenFrom = ""): void {
  sql.exec(
    "UPDATE members SET unread = MAX(unread - 1, 0) WHERE user_id != ? AND user_id != ? AND last_read_seq < ?",
    message.senderId,
    hiddenFrom,
    message.seq,
  );
}

/** Sets a member's unread count after they read up to a seq. */
export function setUnread(sql: SqlStorage, userId: string, unread: number): void {
  sql.exec("UPDATE members SET unread = ? WHERE user_id = ?", unread, userId);
}

/** Every member's unread count, by user id. */
export function unreadCounts(sql: SqlStorage): Map<string, number> {
  const rows = sql.exec<{ user_id: string; unread: number }>("SELECT user_id, unread FROM members").toArray();
  return new Map(rows.map((row) => [row.user_id, row.unread]));
}

/**
 * Records whom the message at `seq` mentions for their unread counts, replacing what it
 * mentioned before (an edit); an empty list forgets it (a deletion). The message's own event
 * holds the list as sent; this table holds only those it may count for.
 */
export function setMentions(sql: SqlStorage, seq: number, userIds: readonly string[]): void {
  sql.exec("DELETE FROM mentions WHERE seq = ?", seq);
  for (const userId of userIds) sql.exec("INSERT OR IGNORE INTO mentions (user_id, seq) VALUES (?, ?)", userId, seq);
}

/** Every member's count of mentions after their read position, by user id (absent: none). */
export function unreadMentionCounts(sql: SqlStorage): Map<string, number> {
  const rows = sql
    .exec<{ user_id: string; count: number }>(
      `SELECT mentions.user_id, COUNT(*) AS count FROM mentions JOIN members ON members.user_id = mentions.user_id
       WHERE mentions.seq > members.last_read_seq GROUP BY mentions.user_id`,
    )
    .toArray();
  return new Map(rows.map((row) => [row.user_id, row.count]));
}

/** Whether each member muted the conversation, by user id: a private setting, not a member event. */
export function mutedMembers(sql: SqlStorage): Set<string> {
  return new Set(sql.exec<{ user_id: string }>("SELECT user_id FROM members WHERE muted = 1").toArray().map((row) => row.user_id));
}

export function setMuted(sql: SqlStorage, userId: string, muted: boolean): void {
  sql.exec("UPDATE members SET muted = ? WHERE user_id = ?", muted ? 1 : 0, userId);
}

// ── bans and blocks ─────────────────────────────────────────────────────────

export function isBanned(sql: SqlStorage, userId: string): boolean {
  return sql.exec("SELECT 1 FROM bans WHERE user_id = ?", userId).toArray().length > 0;
}

export function insertBan(sql: SqlStorage, userId: string, actorId: string): void {
  sql.exec("INSERT OR IGNORE INTO bans (user_id, actor_id, at) VALUES (?, ?, ?)", userId, actorId, Date.now());
}

export function deleteBan(sql: SqlStorage, userId: string): void {
  sql.exec("DELETE FROM bans WHERE user_id = ?", userId);
}

export function listBans(sql: SqlStorage): { userId: string; actorId: string; at: number }[] {
  return sql
    .exec<{ user_id: string; actor_id: string; at: number }>("SELECT * FROM bans ORDER BY at")
    .toArray()
    .map((row) => ({ userId: row.user_id, actorId: row.actor_id, at: row.at }));
}

/** Records that `blockerId` blocks (or no longer blocks) `blockedId`; kept even before the conversation exists. */
export function setBlock(sql: SqlStorage, blockerId: string, blockedId: string, on: boolean): void {
  if (on) sql.exec("INSERT OR IGNORE INTO blocks (blocker_id, blocked_id) VALUES (?, ?)", blockerId, blockedId);
  else sql.exec("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerId, blockedId);
}

export function blocks(sql: SqlStorage, blockerId: string, blockedId: string): boolean {
  return sql.exec("SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerId, blockedId).toArray().length > 0;
}

export function countMembers(sql: SqlStorage): number {
  return sql.exec<{ count: number }>("SELECT COUNT(*) AS count FROM members").one().count;
}

// ── events ──────────────────────────────────────────────────────────────────

export function lastSeq(sql: SqlStorage): number {
  return sql.exec<{ last: number | null }>("SELECT MAX(seq) AS last FROM events").one().last ?? 0;
}

/** A change to record, without the seq the log gives it. */
export type NewEvent =
  | { kind: "message"; message: Omit<StoredMessage, "seq"> }
  | Omit<Extract<ConversationEvent, { kind: "member" }>, "seq">
  | Omit<Extract<ConversationEvent, { kind: "meta" }>, "seq">
  | Omit<Extract<ConversationEvent, { kind: "change" }>, "seq">;

/**
 * Appends `change` under the next seq and returns it as logged. A change to a message is kept
 * small and once: its row names the message (whose own row holds its state) and replaces the
 * message's earlier change rows, since replaying the newest one brings a client up to date.
 * A thousand reactions toggled on a long message cost one row, not a thousand copies of it.
 */
export function appendEvent(sql: SqlStorage, change: NewEvent, hiddenFrom?: string): ConversationEvent {
  const seq = lastSeq(sql) + 1;
  const event: ConversationEvent =
    change.kind === "message" ? { kind: "message", seq, message: { ...change.message, seq } } : { ...change, seq };
  const isMessage = event.kind === "message";
  const subjectId = event.kind === "change" ? event.message.id : null;
  if (subjectId) sql.exec("DELETE FROM events WHERE subject_id = ?", subjectId);
  sql.exec(
    "INSERT INTO events (seq, kind, message_id, sender_id, body, at, hidden_from, subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    seq,
    event.kind,
    isMessage ? event.message.id : null,
    isMessage ? event.message.senderId : event.actorId,
    JSON.stringify(event.kind === "change" ? { ...event, message: { id: subjectId } } : event),
    isMessage ? event.message.createdAt : event.at,
    hiddenFrom ?? null,
    subjectId,
  );
  if (isMessage) indexMessage(sql, event.message);
  return event;
}

type EventRow = { body: string };

/** An event row's body as clients get it: a change carries its message's current state. */
const EVENT_BODY = `CASE WHEN subject_id IS NULL THEN body
  ELSE json_set(body, '$.message', json((SELECT json_extract(subject.body, '$.message') FROM events AS subject WHERE subject.message_id = events.subject_id)))
  END AS body`;
const toEvent = (row: EventRow) => JSON.parse(row.body) as ConversationEvent;

/** The member a message (and every change to it) is hidden from, if any. */
export function hiddenFromOf(sql: SqlStorage, messageId: string): string | undefined {
  const [row] = sql.exec<{ hidden_from: string | null }>("SELECT hidden_from FROM events WHERE message_id = ?", messageId).toArray();
  return row?.hidden_from ?? undefined;
}

export function findMessage(sql: SqlStorage, messageId: string): StoredMessage | undefined {
  const [row] = sql.exec<EventRow>("SELECT body FROM events WHERE message_id = ?", messageId).toArray();
  const event = row ? toEvent(row) : undefined;
  return event?.kind === "message" ? event.message : undefined;
}

/** The `limit` oldest events after seq `since` that `viewer` may see, in seq order. */
export function eventsAfter(sql: SqlStorage, since: number, limit: number, viewer = ""): ConversationEvent[] {
  return sql.exec<EventRow>(`SELECT ${EVENT_BODY} FROM events WHERE seq > ? AND ${VISIBLE} ORDER BY seq LIMIT ?`, since, viewer, limit).toArray().map(toEvent);
}

export function latestEvents(sql: SqlStorage, limit: number, viewer = ""): ConversationEvent[] {
  return sql
    .exec<EventRow>(`SELECT ${EVENT_BODY} FROM events WHERE ${VISIBLE} ORDER BY seq DESC LIMIT ?`, viewer, limit)
    .toArray()
    .reverse()
    .map(toEvent);
}

/**
 * Stores `message` as its current state, in its own event and in every earlier change to it
 * (changes read it from there): after a deletion, no copy of what it said remains.
 * `textChanged` (an edit, a deletion) re-indexes it for search.
 */
export function rewriteMessage(sql: SqlStorage, message: StoredMessage, textChanged: boolean): void {
  sql.exec("UPDATE events SET body = ? WHERE message_id = ?", JSON.stringify({ kind: "message", seq: message.seq, message }), message.id);
  if (message.deletedAt) {
    sql.exec(
      // Change rows an earlier version logged carry a whole copy of the message.
      "UPDATE events SET body = json_set(body, '$.message', json(?)) WHERE kind = 'change' AND subject_id IS NULL AND json_extract(body, '$.message.id') = ?",
      JSON.stringify(message),
      message.id,
    );
  }
  // A reaction or a card leaves the words as they were: the search index is not touched.
  if (!textChanged) return;
  unindexMessage(sql, message.seq);
  if (!message.deletedAt) indexMessage(sql, message);
}

/** The `limit` newest messages before seq `before`, in seq order. */
export function messagesBefore(sql: SqlStorage, before: number, limit: number, viewer = ""): ConversationEvent[] {
  return sql
    .exec<EventRow>(`SELECT body FROM events WHERE kind = 'message' AND seq < ? AND ${VISIBLE} ORDER BY seq DESC LIMIT ?`, before, viewer, limit)
    .toArray()
    .reverse()
    .map(toEvent);
}

/** The `limit` oldest messages after seq `after`, in seq order. */
export function messagesAfter(sql: SqlStorage, after: number, limit: number, viewer = ""): ConversationEvent[] {
  return sql
    .exec<EventRow>(`SELECT body FROM events WHERE kind = 'message' AND seq > ? AND ${VISIBLE} ORDER BY seq LIMIT ?`, after, viewer, limit)
    .toArray()
    .map(toEvent);
}

/** Whether any message lies before seq `before` (or after seq `after`). */
export function hasMessages(sql: SqlStorage, range: { before: number } | { after: number }, viewer = ""): boolean {
  const [condition, bound] = "before" in range ? ["seq < ?", range.before] : ["seq > ?", range.after];
  return sql.exec(`SELECT 1 FROM events WHERE kind = 'message' AND ${condition} AND ${VISIBLE} LIMIT 1`, bound, viewer).toArray().length > 0;
}

export function latestMessage(sql: SqlStorage, viewer = ""): StoredMessage | undefined {
  const [row] = sql.exec<EventRow>(`SELECT body FROM events WHERE kind = 'message' AND ${VISIBLE} ORDER BY seq DESC LIMIT 1`, viewer).toArray();
  const event = row ? toEvent(row) : undefined;
  return event?.kind === "message" ? event.message : undefined;
}

/** Messages from others after `afterSeq`: what `userId` has not read. */
export function countUnread(sql: SqlStorage, userId: string, afterSeq: number): number {
  return sql
    .exec<{ count: number }>(
      `SELECT COUNT(*) AS count FROM events WHERE kind = 'message' AND seq > ? AND sender_id != ? AND ${VISIBLE}`,
      afterSeq,
      userId,
      userId,
    )
    .one().count;
}

/** When the conversation last had news: changes to older messages do not count. */
export function lastEventAt(sql: SqlStorage, viewer = ""): number | undefined {
  const [row] = sql.exec<{ at: number }>(`SELECT at FROM events WHERE kind != 'change' AND ${VISIBLE} ORDER BY seq DESC LIMIT 1`, viewer).toArray();
  return row?.at;
}

// ── link previews ───────────────────────────────────────────────────────────
// Pages fetched for previews, by URL: a card for a day, a failure (body NULL) for an hour.

const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;
const NO_PREVIEW_TTL_MS = 60 * 60 * 1000;

/** The cached outcome for `url` (`preview` undefined: the page gave none), or undefined when not cached or stale. */
export function cachedPreview(sql: SqlStorage, url: string, now: number): { preview: LinkPreview | undefined } | undefined {
  const [row] = sql.exec<{ body: string | null; fetched_at: number }>("SELECT body, fetched_at FROM link_previews WHERE url = ?", url).toArray();
  if (!row || row.fetched_at <= now - (row.body === null ? NO_PREVIEW_TTL_MS : PREVIEW_TTL_MS)) return undefined;
  return { preview: row.body === null ? undefined : (JSON.parse(row.body) as LinkPreview) };
}

/** Caches the outcome for `url` and forgets outcomes too old to be used. */
export function cachePreview(sql: SqlStorage, url: string, preview: LinkPreview | undefined, now: number): void {
  sql.exec("DELETE FROM link_previews WHERE fetched_at <= ?", now - PREVIEW_TTL_MS);
  sql.exec("INSERT OR REPLACE INTO link_previews (url, body, fetched_at) VALUES (?, ?, ?)", url, preview ? JSON.stringify(preview) : null, now);
}

// ── search ──────────────────────────────────────────────────────────────────
// message_search (FTS5) holds the current text of every message not deleted, under its seq.

function indexMessage(sql: SqlStorage, message: Pick<StoredMessage, "seq" | "text">): void {
  if (message.text) sql.exec("INSERT INTO message_search (rowid, text) VALUES (?, ?)", message.seq, message.text);
}

function unindexMessage(sql: SqlStorage, seq: number): void {
  sql.exec("DELETE FROM message_search WHERE rowid = ?", seq);
}

/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error or an operator:
 * its words, each quoted (so AND, NEAR, column filters and quotes are plain words), all
 * required, the last one as a prefix. Empty when it holds no word.
 */
export function searchExpression(query: string): string {
  const words = query.match(/[\p{L}\p{N}\p{M}_]+/gu)?.slice(0, 16) ?? [];
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? " *" : ""}`).join(" ");
}

/** Messages `viewer` may see matching the FTS5 `expression`, newest first: `limit` of them, and whether more match. */
export function searchMessages(sql: SqlStorage, expression: string, limit: number, viewer: string): { events: ConversationEvent[]; hasMore: boolean } {
  const rows = sql
    .exec<EventRow>(
      `SELECT events.body FROM message_search JOIN events ON events.seq = message_search.rowid
       WHERE message_search MATCH ? AND ${VISIBLE.replaceAll("hidden_from", "events.hidden_from")}
       ORDER BY message_search.rowid DESC LIMIT ?`,
      expression,
      viewer,
      limit + 1,
    )
    .toArray();
  return { events: rows.slice(0, limit).map(toEvent), hasMore: rows.length > limit };
}

// ── inboxes told their row is stale ─────────────────────────────────────────
// A member whose list is closed is told once that this conversation changed (their Inbox then
// asks for the row when the list is next read), not sent every change.

export function staleInboxes(sql: SqlStorage): Set<string> {
  return new Set(sql.exec<{ user_id: string }>("SELECT user_id FROM inbox_stale").toArray().map((row) => row.user_id));
}

export function setInboxStale(sql: SqlStorage, userId: string, stale: boolean): void {
  if (stale) sql.exec("INSERT OR IGNORE INTO inbox_stale (user_id) VALUES (?)", userId);
  else sql.exec("DELETE FROM inbox_stale WHERE user_id = ?", userId);
}

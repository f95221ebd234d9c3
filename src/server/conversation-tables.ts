/**
 * The Conversation Durable Object's SQLite schema and the queries on it: the conversation's
 * meta, its members, and the append-only event log in which every durable change gets the
 * next seq. Messages are events with a message id, so a resend is found by that id.
 */
import type {
  ConversationEvent,
  ConversationMeta,
  Member,
  StoredMessage,
} from "../protocol/index.js";

export function createConversationTables(sql: SqlStorage): void {
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
  `);
}

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
  sql.exec("DELETE FROM meta; DELETE FROM members; DELETE FROM events;");
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
export function countNewMessage(sql: SqlStorage, senderId: string): void {
  sql.exec("UPDATE members SET unread = unread + 1 WHERE user_id != ?", senderId);
  sql.exec("UPDATE members SET unread = 0 WHERE user_id = ?", senderId);
}

/** Takes a deleted message off the unread count of everyone who had not read it. */
export function uncountMessage(sql: SqlStorage, message: StoredMessage): void {
  sql.exec(
    "UPDATE members SET unread = MAX(unread - 1, 0) WHERE user_id != ? AND last_read_seq < ?",
    message.senderId,
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

/** Appends `change` under the next seq and returns it as logged. */
export function appendEvent(sql: SqlStorage, change: NewEvent): ConversationEvent {
  const seq = lastSeq(sql) + 1;
  const event: ConversationEvent =
    change.kind === "message" ? { kind: "message", seq, message: { ...change.message, seq } } : { ...change, seq };
  const isMessage = event.kind === "message";
  sql.exec(
    "INSERT INTO events (seq, kind, message_id, sender_id, body, at) VALUES (?, ?, ?, ?, ?, ?)",
    seq,
    event.kind,
    isMessage ? event.message.id : null,
    isMessage ? event.message.senderId : event.actorId,
    JSON.stringify(event),
    isMessage ? event.message.createdAt : event.at,
  );
  return event;
}

type EventRow = { body: string };
const toEvent = (row: EventRow) => JSON.parse(row.body) as ConversationEvent;

export function findMessage(sql: SqlStorage, messageId: string): StoredMessage | undefined {
  const [row] = sql.exec<EventRow>("SELECT body FROM events WHERE message_id = ?", messageId).toArray();
  const event = row ? toEvent(row) : undefined;
  return event?.kind === "message" ? event.message : undefined;
}

/** The `limit` oldest events after seq `since`, in seq order. */
export function eventsAfter(sql: SqlStorage, since: number, limit: number): ConversationEvent[] {
  return sql.exec<EventRow>("SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", since, limit).toArray().map(toEvent);
}

export function latestEvents(sql: SqlStorage, limit: number): ConversationEvent[] {
  return sql
    .exec<EventRow>("SELECT body FROM events ORDER BY seq DESC LIMIT ?", limit)
    .toArray()
    .reverse()
    .map(toEvent);
}

/**
 * Stores `message` as its current state, in its own event and in every earlier change to it:
 * after a deletion, no copy of what it said remains.
 */
export function rewriteMessage(sql: SqlStorage, message: StoredMessage): void {
  sql.exec("UPDATE events SET body = ? WHERE message_id = ?", JSON.stringify({ kind: "message", seq: message.seq, message }), message.id);
  if (message.deletedAt) {
    sql.exec(
      "UPDATE events SET body = json_set(body, '$.message', json(?)) WHERE kind = 'change' AND json_extract(body, '$.message.id') = ?",
      JSON.stringify(message),
      message.id,
    );
  }
}

/** The `limit` newest messages before seq `before`, in seq order. */
export function messagesBefore(sql: SqlStorage, before: number, limit: number): ConversationEvent[] {
  return sql
    .exec<EventRow>("SELECT body FROM events WHERE kind = 'message' AND seq < ? ORDER BY seq DESC LIMIT ?", before, limit)
    .toArray()
    .reverse()
    .map(toEvent);
}

/** The `limit` oldest messages after seq `after`, in seq order. */
export function messagesAfter(sql: SqlStorage, after: number, limit: number): ConversationEvent[] {
  return sql.exec<EventRow>("SELECT body FROM events WHERE kind = 'message' AND seq > ? ORDER BY seq LIMIT ?", after, limit).toArray().map(toEvent);
}

/** Whether any message lies before seq `before` (or after seq `after`). */
export function hasMessages(sql: SqlStorage, range: { before: number } | { after: number }): boolean {
  const [condition, bound] = "before" in range ? ["seq < ?", range.before] : ["seq > ?", range.after];
  return sql.exec(`SELECT 1 FROM events WHERE kind = 'message' AND ${condition} LIMIT 1`, bound).toArray().length > 0;
}

export function latestMessage(sql: SqlStorage): StoredMessage | undefined {
  const [row] = sql.exec<EventRow>("SELECT body FROM events WHERE kind = 'message' ORDER BY seq DESC LIMIT 1").toArray();
  const event = row ? toEvent(row) : undefined;
  return event?.kind === "message" ? event.message : undefined;
}

/** Messages from others after `afterSeq`: what `userId` has not read. */
export function countUnread(sql: SqlStorage, userId: string, afterSeq: number): number {
  return sql
    .exec<{ count: number }>(
      "SELECT COUNT(*) AS count FROM events WHERE kind = 'message' AND seq > ? AND sender_id != ?",
      afterSeq,
      userId,
    )
    .one().count;
}

/** When the conversation last had news: changes to older messages do not count. */
export function lastEventAt(sql: SqlStorage): number | undefined {
  const [row] = sql.exec<{ at: number }>("SELECT at FROM events WHERE kind != 'change' ORDER BY seq DESC LIMIT 1").toArray();
  return row?.at;
}

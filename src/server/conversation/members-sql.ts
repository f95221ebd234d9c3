/**
 * The queries on a conversation's members: who is in it, their read positions and unread
 * counts, mentions, mutes, bans, blocks, and which Inboxes were told their row is stale.
 */
import type { Member, StoredMessage } from "../../protocol/index.js";
import { LIVE_MESSAGE } from "./schema.js";

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

/** Each member's id, in no order: cheaper than whole members where only ids are needed. */
export function memberIds(sql: SqlStorage): string[] {
  return sql.exec<{ user_id: string }>("SELECT user_id FROM members").toArray().map((row) => row.user_id);
}

/** Each member's id and the seq of the event that made them one: what the directory is told of them. */
export function memberSince(sql: SqlStorage): { userId: string; seq: number }[] {
  return sql
    .exec<{ user_id: string; joined_seq: number }>("SELECT user_id, joined_seq FROM members")
    .toArray()
    .map((row) => ({ userId: row.user_id, seq: row.joined_seq }));
}

export function findMember(sql: SqlStorage, userId: string): Member | undefined {
  const [row] = sql.exec<MemberRow>("SELECT * FROM members WHERE user_id = ?", userId).toArray();
  return row ? toMember(row) : undefined;
}

/** Adds `member`, who joined with the event `joinedSeq`; `opened`: they brought it about themselves. */
export function insertMember(sql: SqlStorage, member: Member, joinedSeq: number, opened: boolean): void {
  sql.exec(
    `INSERT INTO members (user_id, name, avatar, role, last_read_seq, joined_at, joined_seq, opened) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    member.userId,
    member.name,
    member.avatar ?? null,
    member.role,
    member.lastReadSeq,
    member.joinedAt,
    joinedSeq,
    opened ? 1 : 0,
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
 * Sending: `userId` has read up to their own message at `seq`, and nothing before it is unread
 * for them. (Their count of what comes after is counted on later, as everyone's: unread-counts.ts.)
 */
export function markSent(sql: SqlStorage, userId: string, seq: number): void {
  sql.exec("UPDATE members SET last_read_seq = ?, unread = 0 WHERE user_id = ?", seq, userId);
}

/** The seq up to which every member's unread count is exact (unread-counts.ts). */
export function unreadCountedTo(sql: SqlStorage): number {
  return sql.exec<{ seq: number }>("SELECT seq FROM unread_counted").one().seq;
}

/**
 * Adds to each member's count the messages in (`from`, `to`] they have not read: from others,
 * not hidden from them, not deleted; then their counts are exact up to `to`. One statement for
 * every member and every message since `from`, instead of a write per member per message.
 */
export function countUnreadBetween(sql: SqlStorage, from: number, to: number): void {
  sql.exec(
    `UPDATE members SET unread = unread + (
       SELECT COUNT(*) FROM events WHERE ${LIVE_MESSAGE} AND seq > MAX(members.last_read_seq, ?) AND seq <= ?
       AND sender_id != members.user_id AND (hidden_from IS NULL OR hidden_from != members.user_id)
     ) WHERE last_read_seq < ?`,
    from,
    to,
    to,
  );
  sql.exec("UPDATE unread_counted SET seq = ?", to);
}

/** Takes a deleted message off the unread count of everyone who had not read it, when it was counted (at or before `countedTo`). */
export function uncountMessage(sql: SqlStorage, message: StoredMessage, countedTo: number, hiddenFrom = ""): void {
  if (message.seq > countedTo) return;
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
  addMentions(sql, seq, userIds);
}

/** Records whom a new message at `seq` mentions: it has no rows to replace, and most mention nobody (no statement). */
export function addMentions(sql: SqlStorage, seq: number, userIds: readonly string[]): void {
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

/** The members who joined after `seq`. */
export function joinedAfter(sql: SqlStorage, seq: number): Set<string> {
  return new Set(sql.exec<{ user_id: string }>("SELECT user_id FROM members WHERE joined_seq > ?", seq).toArray().map((row) => row.user_id));
}

/** Whether each member muted the conversation, by user id: a private setting, not a member event. */
export function mutedMembers(sql: SqlStorage): Set<string> {
  return new Set(sql.exec<{ user_id: string }>("SELECT user_id FROM members WHERE muted = 1").toArray().map((row) => row.user_id));
}

/**
 * Members who opened the conversation themselves (created it, asked for it again, or wrote in
 * it): a one-to-one is in their list even while it holds no message.
 */
export function openedMembers(sql: SqlStorage): Set<string> {
  return new Set(sql.exec<{ user_id: string }>("SELECT user_id FROM members WHERE opened = 1").toArray().map((row) => row.user_id));
}

export function markOpened(sql: SqlStorage, userId: string): void {
  sql.exec("UPDATE members SET opened = 1 WHERE user_id = ? AND opened = 0", userId);
}

export function writeMuted(sql: SqlStorage, userId: string, muted: boolean): void {
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
export function writeBlock(sql: SqlStorage, blockerId: string, blockedId: string, on: boolean): void {
  if (on) sql.exec("INSERT OR IGNORE INTO blocks (blocker_id, blocked_id) VALUES (?, ?)", blockerId, blockedId);
  else sql.exec("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerId, blockedId);
}

/** Forgets every block `blockerId` holds here: they were deleted. */
export function deleteBlocksBy(sql: SqlStorage, blockerId: string): void {
  sql.exec("DELETE FROM blocks WHERE blocker_id = ?", blockerId);
}

export function blocks(sql: SqlStorage, blockerId: string, blockedId: string): boolean {
  return sql.exec("SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerId, blockedId).toArray().length > 0;
}

export function countMembers(sql: SqlStorage): number {
  return sql.exec<{ count: number }>("SELECT COUNT(*) AS count FROM members").one().count;
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

/**
 * The queries on a conversation's log: its meta, the append-only events in which every
 * durable change gets the next seq (messages are events with a message id, so a resend is
 * found by that id), the search index over them, and the link previews fetched for them.
 */
import type { ConversationEvent, ConversationMeta, LinkPreview, StoredMessage } from "../../protocol/index.js";
import { LIVE_MESSAGE, VISIBLE } from "./schema.js";

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
  sql.exec("DELETE FROM meta; DELETE FROM members; DELETE FROM events; DELETE FROM bans; DELETE FROM message_search; DELETE FROM link_previews; DELETE FROM mentions; DELETE FROM inbox_stale; UPDATE unread_counted SET seq = 0; UPDATE search_indexed SET seq = 0;");
}

/** Forgets the card fetched for `url`: a deleted message's link leaves no trace. */
export function forgetPreview(sql: SqlStorage, url: string): void {
  sql.exec("DELETE FROM link_previews WHERE url = ?", url);
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
 * A message's words are indexed for search apart, a moment later (search-index.ts).
 */
export function appendEvent(sql: SqlStorage, change: NewEvent, hiddenFrom?: string): ConversationEvent {
  const event = numbered(change, lastSeq(sql) + 1);
  const isMessage = event.kind === "message";
  const subjectId = event.kind === "change" ? event.message.id : null;
  if (subjectId) sql.exec("DELETE FROM events WHERE subject_id = ?", subjectId);
  sql.exec(
    "INSERT INTO events (seq, kind, message_id, sender_id, body, at, hidden_from, subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    event.seq,
    event.kind,
    isMessage ? event.message.id : null,
    isMessage ? event.message.senderId : event.actorId,
    JSON.stringify(event.kind === "change" ? { ...event, message: { id: subjectId } } : event),
    isMessage ? event.message.createdAt : event.at,
    hiddenFrom ?? null,
    subjectId,
  );
  return event;
}

/** `change` as the event it is under `seq`. */
export const numbered = (change: NewEvent, seq: number): ConversationEvent =>
  change.kind === "message" ? { kind: "message", seq, message: { ...change.message, seq } } : { ...change, seq };

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

/**
 * Ids of the messages from others than `readerId` that moving their read position from `after`
 * to `upTo` covers, the newest `limit` of them, in seq order: visible to them and not deleted.
 */
export function messagesRead(sql: SqlStorage, readerId: string, after: number, upTo: number, limit: number): string[] {
  return sql
    .exec<{ message_id: string }>(
      `SELECT message_id FROM events WHERE seq > ? AND seq <= ? AND kind = 'message' AND sender_id != ? AND ${VISIBLE}
       AND json_extract(body, '$.message.deletedAt') IS NULL ORDER BY seq DESC LIMIT ?`,
      after,
      upTo,
      readerId,
      readerId,
      limit,
    )
    .toArray()
    .map((row) => row.message_id)
    .reverse();
}

/**
 * The next `limit` messages `senderId` sent after seq `after` and not deleted, in seq order: a
 * deleted user's messages, erased a batch at a time. Read by seq from `after` on, so the
 * batches of one user cost one pass over the log between them.
 */
export function liveMessagesOf(sql: SqlStorage, senderId: string, after: number, limit: number): { seq: number; id: string }[] {
  return sql
    .exec<{ seq: number; message_id: string }>(
      `SELECT seq, message_id FROM events WHERE seq > ? AND kind = 'message' AND sender_id = ? AND json_extract(body, '$.message.deletedAt') IS NULL
       ORDER BY seq LIMIT ?`,
      after,
      senderId,
      limit,
    )
    .toArray()
    .map((row) => ({ seq: row.seq, id: row.message_id }));
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

/**
 * Page `page` (1: the newest) of `size` messages not deleted that `viewer` may see, in seq
 * order, and how many such messages there are: both read from the `live_messages` index.
 */
export function numberedPage(sql: SqlStorage, page: number, size: number, viewer = ""): { events: ConversationEvent[]; total: number } {
  const total = sql.exec<{ count: number }>(`SELECT COUNT(*) AS count FROM events WHERE ${LIVE_MESSAGE} AND ${VISIBLE}`, viewer).one().count;
  const events = sql
    .exec<EventRow>(`SELECT body FROM events WHERE ${LIVE_MESSAGE} AND ${VISIBLE} ORDER BY seq DESC LIMIT ? OFFSET ?`, viewer, size, (page - 1) * size)
    .toArray()
    .reverse()
    .map(toEvent);
  return { events, total };
}

/** Member and meta events `viewer` may see with seq in `[from, to)`, in seq order: the system lines among a page's messages. */
export function activityBetween(sql: SqlStorage, from: number, to: number, viewer = ""): ConversationEvent[] {
  return sql
    .exec<EventRow>(`SELECT body FROM events WHERE kind IN ('member', 'meta') AND seq >= ? AND seq < ? AND ${VISIBLE} ORDER BY seq`, from, to, viewer)
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

/** Whether a message `viewer` may see is still there (not deleted). */
export function hasLiveMessage(sql: SqlStorage, viewer = ""): boolean {
  return (
    sql.exec(`SELECT 1 FROM events WHERE kind = 'message' AND json_extract(body, '$.message.deletedAt') IS NULL AND ${VISIBLE} LIMIT 1`, viewer).toArray()
      .length > 0
  );
}

/** Messages from others after `afterSeq`, up to `upTo`, not deleted: what `userId` has not read of them. */
export function countUnread(sql: SqlStorage, userId: string, afterSeq: number, upTo: number): number {
  return sql
    .exec<{ count: number }>(
      `SELECT COUNT(*) AS count FROM events WHERE ${LIVE_MESSAGE} AND seq > ? AND seq <= ? AND sender_id != ? AND ${VISIBLE}`,
      afterSeq,
      upTo,
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

/** The seq up to which every message's words are in the search index (search-index.ts). */
export function searchIndexedTo(sql: SqlStorage): number {
  return sql.exec<{ seq: number }>("SELECT seq FROM search_indexed").one().seq;
}

/** Adds the words of every message in (`from`, `to`] not deleted to the search index, in one statement, and moves the mark to `to`. */
export function indexMessagesBetween(sql: SqlStorage, from: number, to: number): void {
  sql.exec(
    `INSERT INTO message_search (rowid, text) SELECT seq, json_extract(body, '$.message.text') FROM events
     WHERE ${LIVE_MESSAGE} AND seq > ? AND seq <= ? AND COALESCE(json_extract(body, '$.message.text'), '') != ''`,
    from,
    to,
  );
  sql.exec("UPDATE search_indexed SET seq = ?", to);
}

/** Adds a message's words to the search index, under its seq. */
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

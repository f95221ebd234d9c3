/**
 * Handlers for what a member reads of the past: the welcome that catches a socket up, pages of
 * older or newer messages, and search. The server API reads pages and searches through them too.
 */
import {
  LIMITS,
  failure,
  type ConversationEvent,
  type Failure,
  type HelloFrame,
  type Member,
  type SearchFrame,
  type StoredMessage,
  type WelcomeFrame,
} from "../../protocol/index.js";
import type { Handled } from "../room.js";
import type { ChatRoom } from "./chat-room.js";
import { activityBetween, eventsAfter, hasMessages, lastSeq, latestEvents, messagesAfter, messagesBefore, numberedPage, searchExpression, searchMessages } from "./events-sql.js";
import { listMembers } from "./members-sql.js";

/** A page of history: the `limit` oldest after `after`, or else the `limit` newest before `before`. */
export interface PageRequest {
  before?: number;
  after?: number;
  limit: number;
  /** Also the member and meta events the page's messages span (to the end when none remain). */
  activity?: boolean;
  /** A page by number instead (1: the newest), of messages not deleted. */
  page?: number;
}

type Page = { events: ConversationEvent[]; hasMore: boolean; totalMessages?: number };

export const messagesOf = (events: ConversationEvent[]): StoredMessage[] =>
  events.flatMap((event) => (event.kind === "message" ? [event.message] : []));

/** The welcome to a member's socket: meta, members, where everyone is, and what it missed. */
export async function welcome(room: ChatRoom, member: Member, hello: HelloFrame): Promise<Handled> {
  await room.inboxes.askWhoseListIsOpen();
  const members = listMembers(room.db);
  const answer: WelcomeFrame = {
    type: "welcome",
    conversationId: room.name,
    userId: member.userId,
    meta: room.meta()!,
    members,
    ...catchUp(room, hello.since, member.userId),
    online: members.filter((other) => room.isOnline(other.userId)).map((other) => other.userId),
    here: members.filter((other) => room.isHere(other.userId)).map((other) => other.userId),
  };
  return { ok: true, answer };
}

/** What a client holding everything up to `since` is missing, bounded by the replay limit. */
function catchUp(room: ChatRoom, since: number | undefined, viewer: string): Pick<WelcomeFrame, "lastSeq" | "events" | "reset"> {
  const last = lastSeq(room.db);
  // Counted in events, not seqs: a message's earlier changes are folded into its newest.
  const missed = since !== undefined && since <= last ? eventsAfter(room.db, since, LIMITS.replayLimit + 1, viewer) : undefined;
  if (missed && missed.length <= LIMITS.replayLimit) return { lastSeq: last, events: missed, reset: false };
  return { lastSeq: last, events: latestEvents(room.db, LIMITS.latestPageSize, viewer), reset: since !== undefined };
}

/**
 * A page of messages older or newer than a seq, as `viewer` sees them; with `activity`, the
 * member and meta events between them too (up to the end the page reaches when no message
 * remains beyond it), so system lines page in with the messages they sit among.
 */
export function historyPage(room: ChatRoom, request: PageRequest, viewer = ""): Page {
  const { db } = room;
  if (request.page !== undefined) {
    const { events, total } = numberedPage(db, request.page, request.limit, viewer);
    return { events, hasMore: request.page * request.limit < total, totalMessages: total };
  }
  if (request.after !== undefined) {
    const messages = messagesAfter(db, request.after, request.limit, viewer);
    const after = messages.at(-1)?.seq ?? request.after;
    const hasMore = hasMessages(db, { after }, viewer);
    const events = request.activity ? withActivity(room, messages, request.after + 1, hasMore ? after + 1 : Infinity, viewer) : messages;
    return { events, hasMore };
  }
  const end = request.before ?? lastSeq(db) + 1;
  const messages = messagesBefore(db, end, request.limit, viewer);
  const before = messages[0]?.seq ?? request.before ?? 0;
  const hasMore = hasMessages(db, { before }, viewer);
  const events = request.activity ? withActivity(room, messages, hasMore ? before : 0, end, viewer) : messages;
  return { events, hasMore };
}

/** `messages` with the member and meta events of seq `[from, to)` among them, in seq order. */
function withActivity(room: ChatRoom, messages: ConversationEvent[], from: number, to: number, viewer: string): ConversationEvent[] {
  const activity = activityBetween(room.db, from, Math.min(to, lastSeq(room.db) + 1), viewer);
  return [...messages, ...activity].sort((a, b) => a.seq - b.seq);
}

/** Messages `viewer` may see whose text has every word of `query` (the last as a prefix), newest first. */
export function search(room: ChatRoom, query: string, limit: number, viewer: string): ({ ok: true } & Page) | Failure {
  const expression = searchExpression(query);
  if (!expression) return failure("bad_frame", "query: a search needs at least one word (letters or digits)");
  room.searchIndex.flush();
  return { ok: true, ...searchMessages(room.db, expression, limit, viewer) };
}

/** A member's search, answered with a page. */
export function searchFor(room: ChatRoom, member: Member, request: SearchFrame): Handled {
  const found = search(room, request.query, request.limit ?? LIMITS.searchResults, member.userId);
  return found.ok ? { ok: true, answer: { type: "page", ref: request.ref, events: found.events, hasMore: found.hasMore } } : found;
}

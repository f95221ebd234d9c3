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
import { eventsAfter, hasMessages, lastSeq, latestEvents, messagesAfter, messagesBefore, searchExpression, searchMessages } from "./events-sql.js";
import { listMembers } from "./members-sql.js";

/** A page of history: the `limit` oldest after `after`, or else the `limit` newest before `before`. */
export interface PageRequest {
  before?: number;
  after?: number;
  limit: number;
}

type Page = { events: ConversationEvent[]; hasMore: boolean };

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
    here: members.filter((other) => room.sockets.socketsOf(other.userId).length > 0).map((other) => other.userId),
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

/** A page of messages (only: other events are in the welcome), older or newer than a seq, as `viewer` sees them. */
export function historyPage(room: ChatRoom, request: PageRequest, viewer = ""): Page {
  const { db } = room;
  if (request.after !== undefined) {
    const events = messagesAfter(db, request.after, request.limit, viewer);
    const after = events.at(-1)?.seq ?? request.after;
    return { events, hasMore: hasMessages(db, { after }, viewer) };
  }
  const events = messagesBefore(db, request.before ?? lastSeq(db) + 1, request.limit, viewer);
  const before = events[0]?.seq ?? request.before ?? 0;
  return { events, hasMore: hasMessages(db, { before }, viewer) };
}

/** Messages `viewer` may see whose text has every word of `query` (the last as a prefix), newest first. */
export function search(room: ChatRoom, query: string, limit: number, viewer: string): ({ ok: true } & Page) | Failure {
  const expression = searchExpression(query);
  if (!expression) return failure("bad_frame", "query: a search needs at least one word (letters or digits)");
  return { ok: true, ...searchMessages(room.db, expression, limit, viewer) };
}

/** A member's search, answered with a page. */
export function searchFor(room: ChatRoom, member: Member, request: SearchFrame): Handled {
  const found = search(room, request.query, request.limit ?? LIMITS.searchResults, member.userId);
  return found.ok ? { ok: true, answer: { type: "page", ref: request.ref, events: found.events, hasMore: found.hasMore } } : found;
}

/** Reads a conversation's stored messages from the server a page at a time, beyond what it holds. */
import { LIMITS, type ServerFrame } from "../protocol/index.js";
import type { ConversationRequest } from "./conversation-lifetime.js";
import { mergeActivity, type Activity } from "./conversation-reducer.js";
import { fromStored, type ChatMessage } from "./message-order.js";

/** One page of messages from `getMessages`: `nextPage` goes back in time, `prevPage` forward. */
export interface MessagePage {
  data: ChatMessage[];
  hasNext: boolean;
  hasPrev: boolean;
  nextPage(): Promise<MessagePage>;
  prevPage(): Promise<MessagePage>;
}

/** A page of `getMessages({ page })`: page 1 holds the newest; deleted messages are not counted. */
export interface NumberedPage extends MessagePage {
  page: number;
  totalMessages: number;
  totalPages: number;
  nextPage(): Promise<NumberedPage>;
  prevPage(): Promise<NumberedPage>;
}

/** Sends a request with a fresh ref to the conversation `id` and resolves with the answer. */
export type SendRequest = ((request: ConversationRequest) => Promise<ServerFrame>) & { id: string };

/** The messages a `page` answer holds; nothing for any other answer. */
export function pageMessages(answer: ServerFrame, conversationId: string): ChatMessage[] {
  return answer.type === "page" ? answer.events.flatMap((event) => (event.kind === "message" ? [fromStored(event.message, conversationId)] : [])) : [];
}

/** A page of stored messages older than `before` or newer than `after`; `activity` also asks for the member and meta events among them. */
export async function readPage(request: SendRequest, range: { before?: number; after?: number }, limit: number, activity = false) {
  const conversationId = request.id;
  const answer = await request({ type: "history", ...range, limit: Math.min(limit, LIMITS.historyPageSize), ...(activity ? { activity } : {}) });
  const events: Activity[] = answer.type === "page" ? mergeActivity([], answer.events) : [];
  return { messages: pageMessages(answer, conversationId), activity: events, hasMore: answer.type === "page" && answer.hasMore };
}

/** `data` as a page of `getMessages`, reading its neighbours on demand. */
export function messagePage(request: SendRequest, data: ChatMessage[], hasNext: boolean, hasPrev: boolean, pageSize: number): MessagePage {
  return {
    data,
    hasNext,
    hasPrev,
    async nextPage() {
      const older = await readPage(request, { before: data[0]?.seq ?? 0 }, pageSize);
      return messagePage(request, older.messages, older.hasMore, true, pageSize);
    },
    async prevPage() {
      const newer = await readPage(request, { after: data.at(-1)?.seq ?? 0 }, pageSize);
      return messagePage(request, newer.messages, true, newer.hasMore, pageSize);
    },
  };
}

/** Page `page` of `pageSize` (at most 100) messages not deleted, counted from the newest. */
export async function numberedPage(request: SendRequest, page: number, pageSize: number): Promise<NumberedPage> {
  const limit = Math.min(pageSize, LIMITS.historyPageSize);
  const answer = await request({ type: "history", page, limit });
  const totalMessages = (answer.type === "page" && answer.totalMessages) || 0;
  const totalPages = Math.ceil(totalMessages / limit);
  return {
    data: pageMessages(answer, request.id),
    page,
    totalMessages,
    totalPages,
    hasNext: page < totalPages,
    hasPrev: page > 1,
    nextPage: () => numberedPage(request, page + 1, limit),
    prevPage: () => numberedPage(request, Math.max(1, page - 1), limit),
  };
}

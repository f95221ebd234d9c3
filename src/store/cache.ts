/**
 * The widget's IndexedDB cache (idb-keyval): the conversation list, and per conversation its
 * meta, members, latest messages, last seq and outbox (messages not yet acknowledged). One
 * database per user and server, so two users of one browser never see each other's data.
 */
import { clear, createStore, del, get, set, type UseStore } from "idb-keyval";
import type { ConversationMeta, ConversationSummary, Member } from "../protocol/index.js";
import type { ChangeFrame } from "./conversation.js";
import type { ChatMessage } from "./message-order.js";

/** Stored messages kept per conversation; pending ones are always kept. */
export const CACHED_MESSAGES = 200;

export interface ConversationSnapshot {
  meta: ConversationMeta | null;
  members: Member[];
  /** The latest stored messages, then every message not yet acknowledged. */
  messages: ChatMessage[];
  lastSeq: number | undefined;
  /** Edits, deletions and reactions the server has not answered yet, in order. */
  changes?: ChangeFrame[];
}

export interface ChatCache {
  loadList(): Promise<ConversationSummary[] | undefined>;
  saveList(list: ConversationSummary[]): void;
  loadConversation(conversationId: string): Promise<ConversationSnapshot | undefined>;
  saveConversation(conversationId: string, snapshot: ConversationSnapshot): void;
  forgetConversation(conversationId: string): void;
  /** Deletes everything this cache holds. */
  clear(): Promise<void>;
}

/** Keeps the newest CACHED_MESSAGES stored messages and all pending ones. */
export function trimForCache(messages: readonly ChatMessage[]): ChatMessage[] {
  const stored = messages.filter((message) => message.seq !== null);
  const unsent = messages.filter((message) => message.seq === null);
  return [...stored.slice(-CACHED_MESSAGES), ...unsent];
}

function warnOnFailure(promise: Promise<unknown>): void {
  promise.catch((error: unknown) => console.warn("confab: could not write the offline cache", error));
}

/** The cache for `userId` on `host`, or null where IndexedDB is missing (Node, some private modes). */
export function openCache(host: string, userId: string): ChatCache | null {
  if (typeof indexedDB === "undefined") return null;
  const store: UseStore = createStore(`confab:${host}:${userId}`, "cache");
  const read = <T>(key: string) => get<T>(key, store).catch(() => undefined);
  return {
    loadList: () => read<ConversationSummary[]>("conversations"),
    saveList: (list) => warnOnFailure(set("conversations", list, store)),
    loadConversation: (conversationId) => read<ConversationSnapshot>(`conversation:${conversationId}`),
    saveConversation: (conversationId, snapshot) =>
      warnOnFailure(set(`conversation:${conversationId}`, { ...snapshot, messages: trimForCache(snapshot.messages) }, store)),
    forgetConversation: (conversationId) => warnOnFailure(del(`conversation:${conversationId}`, store)),
    clear: () => clear(store),
  };
}

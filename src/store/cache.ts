/**
 * The widget's IndexedDB cache (idb-keyval): the conversation list, and per conversation its
 * meta, members, latest messages and last seq, and apart from them its outbox (messages not
 * yet acknowledged, changes not yet answered). One database per user and server, so two users
 * of one browser never see each other's data; tabs of one user share it.
 */
import { clear, createStore, del, get, set, update, type UseStore } from "idb-keyval";
import type { ConversationMeta, ConversationSummary, Member } from "../protocol/index.js";
import type { Activity, ChangeFrame } from "./conversation-reducer.js";
import type { ChatMessage } from "./message-order.js";

/** Stored messages kept per conversation. */
export const CACHED_MESSAGES = 200;

export interface ConversationSnapshot {
  meta: ConversationMeta | null;
  members: Member[];
  /** The latest stored messages. */
  messages: ChatMessage[];
  /** The member and meta events among them (system lines); missing in snapshots of older versions. */
  activity?: Activity[];
  lastSeq: number | undefined;
}

/**
 * What a conversation's tabs still have to send, entry by entry: each tab adds and takes out
 * its own in one transaction, so one tab's snapshot never overwrites another's unsent work.
 */
export interface Outbox {
  /** Messages not yet acknowledged (pending or refused), by id, in the order written. */
  messages: Record<string, ChatMessage>;
  /** Edits, deletions and reactions not yet answered, by ref, in the order made. */
  changes: Record<string, ChangeFrame>;
}

export type OutboxEntry = { message: ChatMessage } | { change: ChangeFrame };

export interface ChatCache {
  loadList(): Promise<ConversationSummary[] | undefined>;
  saveList(list: ConversationSummary[]): void;
  loadConversation(conversationId: string): Promise<ConversationSnapshot | undefined>;
  saveConversation(conversationId: string, snapshot: ConversationSnapshot): void;
  loadOutbox(conversationId: string): Promise<Outbox | undefined>;
  /** Adds or replaces an entry of the outbox. */
  putInOutbox(conversationId: string, entry: OutboxEntry): void;
  /** Takes the message `id`, or the change with ref `id`, out of the outbox. */
  takeFromOutbox(conversationId: string, id: string): void;
  forgetConversation(conversationId: string): void;
  /** Deletes everything this cache holds. */
  clear(): Promise<void>;
}

/** The newest CACHED_MESSAGES stored messages: unsent ones live in the outbox. */
export function trimForCache(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((message) => message.seq !== null).slice(-CACHED_MESSAGES);
}

/** The member and meta events after the oldest of `messages` kept, which they sit among. */
export const trimActivityForCache = (activity: readonly Activity[] = [], messages: readonly ChatMessage[]): Activity[] =>
  activity.filter((event) => event.seq > (messages[0]?.seq ?? 0));

const emptyOutbox = (): Outbox => ({ messages: {}, changes: {} });

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
    saveConversation: (conversationId, snapshot) => {
      const messages = trimForCache(snapshot.messages);
      warnOnFailure(set(`conversation:${conversationId}`, { ...snapshot, messages, activity: trimActivityForCache(snapshot.activity, messages) }, store));
    },
    loadOutbox: (conversationId) => read<Outbox>(`outbox:${conversationId}`),
    putInOutbox: (conversationId, entry) =>
      warnOnFailure(
        update<Outbox>(
          `outbox:${conversationId}`,
          (outbox = emptyOutbox()) =>
            "message" in entry
              ? { ...outbox, messages: { ...outbox.messages, [entry.message.id]: entry.message } }
              : { ...outbox, changes: { ...outbox.changes, [entry.change.ref]: entry.change } },
          store,
        ),
      ),
    takeFromOutbox: (conversationId, id) =>
      warnOnFailure(
        update<Outbox>(
          `outbox:${conversationId}`,
          ({ messages, changes } = emptyOutbox()) => {
            const { [id]: _message, ...otherMessages } = messages;
            const { [id]: _change, ...otherChanges } = changes;
            return { messages: otherMessages, changes: otherChanges };
          },
          store,
        ),
      ),
    forgetConversation: (conversationId) => {
      warnOnFailure(del(`conversation:${conversationId}`, store));
      warnOnFailure(del(`outbox:${conversationId}`, store));
    },
    clear: () => clear(store),
  };
}

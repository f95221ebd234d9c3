/**
 * Pure rules for a conversation's message list: stored messages ordered by seq, each id once,
 * then the sender's pending messages in the order they were written.
 */
import type { ErrorCode, StoredMessage } from "../protocol/index.js";

export type DeliveryStatus = "pending" | "sent" | "failed";

/** "system" for a line the host's backend posted as the conversation itself (`system: true`), "user" for a member's. */
export type MessageType = "user" | "system";

export interface ChatMessage extends Omit<StoredMessage, "seq"> {
  /** The conversation it belongs to. */
  conversationId: string;
  type: MessageType;
  /** Null until the server stored it. */
  seq: number | null;
  status: DeliveryStatus;
  /** Why a failed message was refused, as the server worded it. */
  error?: string;
  /** The code of that refusal, for showing it in the reader's language. */
  errorCode?: ErrorCode;
}

/** `message` naming `conversationId` and its type (a cached copy may predate them). */
export function ofConversation<T extends { system?: boolean }>(message: T, conversationId: string): T & Pick<ChatMessage, "conversationId" | "type"> {
  return { ...message, conversationId, type: message.system ? "system" : "user" };
}

export function fromStored(message: StoredMessage, conversationId: string): ChatMessage {
  return { ...ofConversation(message, conversationId), status: "sent" };
}

function bySeqThenPending(a: ChatMessage, b: ChatMessage): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.createdAt - b.createdAt;
}

/** `current` with `incoming` merged in, each id once: an incoming copy replaces the current one. */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(bySeqThenPending);
}

/** `current` with `stored` merged in: a stored copy replaces a pending one with the same id. */
export function mergeStored(current: readonly ChatMessage[], stored: readonly StoredMessage[], conversationId: string): ChatMessage[] {
  return mergeMessages(current, stored.map((message) => fromStored(message, conversationId)));
}

/** `current` with each message that `changed` holds a newer state of replaced; others are not added. */
export function applyChanges(current: readonly ChatMessage[], changed: readonly StoredMessage[], conversationId: string): ChatMessage[] {
  const byId = new Map(changed.map((message) => [message.id, message]));
  return current.map((message) => {
    const newer = byId.get(message.id);
    return newer ? fromStored(newer, conversationId) : message;
  });
}

/**
 * `current` with one stored `message` in its place, replacing a copy with its id. A live event
 * or ack is newer than every stored message (which could hold its id only at its own seq), so
 * it goes between the stored ones and the pending tail without sorting the whole list: a busy
 * conversation brings one per frame.
 */
export function placeStored(current: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  let pendingFrom = current.length;
  while (pendingFrom > 0 && current[pendingFrom - 1]!.seq === null) pendingFrom--;
  const newestSeq = current[pendingFrom - 1]?.seq ?? 0;
  if (message.seq === null || message.seq <= newestSeq) return mergeMessages(current, [message]);
  const placed = current.slice(0, pendingFrom);
  placed.push(message);
  for (const pending of current.slice(pendingFrom)) if (pending.id !== message.id) placed.push(pending);
  return placed;
}

/** Keeps only what the server has not stored yet, for when the server sent a fresh page. */
export function unsentOnly(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((message) => message.seq === null);
}

/**
 * Pure rules for a conversation's message list: stored messages ordered by seq, each id once,
 * then the sender's pending messages in the order they were written.
 */
import type { Attachment, Metadata, StoredMessage } from "../protocol/index.js";

export type DeliveryStatus = "pending" | "sent" | "failed";

export interface ChatMessage {
  id: string;
  /** Null until the server stored it. */
  seq: number | null;
  senderId: string;
  senderName: string;
  text: string;
  metadata?: Metadata;
  attachments?: Attachment[];
  createdAt: number;
  status: DeliveryStatus;
  /** Why a failed message was refused. */
  error?: string;
}

export function fromStored(message: StoredMessage): ChatMessage {
  return { ...message, status: "sent" };
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
export function mergeStored(current: readonly ChatMessage[], stored: readonly StoredMessage[]): ChatMessage[] {
  return mergeMessages(current, stored.map(fromStored));
}

/** Keeps only what the server has not stored yet, for when the server sent a fresh page. */
export function unsentOnly(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((message) => message.seq === null);
}

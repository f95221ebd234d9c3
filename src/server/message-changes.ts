/**
 * The rules for changing a stored message — editing, deleting, reacting — as pure functions
 * from the message as it stands to its next state, or the reason the change is refused.
 */
import { LIMITS, type EditFrame, type Member, type StoredMessage } from "../protocol/index.js";
import type { Outcome } from "./conversation.js";

export type Change = { ok: true; message: StoredMessage } | Extract<Outcome, { ok: false }>;

const refused = (code: "forbidden" | "not_found", message: string): Change => ({ ok: false, code, message });

const canModerate = (member: Member) => member.role === "owner" || member.role === "admin";

export function edit(message: StoredMessage, actor: Member, request: EditFrame, at: number): Change {
  if (message.deletedAt) return refused("not_found", "this message was deleted");
  if (message.senderId !== actor.userId) return refused("forbidden", "only its sender may edit a message");
  const metadata = request.metadata ?? message.metadata;
  return { ok: true, message: { ...message, text: request.text, ...(metadata ? { metadata } : {}), editedAt: at } };
}

/** What remains of a deleted message: who sent it and when, and nothing they wrote. */
export function remove(message: StoredMessage, actor: Member, at: number): Change {
  if (message.senderId !== actor.userId && !canModerate(actor)) {
    return refused("forbidden", "only its sender, an owner or an admin may delete a message");
  }
  const { id, seq, senderId, senderName, createdAt, replyTo } = message;
  return { ok: true, message: { id, seq, senderId, senderName, text: "", createdAt, ...(replyTo ? { replyTo } : {}), deletedAt: at } };
}

export function react(message: StoredMessage, userId: string, emoji: string, on: boolean): Change {
  if (message.deletedAt) return refused("not_found", "this message was deleted");
  const reactions = { ...message.reactions };
  const others = (reactions[emoji] ?? []).filter((reactor) => reactor !== userId);
  if (on && !(emoji in reactions) && Object.keys(reactions).length >= LIMITS.reactionsPerMessage) {
    return refused("forbidden", `a message has at most ${LIMITS.reactionsPerMessage} different reactions`);
  }
  if (on) reactions[emoji] = [...others, userId];
  else if (others.length > 0) reactions[emoji] = others;
  else delete reactions[emoji];
  const { reactions: _old, ...rest } = message;
  return { ok: true, message: Object.keys(reactions).length > 0 ? { ...rest, reactions } : rest };
}

/** Whether `change` leaves the message as it was, so nothing need be logged. */
export const unchanged = (before: StoredMessage, after: StoredMessage) => JSON.stringify(before) === JSON.stringify(after);

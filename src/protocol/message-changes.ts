/**
 * The rules for changing a stored message — editing, deleting, reacting — as pure functions
 * from the message as it stands to its next state, or the reason the change is refused. A rule
 * that finds nothing to do gives back the very message it was handed, so nothing is logged.
 * The server enforces them; the widget applies them at once, before the server's answer.
 */
import { failure, type Failure } from "./answers.js";
import type { EditFrame } from "./conversation-frames.js";
import type { LinkPreview, Member, StoredMessage } from "./values.js";
import { LIMITS } from "./limits.js";
import { firstLink } from "./markdown.js";
import { canModerate } from "./permissions.js";

export type Change = { ok: true; message: StoredMessage } | Failure;

export function edit(message: StoredMessage, actor: Member, request: Omit<EditFrame, "type" | "ref">, at: number): Change {
  if (message.deletedAt) return failure("not_found", "this message was deleted");
  if (message.senderId !== actor.userId) return failure("forbidden", "only its sender may edit a message");
  if (request.text === undefined && !request.metadata && !request.attachments) {
    return failure("bad_frame", "an edit changes the text, the metadata or the attachments: give at least one");
  }
  const text = request.text ?? message.text;
  const attachments = request.attachments ?? message.attachments;
  if (!text.trim() && !attachments?.length) return failure("bad_frame", "a message needs text or attachments");
  const metadata = request.metadata ?? message.metadata;
  // The card stays while the first link does; another link gets its own card later.
  // Mentions follow the text: the server has already kept only those it names.
  const { preview, mentions: _before, attachments: _files, ...rest } = message;
  const kept = preview && firstLink(text) === preview.url ? { preview } : {};
  const mentions = request.mentions ?? message.mentions;
  return {
    ok: true,
    message: {
      ...rest,
      text,
      ...(metadata ? { metadata } : {}),
      ...(attachments?.length ? { attachments } : {}),
      ...(mentions?.length ? { mentions } : {}),
      ...kept,
      editedAt: at,
    },
  };
}

/** What remains of a deleted message: who sent it and when, and nothing they wrote. */
export function remove(message: StoredMessage, actor: Member, at: number): Change {
  // Asked before the already-deleted case, so nobody learns more by deleting twice.
  if (message.senderId !== actor.userId && !canModerate(actor.role)) {
    return failure("forbidden", "only its sender, an owner or an admin may delete a message");
  }
  if (message.deletedAt) return { ok: true, message };
  const { id, seq, senderId, senderName, createdAt, replyTo } = message;
  return { ok: true, message: { id, seq, senderId, senderName, text: "", createdAt, ...(replyTo ? { replyTo } : {}), deletedAt: at } };
}

/**
 * Adds or takes back `userId`'s `emoji`. Reactors keep the order they first reacted in, and
 * emoji the order they first appeared in, so a repeated reaction changes nothing.
 */
export function react(message: StoredMessage, userId: string, emoji: string, on: boolean): Change {
  if (message.deletedAt) return failure("not_found", "this message was deleted");
  const reactors = message.reactions?.[emoji] ?? [];
  if (reactors.includes(userId) === on) return { ok: true, message };
  const reactions = { ...message.reactions };
  if (on && reactors.length === 0 && Object.keys(reactions).length >= LIMITS.reactionsPerMessage) {
    return failure("forbidden", `a message has at most ${LIMITS.reactionsPerMessage} different reactions`);
  }
  const remaining = on ? [...reactors, userId] : reactors.filter((reactor) => reactor !== userId);
  if (remaining.length > 0) reactions[emoji] = remaining;
  else delete reactions[emoji];
  const { reactions: _before, ...rest } = message;
  return { ok: true, message: Object.keys(reactions).length > 0 ? { ...rest, reactions } : rest };
}

/**
 * Gives a message the card of its first link. Nothing to do when it was deleted, or edited to
 * another first link, while the page was fetched, or already shows this very card.
 */
export function attachPreview(message: StoredMessage, preview: LinkPreview): Change {
  if (message.deletedAt || firstLink(message.text) !== preview.url) return { ok: true, message };
  if (JSON.stringify(message.preview) === JSON.stringify(preview)) return { ok: true, message };
  return { ok: true, message: { ...message, preview } };
}

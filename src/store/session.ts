/**
 * A chat session (ChatKitty's `startChatSession`): one call binds a handler to every event of a
 * conversation, resolves once the server has welcomed it, and `end()` unbinds them all.
 */
import type { ConversationMeta, Member } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";
import type { ConnectionStatus } from "../transport/room-socket.js";
import type { ConversationHandle, OwnedConversation } from "./conversation.js";
import type { ChatMessage } from "./message-order.js";
import { settledBy } from "./settled.js";
import type { Typist } from "./typing.js";

export interface SessionOptions {
  conversationId: string;
  /** A message added: sent by anyone (one's own as soon as it shows pending), or loaded by `fetchMessages`. */
  onMessage?(message: ChatMessage): void;
  /** A message changed: acknowledged, failed, edited, reacted to. */
  onMessageUpdated?(message: ChatMessage): void;
  /** A message deleted: its tombstone (who sent it and when). */
  onMessageDeleted?(message: ChatMessage): void;
  /** Someone joined or was added. */
  onMemberJoined?(member: Member): void;
  /** A member's role, name, avatar or read position changed. */
  onMemberUpdated?(member: Member): void;
  /** Someone left, or was removed or banned. */
  onMemberLeft?(member: Member): void;
  /** Another member read a message from someone else: `on("read")`, one call per message. */
  onRead?(read: { userId: string; messageId: string; readAt: number }): void;
  /** The title, avatar, metadata or joinability changed. */
  onConversationUpdated?(meta: ConversationMeta): void;
  /** A member came online or went offline, or opened or closed this conversation. */
  onPresence?(presence: { userId: string; online: boolean; here: boolean }): void;
  /** A member's live typing text, where the conversation allows it (`liveTyping`); empty text: cleared. */
  onKeystrokes?(keystrokes: { userId: string; text: string }): void;
  /** Who else is typing now, in the order they started (empty when nobody is). */
  onTyping?(typists: readonly Typist[]): void;
  /** How long to wait for the server's welcome; default 15 s. */
  timeoutMs?: number;
}

export interface ChatSession {
  /** Unbinds every handler and lets the conversation's socket close if nothing else holds it. */
  end(): void;
}

/** Binds `options`' handlers to `handle`, and resolves once it is live or rejects with why not. */
export function startSession(handle: OwnedConversation, options: SessionOptions): Promise<{ session: ChatSession; conversation: ConversationHandle }> {
  const { onMessage, onMessageUpdated, onMessageDeleted, onMemberJoined, onMemberUpdated, onMemberLeft, timeoutMs = 15_000 } = options;
  const stops = [
    handle.on("message", (message, op) => [onMessageDeleted, onMessageUpdated, onMessage][op + 1]?.(message)),
    handle.on("member", (member, op) => [onMemberLeft, onMemberUpdated, onMemberJoined][op + 1]?.(member)),
    handle.on("conversation", (meta) => options.onConversationUpdated?.(meta)),
    handle.on("presence", (presence) => options.onPresence?.(presence)),
    handle.on("keystrokes", (keystrokes) => options.onKeystrokes?.(keystrokes)),
    handle.typing.listen((typists) => options.onTyping?.(typists)),
    handle.on("read", (read) => options.onRead?.(read)),
  ];
  const session = { end: () => stops.splice(0).forEach((stop) => stop()) };
  // A conversation refused before (as before the user was added) is asked again.
  handle.revive();
  const live = settledBy<ConnectionStatus, { session: ChatSession; conversation: ConversationHandle }>(
    handle.status,
    (status) => {
      if (status === "online") return { value: { session, conversation: handle } };
      // The refusal's reason is kept once the status has told everyone: the error is read then.
      if (status === "refused") return { error: () => handle.refusal() ?? new ChatError("forbidden", "the server refused this conversation") };
      return undefined;
    },
    timeoutMs,
    `${handle.id} was not live within ${timeoutMs / 1000} s`,
  );
  // A session that never went live binds nothing.
  return live.catch((error: unknown) => {
    session.end();
    throw error;
  });
}

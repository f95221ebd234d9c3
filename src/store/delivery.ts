/**
 * Waiting on one message a conversation handle sent: used by `chat.send`, which answers with the
 * stored message or the server's refusal rather than an id to watch.
 */
import type { ErrorCode } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";
import type { ConversationHandle } from "./conversation.js";
import type { ChatMessage } from "./message-order.js";
import { settledBy } from "./settled.js";

/** How long `delivered` waits for the server; the message itself stays in the outbox after. */
const DELIVERY_TIMEOUT_MS = 15_000;

/** Resolves with message `id` once stored, or rejects with why it failed, or a timeout. */
export function delivered(handle: ConversationHandle, id: string): Promise<ChatMessage> {
  return settledBy<ChatMessage[], ChatMessage>(
    handle.messages,
    (messages) => {
      const message = messages.find((item) => item.id === id);
      if (message?.status === "sent") return { value: message };
      if (message?.status === "failed") return { error: () => new ChatError(message.errorCode as ErrorCode, message.error ?? "not sent") };
      return undefined;
    },
    DELIVERY_TIMEOUT_MS,
    `not sent within ${DELIVERY_TIMEOUT_MS / 1000} s; still in the outbox`,
  );
}

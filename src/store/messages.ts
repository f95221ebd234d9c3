/**
 * The messages of each conversation. A conversation's store opens its socket when the first
 * subscriber arrives and closes it when the last one leaves; frames from the server and the
 * user's sends are the only things that change it.
 */
import { atom, onMount, type ReadableAtom, type WritableAtom } from "nanostores";
import type { Metadata, ServerFrame } from "../protocol/index.js";
import { ConversationSocket } from "../transport/conversation-socket.js";
import { setConnectionStatus } from "./connection.js";
import { lastSeqOf, mergeStored, unsentOnly, type ChatMessage } from "./message-order.js";
import { newMessageId } from "./message-id.js";
import { $session } from "./session.js";

export type { ChatMessage };

interface ConversationState {
  $messages: WritableAtom<ChatMessage[]>;
  socket: ConversationSocket | null;
}

const conversations = new Map<string, ConversationState>();

/** The messages of `conversationId`, stored ones by seq then pending ones. */
export function $messages(conversationId: string): ReadableAtom<ChatMessage[]> {
  return conversationState(conversationId).$messages;
}

function conversationState(conversationId: string): ConversationState {
  let state = conversations.get(conversationId);
  if (!state) {
    state = { $messages: atom<ChatMessage[]>([]), socket: null };
    conversations.set(conversationId, state);
    onMount(state.$messages, () => linkToServer(conversationId));
  }
  return state;
}

/** Keeps a socket open for the current session while the conversation has subscribers. */
function linkToServer(conversationId: string): () => void {
  const state = conversationState(conversationId);
  let previousUserId: string | undefined;
  const unsubscribe = $session.subscribe((session) => {
    state.socket?.close();
    state.socket = null;
    if (session?.userId !== previousUserId) state.$messages.set([]);
    previousUserId = session?.userId;
    if (!session) return;
    state.socket = new ConversationSocket({
      host: session.host,
      conversationId,
      userId: session.userId,
      name: session.name,
      lastSeq: () => lastSeqOf(state.$messages.get()),
      onFrame: (frame) => receiveFrame(conversationId, frame),
      onStatus: (status) => setConnectionStatus(conversationId, status),
    });
  });
  return () => {
    unsubscribe();
    state.socket?.close();
    state.socket = null;
  };
}

function receiveFrame(conversationId: string, frame: ServerFrame): void {
  const { $messages: store } = conversationState(conversationId);
  switch (frame.type) {
    case "welcome": {
      const kept = frame.reset ? unsentOnly(store.get()) : store.get();
      store.set(mergeStored(kept, frame.messages));
      resendPending(conversationId);
      return;
    }
    case "message":
      store.set(mergeStored(store.get(), [frame.message]));
      return;
    case "ack":
      // The acked message moves from the pending tail to its seq among the stored ones.
      store.set(
        mergeStored(
          store.get().map((message) =>
            message.id === frame.id
              ? { ...message, seq: frame.seq, createdAt: frame.createdAt, status: "sent" as const }
              : message,
          ),
          [],
        ),
      );
      return;
    case "error":
      if (frame.ref) markFailed(conversationId, frame.ref, frame.message);
      else console.warn(`confab: server error in ${conversationId}: ${frame.message}`);
      return;
  }
}

function markFailed(conversationId: string, messageId: string, reason: string): void {
  const { $messages: store } = conversationState(conversationId);
  store.set(
    store.get().map((message) =>
      message.id === messageId && message.seq === null
        ? { ...message, status: "failed" as const, error: reason }
        : message,
    ),
  );
}

/** Sends every message the server has not acked yet; the server stores each id once. */
function resendPending(conversationId: string): void {
  const state = conversationState(conversationId);
  for (const message of state.$messages.get()) {
    if (message.status !== "pending") continue;
    state.socket?.send({ type: "send", id: message.id, text: message.text, metadata: message.metadata });
  }
}

/**
 * Shows `text` at once as pending and sends it; it becomes sent when the server acks it.
 * Returns the message id the client chose.
 */
export function sendMessage(conversationId: string, text: string, metadata?: Metadata): string {
  const session = $session.get();
  if (!session) throw new Error("confab: call startSession() before sending messages");
  const state = conversationState(conversationId);
  const message: ChatMessage = {
    id: newMessageId(),
    seq: null,
    senderId: session.userId,
    senderName: session.name ?? session.userId,
    text,
    metadata,
    createdAt: Date.now(),
    status: "pending",
  };
  state.$messages.set([...state.$messages.get(), message]);
  state.socket?.send({ type: "send", id: message.id, text, metadata });
  return message.id;
}

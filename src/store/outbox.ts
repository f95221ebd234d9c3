/**
 * A conversation's unsent work (messages awaiting their ack, changes awaiting an answer), kept
 * in the cache's outbox entry by entry until the server has it. Each piece holds the socket open
 * meanwhile; every greeting sends it all again.
 */
import type { ErrorCode, ServerFrame } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";
import type { Outbox, OutboxEntry } from "./cache.js";
import type { ConversationLifetime } from "./conversation-lifetime.js";
import type { ConversationContext } from "./conversation.js";
import { appendPending, changeAtOnce, failMessages, replaceMessage, type ChangeFrame, type ConversationState, type Step } from "./conversation-reducer.js";
import type { ChatMessage } from "./message-order.js";

/** How long a message the server rate-limited waits before it is sent again. */
const RATE_LIMIT_RETRY_MS = 1_000;

interface PendingChange {
  frame: ChangeFrame;
  /** The message as it was, to put back if the server refuses; unknown after a reload. */
  before?: ChatMessage;
  /** Settles the caller's promise; absent for changes restored from the cache. */
  answer?: { resolve: () => void; reject: (error: ChatError) => void };
  release: () => void;
}

/** The conversation's state as the outbox reads and changes it. */
export interface ConversationView {
  state(): ConversationState;
  /** Puts a step's state in the stores and tells the listeners. */
  commit(step: Step): void;
}

export function createOutbox(id: string, context: ConversationContext, lifetime: ConversationLifetime, { state, commit }: ConversationView) {
  /** Releases held for messages awaiting their ack, by message id. */
  const awaitingAck = new Map<string, () => void>();
  /** Changes not yet answered, by ref, in the order they were made. */
  const pendingChanges = new Map<string, PendingChange>();
  /** Why the server last refused this conversation; it holds while the status is "refused". */
  let refusal: ChatError | undefined;
  /** The last error the server sent without a ref since its welcome: a refusal's reason comes first. */
  let said: ChatError | undefined;
  const refused = () => (lifetime.status.value === "refused" ? refusal : undefined);

  const keep = (entry: OutboxEntry) => context.cache?.putInOutbox(id, entry);
  /** Takes the message `idOrRef`, or the change with that ref, out of the cached outbox. */
  const drop = (idOrRef: string) => context.cache?.takeFromOutbox(id, idOrRef);

  function awaitAck(messageId: string): void {
    if (!awaitingAck.has(messageId)) awaitingAck.set(messageId, lifetime.retain());
  }

  /** The server has the message `messageId` (acked, or seen in its history), or refused it for good. */
  function stopAwaiting(messageId: string): void {
    awaitingAck.get(messageId)?.();
    awaitingAck.delete(messageId);
  }

  function transmit({ id, text, metadata, replyTo, attachments, mentions }: ChatMessage): void {
    lifetime.send({ type: "send", id, text, metadata, replyTo, attachments, mentions });
  }

  /** Fails the unsent messages `refused` picks with `reason` and its `code`: kept as failed, no longer holding the socket. */
  function fail(refused: (message: ChatMessage) => boolean, reason: string, code: ErrorCode): void {
    const step = failMessages(state(), refused, reason, code);
    commit(step);
    for (const message of step.failed) {
      keep({ message });
      stopAwaiting(message.id);
    }
  }

  /** The server answered the change `ref`: done, or refused with `error` (and the change undone). */
  function settleChange(ref: string, error?: ChatError): void {
    const change = pendingChanges.get(ref);
    if (!change) return;
    pendingChanges.delete(ref);
    drop(ref);
    if (error && change.before) commit(replaceMessage(state(), change.before));
    lifetime.save();
    change.release();
    if (error) change.answer?.reject(error);
    else change.answer?.resolve();
  }

  /**
   * Messages of ours that a replay or a page brings stored need no ack: theirs was lost with
   * a connection. Without this the socket would stay held and the outbox keep them for good.
   */
  function settleStored(messageIds: Iterable<string>): void {
    for (const messageId of messageIds) {
      if (!awaitingAck.has(messageId)) continue;
      stopAwaiting(messageId);
      drop(messageId);
    }
  }

  /** Sends a message or change the server dropped for coming too fast again once the rate allows. */
  function retryLater(ref: string): void {
    setTimeout(() => {
      const change = pendingChanges.get(ref);
      if (change) return lifetime.send(change.frame);
      const message = state().messages.find((item) => item.id === ref && item.status === "pending");
      if (message) transmit(message);
    }, RATE_LIMIT_RETRY_MS);
  }

  /**
   * Sends every message the server has not acked yet (it stores each id once), then every
   * change not yet answered, so a change to a message in the outbox follows that message.
   */
  function resend(): void {
    for (const message of state().messages) if (message.status === "pending") transmit(message);
    for (const change of pendingChanges.values()) lifetime.send(change.frame);
  }

  /**
   * The server refused this conversation for good (not a member, no such conversation, removed):
   * nothing waiting here will be sent, so each message fails with `reason` and each change is undone.
   */
  function refuse(reason: string, code: ErrorCode = (said?.code as ErrorCode) ?? "forbidden"): void {
    refusal = new ChatError(code, reason);
    lifetime.status.set("refused");
    fail((message) => message.status === "pending", reason, code);
    for (const ref of [...pendingChanges.keys()]) settleChange(ref, refusal);
  }

  /** Sends `message`, or fails it at once where the server has refused the conversation: no socket will carry it. */
  function transmitOrFail(message: ChatMessage): void {
    const error = refused();
    if (error) refuse(error.message, error.code as ErrorCode);
    else transmit(message);
  }

  return {
    /** Shows `message` as pending and sends it; it stays in the outbox until acked. */
    send(message: ChatMessage): void {
      awaitAck(message.id);
      commit(appendPending(state(), message));
      keep({ message });
      transmitOrFail(message);
    },

    /** Sends a failed message again, with the same id. */
    retry(messageId: string): void {
      const failed = state().messages.find((message) => message.id === messageId && message.seq === null);
      if (!failed) return;
      const retried: ChatMessage = { ...failed, status: "pending", error: undefined, errorCode: undefined };
      commit(replaceMessage(state(), retried));
      keep({ message: retried });
      awaitAck(messageId);
      transmitOrFail(retried);
    },

    /** Shows `frame`'s change at once and sends it when connected; settles when the server answers. */
    change(frame: ChangeFrame): Promise<void> {
      const shown = changeAtOnce(state(), context.userId, frame, Date.now());
      if (!shown.ok) return Promise.reject(new ChatError(shown.code, shown.message));
      commit(shown.step);
      return new Promise((resolve, reject) => {
        pendingChanges.set(frame.ref, { frame, before: shown.before, answer: { resolve, reject }, release: lifetime.retain() });
        keep({ change: frame });
        lifetime.save();
        if (refused()) settleChange(frame.ref, refused());
        else if (lifetime.status.value === "online") lifetime.send(frame);
      });
    },

    /** Takes back what the cached outbox still holds: it goes out once the socket is ready, shown or not. */
    restore(outbox: Outbox | undefined): void {
      for (const message of Object.values(outbox?.messages ?? {})) if (message.status === "pending") awaitAck(message.id);
      for (const frame of Object.values(outbox?.changes ?? {})) {
        if (!pendingChanges.has(frame.ref)) pendingChanges.set(frame.ref, { frame, release: lifetime.retain() });
      }
    },

    /** Settles what `frame` answers: a replay, an ack, a refusal, the answer to a change. */
    receive(frame: ServerFrame): void {
      switch (frame.type) {
        case "welcome":
          said = undefined;
          settleStored(frame.events.flatMap((event) => (event.kind === "message" ? [event.message.id] : [])));
          return resend();
        case "ack":
          stopAwaiting(frame.id);
          return drop(frame.id);
        case "done":
          return settleChange(frame.ref);
        case "error":
          if (frame.code === "rate_limited" && frame.ref) return retryLater(frame.ref);
          if (frame.ref && pendingChanges.has(frame.ref)) return settleChange(frame.ref, new ChatError(frame.code, frame.message));
          if (frame.ref) {
            fail((message) => message.id === frame.ref, frame.message, frame.code);
            return stopAwaiting(frame.ref);
          }
          said = new ChatError(frame.code, frame.message);
          if (frame.code === "not_member" || frame.code === "not_found") return refuse(frame.message, frame.code);
          console.warn(`confab: server error in ${id}: ${frame.message}`);
      }
    },

    settleStored,
    refuse,
    refused,
    dispose(): void {
      for (const release of awaitingAck.values()) release();
      awaitingAck.clear();
      for (const change of pendingChanges.values()) change.release();
      pendingChanges.clear();
    },
  };
}

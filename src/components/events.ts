/** The `chat-*` DOM events Confab's elements dispatch, with their detail types. */
import type { ChatMessage, ConversationMeta, ConversationSummary, Member, Op } from "../store/index.js";

export interface ChatSelectDetail {
  conversationId: string;
}

export interface ChatRetryDetail {
  messageId: string;
}

export interface ChatItemDetail<Item> {
  item: Item;
  /** 1 added, 0 updated, -1 removed. */
  op: Op;
}

/** Dispatches a bubbling, composed `chat-*` event from `target`; returns false if cancelled. */
export function emit<Detail>(target: EventTarget, type: `chat-${string}`, detail: Detail, cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    "chat-select": CustomEvent<ChatSelectDetail>;
    "chat-conversation": CustomEvent<ChatItemDetail<ConversationSummary | ConversationMeta>>;
    "chat-message": CustomEvent<ChatItemDetail<ChatMessage>>;
    "chat-member": CustomEvent<ChatItemDetail<Member>>;
    "chat-retry": CustomEvent<ChatRetryDetail>;
  }
}

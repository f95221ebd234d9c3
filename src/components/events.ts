/** The `chat-*` DOM events Confab's elements dispatch, with their detail types. */
import type { ChatMessage, ConversationMeta, ConversationSummary, Member, Op } from "../store/index.js";

export interface ChatSelectDetail {
  conversationId: string;
}

/** Names the message an action (retry, reply, edit, delete, jump to) is about. */
export interface ChatMessageActionDetail {
  messageId: string;
}

export interface ChatReactDetail {
  messageId: string;
  emoji: string;
}

/** A person whose card the user asked to see: what the element showing them knows of them. */
export interface ChatPersonDetail {
  userId: string;
  name: string;
  avatar?: string;
  /** Unknown where the element does not know it (a message's sender). */
  online?: boolean;
}

/** Whether `<chat-widget>`'s popup is now open. */
export interface ChatToggleDetail {
  open: boolean;
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
    "chat-presence": CustomEvent<{ userId: string; online: boolean; here: boolean }>;
    "chat-retry": CustomEvent<ChatMessageActionDetail>;
    "chat-reply": CustomEvent<ChatMessageActionDetail>;
    "chat-edit": CustomEvent<ChatMessageActionDetail>;
    "chat-delete": CustomEvent<ChatMessageActionDetail>;
    "chat-jump": CustomEvent<ChatMessageActionDetail>;
    "chat-react": CustomEvent<ChatReactDetail>;
    "chat-toggle": CustomEvent<ChatToggleDetail>;
    "chat-person": CustomEvent<ChatPersonDetail>;
  }
}

import { LitElement, html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { repeat } from "lit/directives/repeat.js";
import {
  $connection,
  $messages,
  sendMessage,
  startSession,
  type ChatMessage,
  type ConnectionStatus,
} from "../../store/index.js";
import "../chat-composer/chat-composer.js";
import type { ChatSendDetail } from "../chat-composer/chat-composer.js";
import "../chat-message/chat-message.js";
import { defineElement } from "../define.js";
import { StoreBinding } from "../store-binding.js";
import { chatWindowStyles } from "./chat-window.styles.js";

/** How close to the bottom, in pixels, still counts as reading the newest messages. */
const STICK_TO_BOTTOM_SLACK = 32;

const statusLabels: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  online: "Online",
  offline: "Offline",
};

/**
 * A conversation: header, live message list and composer.
 *
 * @summary One conversation, ready to use.
 * @attr host - Server host, such as `chat.example.com`; defaults to the page's host.
 * @attr user - The current user's id.
 * @attr name - The current user's display name.
 * @attr conversation - The conversation id to show.
 * @attr heading - The title in the header; defaults to the conversation id.
 * @csspart header - The bar above the messages.
 * @csspart title - The conversation's title.
 * @csspart connection-status - The connection status in the header.
 * @csspart messages - The scrolling message list.
 * @csspart empty - The text shown while there are no messages.
 * @csspart message - Each message element (its own parts are exported with a `message-` prefix).
 * @csspart composer - The composer element.
 * @csspart composer-form - The composer's row.
 * @csspart composer-input - The composer's text area.
 * @csspart send-button - The composer's send button.
 * @cssproperty --chat-font-family - Font of the whole window.
 * @cssproperty --chat-font-size - Base font size.
 * @cssproperty --chat-text-color - Main text colour.
 * @cssproperty --chat-background - Window background.
 * @cssproperty --chat-border-color - Borders and separators.
 * @cssproperty --chat-window-radius - Corner radius of the window.
 * @cssproperty --chat-accent-color - Accent for own bubbles, buttons and focus.
 * @cssproperty --chat-message-gap - Space between messages.
 */
export class ChatWindow extends LitElement {
  static styles = chatWindowStyles;

  static properties = {
    host: {},
    user: {},
    name: {},
    conversation: {},
    heading: {},
  };

  host = "";
  user = "";
  name = "";
  conversation = "";
  heading = "";

  private readonly messages = new StoreBinding<ChatMessage[]>(this);
  private readonly connection = new StoreBinding<Record<string, ConnectionStatus>>(this);
  private readonly list = createRef<HTMLElement>();
  private stickToBottom = true;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("host") || changed.has("user") || changed.has("name")) {
      if (this.user) {
        startSession({
          host: this.host || location.host,
          userId: this.user,
          name: this.name || undefined,
        });
      }
    }
    if (changed.has("conversation")) {
      this.messages.bind(this.conversation ? $messages(this.conversation) : null);
      this.connection.bind(this.conversation ? $connection : null);
      this.stickToBottom = true;
    }
  }

  protected updated(): void {
    const list = this.list.value;
    if (list && this.stickToBottom) list.scrollTop = list.scrollHeight;
  }

  private handleScroll(): void {
    const list = this.list.value;
    if (!list) return;
    this.stickToBottom =
      list.scrollHeight - list.scrollTop - list.clientHeight <= STICK_TO_BOTTOM_SLACK;
  }

  private handleSend(event: CustomEvent<ChatSendDetail>): void {
    if (!this.conversation || !this.user) {
      event.preventDefault();
      return;
    }
    this.stickToBottom = true;
    sendMessage(this.conversation, event.detail.text);
  }

  private renderMessage(message: ChatMessage) {
    return html`<chat-message
      part="message"
      exportparts="meta:message-meta, sender:message-sender, timestamp:message-timestamp,
        bubble:message-bubble, bubble-own:message-bubble-own, status:message-status"
      .message=${message}
      ?own=${message.senderId === this.user}
    ></chat-message>`;
  }

  render() {
    const messages = this.messages.value ?? [];
    const status: ConnectionStatus =
      this.user && this.conversation
        ? (this.connection.value?.[this.conversation] ?? "connecting")
        : "offline";
    const title = this.heading || this.conversation;
    return html`
      <header part="header">
        <h2 part="title" id="title">${title}</h2>
        <span part="connection-status" class="status" role="status">${statusLabels[status]}</span>
      </header>
      <div
        ${ref(this.list)}
        part="messages"
        class="messages"
        role="log"
        aria-live="polite"
        aria-labelledby="title"
        tabindex="0"
        @scroll=${this.handleScroll}
      >
        ${messages.length === 0
          ? html`<p part="empty" class="empty">No messages yet. Say hello!</p>`
          : nothing}
        ${repeat(messages, (message) => message.id, (message) => this.renderMessage(message))}
      </div>
      <chat-composer
        part="composer"
        exportparts="form:composer-form, input:composer-input, send-button:send-button"
        ?disabled=${!this.user || !this.conversation}
        @chat-send=${this.handleSend}
      ></chat-composer>
    `;
  }
}

defineElement("chat-window", ChatWindow);

declare global {
  interface HTMLElementTagNameMap {
    "chat-window": ChatWindow;
  }
}

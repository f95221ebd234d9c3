import { html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import { repeat } from "lit/directives/repeat.js";
import type {
  Chat,
  ChatMessage,
  ConnectionStatus,
  ConversationHandle,
  ConversationMeta,
  Member,
} from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import "../chat-composer/chat-composer.js";
import type { ChatSendDetail } from "../chat-composer/chat-composer.js";
import { ChatElement } from "../chat-element.js";
import "../chat-members/chat-members.js";
import "../chat-message/chat-message.js";
import { defineElement } from "../define.js";
import { emit, type ChatRetryDetail } from "../events.js";
import { StoreBinding } from "../store-binding.js";
import { chatWindowStyles } from "./chat-window.styles.js";

/** How close to the bottom, in pixels, still counts as reading the newest messages. */
const STICK_TO_BOTTOM_SLACK = 32;

const statusLabels: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  online: "Online",
  offline: "Offline — messages will be sent when you're back",
  refused: "No access",
};

/**
 * A conversation: header with title and members, the live message list, and the composer.
 *
 * @summary One conversation, ready to use.
 * @attr host - Server host, such as `chat.example.com`; defaults to the page's host.
 * @attr user - The current user's id, when no `chat` property is given.
 * @attr name - The current user's display name.
 * @attr conversation - The conversation id to show; when empty, the chat's open one (`chat.open()`).
 * @attr heading - The title in the header; defaults to the conversation's title.
 * @event chat-message - A message was added (op 1) or changed (0), e.g. acknowledged.
 * @event chat-member - A member was added (1), changed (0) or left / was removed (-1).
 * @event chat-conversation - The conversation's title, avatar or metadata changed (op 0).
 * @csspart header - The bar above the messages.
 * @csspart avatar - The conversation's picture or initials.
 * @csspart title - The conversation's title.
 * @csspart members-button - Shows the member count and opens the members panel.
 * @csspart connection-status - The connection status in the header.
 * @csspart members-panel - The members panel (its own parts are exported with a `members-` prefix).
 * @csspart messages - The scrolling message list.
 * @csspart empty - The text shown while there are no messages.
 * @csspart notice - Shown instead of messages when the user has no access.
 * @csspart message - Each message element (its own parts are exported with a `message-` prefix).
 * @csspart composer - The composer element.
 * @csspart composer-form - The composer's row.
 * @csspart composer-input - The composer's text area.
 * @csspart send-button - The composer's send button.
 * @csspart attach-button - The composer's button that picks files to attach.
 * @csspart composer-uploads - The composer's files being attached (`composer-upload` each,
 *   with `composer-progress` and `composer-cancel-button`); `composer-error` says why one was refused.
 * @csspart message-attachments - A message's files: `message-attachment-image`, `message-attachment-file`.
 * @cssproperty --chat-font-family - Font of the whole window.
 * @cssproperty --chat-font-size - Base font size.
 * @cssproperty --chat-text-color - Main text colour.
 * @cssproperty --chat-background - Window background.
 * @cssproperty --chat-border-color - Borders and separators.
 * @cssproperty --chat-window-radius - Corner radius of the window.
 * @cssproperty --chat-accent-color - Accent for own bubbles, buttons and focus.
 * @cssproperty --chat-message-gap - Space between messages.
 */
export class ChatWindow extends ChatElement {
  static styles = chatWindowStyles;

  static properties = {
    ...ChatElement.properties,
    conversation: {},
    heading: {},
    showMembers: { state: true },
  };

  conversation = "";
  heading = "";
  private showMembers = false;

  private handle: ConversationHandle | null = null;
  private followed: { chat: Chat | null; id: string } = { chat: null, id: "" };
  private readonly messages = new StoreBinding<ChatMessage[]>(this);
  private readonly members = new StoreBinding<Member[]>(this);
  private readonly meta = new StoreBinding<ConversationMeta | null>(this);
  private readonly status = new StoreBinding<ConnectionStatus>(this);
  private readonly current = new StoreBinding<string | null>(this);
  private readonly list = createRef<HTMLElement>();
  private stickToBottom = true;
  private stopForwarding: (() => void) | null = null;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (this.chatChanged(changed)) this.current.bind(this.activeChat?.current ?? null);
    this.follow();
  }

  /** The conversation shown: the attribute's, or else the chat's open one. */
  private get shownId(): string {
    return this.conversation || (this.current.value ?? "");
  }

  /** Binds the stores of the conversation to show, when that changed. */
  private follow(): void {
    const chat = this.activeChat;
    if (chat === this.followed.chat && this.shownId === this.followed.id) return;
    this.followed = { chat, id: this.shownId };
    const handle = chat && this.shownId ? chat.conversation(this.shownId) : null;
    if (handle === this.handle) return;
    this.handle = handle;
    this.messages.bind(handle?.messages ?? null);
    this.members.bind(handle?.members ?? null);
    this.meta.bind(handle?.meta ?? null);
    this.status.bind(handle?.status ?? null);
    this.stopForwarding?.();
    this.stopForwarding = handle && this.isConnected ? this.forwardEvents(handle) : null;
    this.stickToBottom = true;
    this.showMembers = false;
  }

  /** Re-dispatches the conversation's changes as DOM events for the host page. */
  private forwardEvents(handle: ConversationHandle): () => void {
    const stops = [
      handle.on("message", (item, op) => emit(this, "chat-message", { item, op })),
      handle.on("member", (item, op) => emit(this, "chat-member", { item, op })),
      handle.on("conversation", (item, op) => emit(this, "chat-conversation", { item, op })),
    ];
    return () => stops.forEach((stop) => stop());
  }

  connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.markReadIfSeen);
    if (this.handle && !this.stopForwarding) this.stopForwarding = this.forwardEvents(this.handle);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.markReadIfSeen);
    this.stopForwarding?.();
    this.stopForwarding = null;
  }

  protected updated(): void {
    if (this.stickToBottom) void this.scrollToBottom();
    // Marking read changes the members store; doing it after this update avoids a nested one.
    queueMicrotask(this.markReadIfSeen);
  }

  /** Scrolls to the newest message once the message elements have rendered their content. */
  private async scrollToBottom(): Promise<void> {
    const list = this.list.value;
    if (!list) return;
    await Promise.all([...list.querySelectorAll("chat-message")].map((message) => message.updateComplete));
    if (this.stickToBottom && this.list.value === list) list.scrollTop = list.scrollHeight;
  }

  /** The reader sees the newest messages when the page is visible and the list is at the bottom. */
  private readonly markReadIfSeen = (): void => {
    if (this.handle && this.stickToBottom && document.visibilityState === "visible") this.handle.markRead();
  };

  private handleScroll(): void {
    const list = this.list.value;
    if (!list) return;
    this.stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight <= STICK_TO_BOTTOM_SLACK;
    this.markReadIfSeen();
  }

  private handleSend(event: CustomEvent<ChatSendDetail>): void {
    if (!this.handle || this.status.value === "refused") {
      event.preventDefault();
      return;
    }
    this.stickToBottom = true;
    const { text, attachments } = event.detail;
    this.handle.send(text, attachments.length ? { attachments } : undefined);
  }

  private get displayTitle(): string {
    const meta = this.meta.value;
    if (this.heading) return this.heading;
    if (meta?.title) return meta.title;
    const userId = this.activeChat?.user.userId;
    const others = (this.members.value ?? []).filter((member) => member.userId !== userId).map((member) => member.name);
    return others.slice(0, 3).join(", ") || this.shownId;
  }

  private handleRetry(event: CustomEvent<ChatRetryDetail>): void {
    this.handle?.retry(event.detail.messageId);
  }

  private renderMessage(message: ChatMessage) {
    return html`<chat-message
      part="message"
      @chat-retry=${this.handleRetry}
      exportparts="meta:message-meta, sender:message-sender, timestamp:message-timestamp,
        bubble:message-bubble, bubble-own:message-bubble-own, status:message-status,
        retry-button:message-retry-button, attachments:message-attachments,
        attachment-image:message-attachment-image, attachment-file:message-attachment-file"
      .message=${message}
      .loadAttachment=${this.handle?.attachmentUrl}
      ?own=${message.senderId === this.activeChat?.user.userId}
    ></chat-message>`;
  }

  private renderBody() {
    if (this.status.value === "refused") {
      return html`<p part="notice" class="notice" role="alert">You are not a member of this conversation.</p>`;
    }
    const messages = this.messages.value ?? [];
    return html`<div
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
        ? html`<p part="empty" class="empty">
            ${this.handle ? "No messages yet. Say hello!" : "Choose a conversation to start chatting."}
          </p>`
        : nothing}
      ${repeat(messages, (message) => message.id, (message) => this.renderMessage(message))}
    </div>`;
  }

  render() {
    const ready = Boolean(this.handle);
    const status: ConnectionStatus = ready ? (this.status.value ?? "connecting") : "offline";
    const memberCount = this.members.value?.length ?? 0;
    return html`
      <header part="header">
        ${ready ? renderAvatar(this.displayTitle, this.meta.value?.avatar) : nothing}
        <div class="heading">
          <h2 part="title" id="title">${ready ? this.displayTitle : this.heading || this.shownId}</h2>
          ${memberCount > 0
            ? html`<button
                part="members-button"
                class="members-button"
                type="button"
                aria-expanded=${this.showMembers ? "true" : "false"}
                aria-controls="members"
                @click=${() => (this.showMembers = !this.showMembers)}
              >
                ${memberCount === 1 ? "1 member" : `${memberCount} members`}
              </button>`
            : nothing}
        </div>
        <span part="connection-status" class="status" role="status">${ready ? statusLabels[status] : ""}</span>
      </header>
      ${this.showMembers && this.handle
        ? html`<chat-members
            id="members"
            part="members-panel"
            class="members"
            exportparts="members:members-list, member:members-member, kick-button:members-kick-button,
              add-form:members-add-form, add-button:members-add-button, leave-button:members-leave-button,
              error:members-error"
            .conversation=${this.handle}
            .userId=${this.activeChat?.user.userId ?? ""}
          ></chat-members>`
        : nothing}
      ${this.renderBody()}
      <chat-composer
        part="composer"
        exportparts="form:composer-form, input:composer-input, send-button:send-button, attach-button:attach-button,
          uploads:composer-uploads, upload:composer-upload, progress:composer-progress,
          cancel-button:composer-cancel-button, error:composer-error"
        .conversation=${this.handle}
        ?disabled=${!ready || status === "refused"}
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

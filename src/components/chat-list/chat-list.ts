import { html, nothing, type PropertyValues } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { ConversationSummary } from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import "../chat-new-conversation/chat-new-conversation.js";
import { ChatElement } from "../chat-element.js";
import { defineElement } from "../define.js";
import { emit, type ChatSelectDetail } from "../events.js";
import { formatFullTime, formatListTime } from "../format.js";
import { newConversationParts } from "../parts.js";
import { StoreBinding } from "../controllers/store-binding.js";
import { chatListStyles } from "./chat-list.styles.js";

/**
 * The user's conversations, live: most recent first, with last message, time and unread count.
 * Arrow keys move between conversations; Enter or a click opens one (`chat.open()`), which a
 * `<chat-window>` of the same chat without a `conversation` attribute then shows.
 *
 * @tag chat-list
 * @summary The conversation list.
 * @attr host - Server host; defaults to the page's host.
 * @attr token - A JWT your backend signed for the current user (or the `tokenProvider` property).
 * @attr user - The current user's id, when no `chat` property is given.
 * @attr name - The current user's display name.
 * @attr theme - `light` (default), `dark`, or `auto` (follows the system's colour scheme).
 * @attr lang - The language of its texts and dates; defaults to the nearest ancestor's.
 * @attr selected - The id of the conversation shown as selected; follows the chat's open one.
 * @event chat-select - A conversation was chosen or created and opened: `detail.conversationId`.
 * @event chat-conversation - A conversation was added (op 1), changed (0) or removed (-1).
 * @slot empty - Shown instead of the default text when the list is empty.
 * @slot header-end - At the end of the header, after the New button (the widget's notifications bell).
 * @csspart header - The bar above the list.
 * @csspart heading - The list's heading.
 * @csspart new-button - The button that opens the new-conversation form.
 * @csspart list - The list.
 * @csspart item - Each conversation.
 * @csspart item-selected - Added to the selected conversation's `item`.
 * @csspart avatar - A conversation's picture or initials.
 * @csspart presence - The dot on an avatar saying whether the person is online (`presence-online` when they are).
 * @csspart title - A conversation's title.
 * @csspart time - The time of the last activity.
 * @csspart preview - The last message.
 * @csspart badge - The unread count.
 * @csspart mention-badge - "@" on a conversation with unread messages that mention the user (shown even when muted).
 * @csspart empty - The empty state, and "Loading…" in its place until the list has loaded.
 * @csspart start-button - The empty state's button that opens the new-conversation form.
 * @csspart new-form - The new-conversation form (`new-create-button`, `new-cancel-button`, `new-error`).
 * @csspart new-picker - The form's people picker: `new-picker-input`, `new-picker-list`, `new-picker-person`
 *   (`new-picker-person-active`, `new-picker-person-typed`), `new-picker-avatar`, `new-picker-presence`,
 *   `new-picker-status`, `new-picker-more-button`, `new-picker-chips`, `new-picker-chip`.
 * @cssproperty --chat-list-height - The list's height.
 * @cssproperty --chat-density - Spacing factor: 0.75 compact, 1 default, 1.25 roomy.
 * @cssproperty --chat-item-hover-background - A conversation under the pointer.
 * @cssproperty --chat-item-selected-background - The selected conversation.
 * @cssproperty --chat-badge-background - Unread badge colour.
 * @cssproperty --chat-badge-color - Unread badge text colour.
 * @cssproperty --chat-avatar-size - Avatar width and height.
 */
export class ChatList extends ChatElement {
  static styles = chatListStyles;

  static properties = {
    ...ChatElement.properties,
    selected: { reflect: true },
    creating: { state: true },
    active: { state: true },
  };

  selected = "";
  private creating = false;
  /** The item that holds the list's single tab stop. */
  private active = "";
  private readonly conversations = new StoreBinding<ConversationSummary[]>(this);
  private readonly loaded = new StoreBinding<boolean>(this);
  private readonly current = new StoreBinding<string | null>(this);
  /** The chat's open conversation as last seen, to tell when another element changed it. */
  private lastCurrent: string | null = null;
  private stopListening: (() => void) | null = null;
  /** Re-renders each minute, so that "5 min ago" stays true. */
  private clock = 0;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (this.chatChanged(changed)) {
      const chat = this.activeChat;
      this.conversations.bind(chat?.conversations ?? null);
      this.loaded.bind(chat?.loaded ?? null);
      this.current.bind(chat?.current ?? null);
      this.stopListening?.();
      this.stopListening = chat?.on("conversation", (item, op) => emit(this, "chat-conversation", { item, op })) ?? null;
    }
    const current = this.current.value ?? null;
    if (current !== this.lastCurrent) {
      this.lastCurrent = current;
      if (current) this.selected = current;
    }
    if (changed.has("selected")) this.active = this.selected;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    this.stopListening?.();
    this.stopListening = null;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.clock = window.setInterval(() => this.requestUpdate(), 60_000);
    // Re-subscribe after being moved in the DOM.
    if (!this.stopListening && this.hasUpdated) this.requestUpdate("chat");
  }

  /** Opens `conversationId` for every element of this chat, and tells the host page. */
  private select(conversationId: string): void {
    this.selected = conversationId;
    this.creating = false;
    this.activeChat?.open(conversationId);
    emit<ChatSelectDetail>(this, "chat-select", { conversationId });
  }

  private handleCreated(event: CustomEvent<ChatSelectDetail>): void {
    // Re-emitted from the list itself so hosts listen in one place.
    event.stopPropagation();
    this.select(event.detail.conversationId);
  }

  private handleKeydown(event: KeyboardEvent): void {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>("li[role=option]")];
    const current = items.indexOf(event.target as HTMLElement);
    if (current === -1) return;
    const targets: Record<string, number> = {
      ArrowDown: Math.min(current + 1, items.length - 1),
      ArrowUp: Math.max(current - 1, 0),
      Home: 0,
      End: items.length - 1,
    };
    if (event.key in targets) {
      event.preventDefault();
      const target = items[targets[event.key]!]!;
      this.active = target.dataset.id!;
      target.focus();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.select(items[current]!.dataset.id!);
    }
  }

  private async openForm(): Promise<void> {
    this.creating = true;
    await this.updateComplete;
    this.renderRoot.querySelector("chat-new-conversation")?.focus();
  }

  /**
   * The row's last message: the user's own as "You: …", someone else's as "Name: …" in a group
   * and bare in a one-to-one, where the title already names the sender.
   */
  private previewOf(item: ConversationSummary): string {
    const { t } = this;
    const last = item.lastMessage;
    if (!last) return item.type === "group" ? t.members(item.memberCount) : t.nothingYet;
    const text = last.deleted ? t.deleted : last.text;
    if (last.senderId === this.activeChat?.user.userId) return `${t.you}: ${text}`;
    return item.type === "group" ? `${last.senderName}: ${text}` : text;
  }

  private renderItem(item: ConversationSummary, focusable: boolean) {
    const isSelected = item.id === this.selected;
    const { t, locale } = this;
    const preview = this.previewOf(item);
    return html`<li
      part=${isSelected ? "item item-selected" : "item"}
      role="option"
      aria-selected=${isSelected ? "true" : "false"}
      tabindex=${focusable ? "0" : "-1"}
      data-id=${item.id}
      @click=${() => this.select(item.id)}
    >
      ${renderAvatar(t, item.title, item.avatar, item.peer?.online)}
      <span class="text">
        <span class="top">
          <span part="title" class="title" dir="auto">${item.title}</span>
          <time part="time" class="time" datetime=${new Date(item.updatedAt).toISOString()} title=${formatFullTime(item.updatedAt, locale)}
            >${formatListTime(item.updatedAt, locale)}</time
          >
        </span>
        <span part="preview" class="preview" dir="auto">${preview}</span>
      </span>
      ${item.unreadMentions
        ? html`<span part="mention-badge" class="badge" aria-label=${t.mentions(item.unreadMentions)}
            >@</span
          >`
        : nothing}
      ${item.unread > 0 && !item.muted
        ? html`<span part="badge" class="badge" aria-label=${t.unread(item.unread)}>${item.unread > 99 ? "99+" : item.unread}</span>`
        : nothing}
    </li>`;
  }

  render() {
    const items = this.conversations.value ?? [];
    const activeIndex = items.findIndex((item) => item.id === this.active);
    const focusIndex = Math.max(0, activeIndex !== -1 ? activeIndex : items.findIndex((item) => item.id === this.selected));
    const t = this.t;
    return html`
      <div part="header" class="header">
        <h2 part="heading" id="heading">${t.conversations}</h2>
        <button part="new-button" class="quiet" type="button" ?disabled=${!this.activeChat} @click=${this.openForm}>
          ${t.new}
        </button>
        <slot name="header-end"></slot>
      </div>
      ${this.creating
        ? html`<chat-new-conversation
            exportparts=${newConversationParts}
            lang=${this.locale || nothing}
            .strings=${this.strings}
            .chat=${this.activeChat}
            @chat-select=${this.handleCreated}
            @chat-cancel=${() => (this.creating = false)}
          ></chat-new-conversation>`
        : nothing}
      ${items.length > 0
        ? html`<ul part="list" role="listbox" aria-labelledby="heading" @keydown=${this.handleKeydown}>
            ${repeat(
              items,
              (item) => item.id,
              (item, index) => this.renderItem(item, index === focusIndex),
            )}
          </ul>`
        : this.activeChat && !this.loaded.value
          ? html`<div part="empty" class="empty" role="status" aria-busy="true">${t.loading}</div>`
          : html`<div part="empty" class="empty">
              <slot name="empty">${t.noConversations}</slot>
              ${this.creating
                ? nothing
                : html`<button part="start-button" class="primary" type="button" ?disabled=${!this.activeChat} @click=${this.openForm}>
                    ${t.startConversation}
                  </button>`}
            </div>`}
    `;
  }
}

defineElement("chat-list", ChatList);

declare global {
  interface HTMLElementTagNameMap {
    "chat-list": ChatList;
  }
}

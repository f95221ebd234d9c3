/** The `<chat-window>` element: one conversation, rendered from its stores through controllers. */
import { html, nothing } from "lit";
import { ref } from "lit/directives/ref.js";
import { repeat } from "lit/directives/repeat.js";
import type { ConnectionStatus, ConversationHandle } from "../../store/index.js";
import "../chat-composer/chat-composer.js";
import type { ChatSendDetail, ChatTypingDetail, ComposerContext } from "../chat-composer/chat-composer.js";
import { ChatElement } from "../chat-element.js";
import { ConversationController } from "../controllers/conversation-controller.js";
import "../chat-members/chat-members.js";
import "../chat-search/chat-search.js";
import "../chat-message/chat-message.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import type { ChatMessageActionDetail, ChatReactDetail } from "../events.js";
import { composerParts, membersParts, searchParts } from "../parts.js";
import { chatWindowStyles } from "./chat-window.styles.js";
import { LiveArrivals } from "./live-arrivals.js";
import { MessageFocus } from "./message-focus.js";
import { PeerPresence } from "./peer-presence.js";
import { PersonCards } from "./person-cards.js";
import { ScrollAnchor } from "./scroll-anchor.js";
import { jumpButton, messageRows } from "./message-rows.js";
import { windowHeader } from "./window-header.js";

/**
 * A conversation: header with title and members, the live message list, and the composer.
 *
 * @tag chat-window
 * @summary One conversation, ready to use.
 * @attr host - Server host, such as `chat.example.com`; defaults to the page's host.
 * @attr token - A JWT your backend signed for the current user (or the `tokenProvider` property).
 * @attr user - The current user's id, when no `chat` property is given.
 * @attr name - The current user's display name.
 * @attr conversation - The conversation id to show; when empty, the chat's open one (`chat.open()`).
 * @attr heading - The title in the header; defaults to the conversation's title.
 * @attr theme - `light` (default), `dark`, or `auto` (follows the system's colour scheme).
 * @attr lang - The language of its texts and dates; defaults to the nearest ancestor's.
 * @slot header-start - Host content at the start of the header, before the avatar (`<chat-widget>` puts its back button there).
 * @slot header-actions - Host content in the header, before the connection status.
 * @slot header-end - Host content at the end of the header (`<chat-widget>` puts its close button there).
 * @slot empty - Replaces the text of an empty conversation.
 * @event chat-message - A message was added (op 1) or changed (0), e.g. acknowledged.
 * @event chat-member - A member was added (1), changed (0) or left / was removed (-1).
 * @event chat-conversation - The conversation's title, avatar or metadata changed (op 0).
 * @event chat-select - A person card's Message opened the one-to-one with them: `detail.conversationId`
 *   (a window without a `conversation` attribute shows it, through `chat.open`).
 * @event chat-presence - A member came online or went offline (`detail.online`), or opened or closed the conversation (`detail.here`).
 * @csspart header - The bar above the messages.
 * @csspart avatar - The conversation's picture or initials.
 * @csspart title - The conversation's title.
 * @csspart members-button - Under the title, opens the members panel: the member count of a group, or
 *   (also `peer-status`) the other person's presence in a one-to-one.
 * @csspart peer-status - Under a one-to-one conversation's title: "Online", "Offline" or "Active 5 min ago".
 * @csspart connection-status - This user's connection when it is not up ("Connecting…", "You're offline…"); empty while connected. Its `data-status` is `connecting`, `online`, `offline` or `refused`.
 * @csspart search-toggle - Opens and closes the search panel.
 * @csspart search-panel - The search panel (its own parts are exported with a `search-` prefix).
 * @csspart members-panel - The members panel (its own parts are exported with a `members-` prefix).
 * @csspart person-card - A person's card, opened from a member's or a sender's name: `person-card-dialog`,
 *   `person-card-avatar`, `person-card-name`, `person-card-presence`, `person-card-id`,
 *   `person-card-message-button` (opens the one-to-one, emitting `chat-select`), `person-card-close-button`, `person-card-error`.
 * @csspart presence - The dot on a one-to-one conversation's avatar saying whether the other person is online.
 * @csspart messages - The scrolling message list.
 * @csspart empty - The text shown while there are no messages.
 * @csspart notice - Shown instead of messages when the user has no access.
 * @csspart message - Each message element (its own parts are exported with a `message-` prefix).
 * @csspart day-separator - The line naming the day ("Today", "Yesterday", a weekday, a date) before its first message.
 * @csspart system-line - A line of the conversation's own among the messages: who joined, left, was added or removed, a new title.
 * @csspart unread-divider - The "New messages" line before the first message that was unread when the conversation opened.
 * @csspart jump-button - Scrolls to the newest messages, with how many are new; shown while the reader is scrolled up.
 * @csspart message-avatar - The sender's avatar beside the last message of a group of others' messages.
 * @csspart typing - The line saying who is typing.
 * @csspart error - Why the last action on a message failed.
 * @csspart composer - The composer element.
 * @csspart composer-form - The composer's row.
 * @csspart composer-input - The composer's text area.
 * @csspart send-button - The composer's send button.
 * @csspart attach-button - The composer's button that picks files to attach.
 * @csspart composer-uploads - The composer's files being attached (`composer-upload` each,
 *   with `composer-progress` and `composer-cancel-button`); `composer-error` says why one was refused.
 * @csspart message-attachments - A message's files: `message-attachment-image`, `message-attachment-file`.
 * @csspart message-preview - The card of a message's first link: `message-preview-image`, `message-preview-site`, `message-preview-title`,
 *   `message-preview-description`.
 * @csspart message-mention - A mention in a message (`message-mention-me` too when it names the
 *   current user); `message-bubble-mentioned` marks the bubble of a message that mentions them.
 * @csspart composer-mention-suggestions - The members offered after "@" (`composer-mention-suggestion`
 *   each, `composer-mention-suggestion-active` the highlighted one).
 * @cssproperty --chat-font-family - Font of the whole window.
 * @cssproperty --chat-font-size - Base font size.
 * @cssproperty --chat-text-color - Main text colour.
 * @cssproperty --chat-background - Window background.
 * @cssproperty --chat-border-color - Borders and separators.
 * @cssproperty --chat-window-radius - Corner radius of the window.
 * @cssproperty --chat-accent-color - Accent for own bubbles, buttons and focus.
 * @cssproperty --chat-message-gap - Space between messages.
 * @cssproperty --chat-density - Spacing factor: 0.75 compact, 1 default, 1.25 roomy.
 * @cssproperty --chat-muted-color - Secondary text.
 * @cssproperty --chat-accent-text-color - Text on the accent colour.
 * @cssproperty --chat-header-background - The header's background.
 * @cssproperty --chat-window-height - The window's height.
 * @cssproperty --chat-meta-font-size - Names, times and statuses.
 */
export class ChatWindow extends ChatElement {
  static styles = chatWindowStyles;

  static properties = {
    ...ChatElement.properties,
    conversation: {},
    heading: {},
    showMembers: { state: true },
    showSearch: { state: true },
    composing: { state: true },
    error: { state: true },
  };

  conversation = "";
  heading = "";
  private showMembers = false;
  private showSearch = false;
  /** The message being answered or edited in the composer. */
  private composing: ComposerContext | null = null;
  private error = "";

  /** The conversation shown: the attribute's, or else the chat's open one. */
  private readonly shown = new ConversationController(this, {
    chat: () => this.activeChat,
    id: () => this.conversation,
    switched: () => {
      this.composing = null;
      this.error = "";
      this.showMembers = false;
      this.showSearch = false;
      this.cards.close(false);
    },
  });
  private readonly arrivals = new LiveArrivals(this, this.shown, () => this.activeChat?.user.userId);
  private readonly anchor = new ScrollAnchor(this, this.shown, () => this.activeChat?.user.userId);
  private readonly peerPresence = new PeerPresence(this, this.shown);
  private readonly messageFocus = new MessageFocus(this, this.anchor.list);
  /** A person's card, opened from a member's or a sender's name; its Message opens the one-to-one here. */
  private readonly cards = new PersonCards(this, (conversationId) => {
    if (!this.conversation) this.activeChat?.open(conversationId);
    void this.updateComplete.then(() => this.focus());
  });

  /** Moves focus to the composer, where a conversation just opened is written in. */
  override focus(): void {
    this.renderRoot.querySelector("chat-composer")?.focus();
  }

  /** Done once the composer has rendered too, so `focus()` then finds its input. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.renderRoot.querySelector("chat-composer")?.updateComplete;
    return done;
  }

  /** Short for the shown conversation's handle, which most handlers act on. */
  private get handle(): ConversationHandle | null {
    return this.shown.handle;
  }

  private handleJump(event: CustomEvent<ChatMessageActionDetail>): void {
    void this.messageFocus.reveal(event.detail.messageId, this.anchor.jumpTo(event.detail.messageId));
  }

  /** Escape closes the search panel and gives focus back to its toggle. */
  private handleSearchKey(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    this.showSearch = false;
    this.renderRoot.querySelector<HTMLElement>('[part="search-toggle"]')?.focus();
  }

  private handleSend(event: CustomEvent<ChatSendDetail>): void {
    if (!this.handle || this.shown.status.value === "refused") {
      event.preventDefault();
      return;
    }
    const { text, attachments, mentions } = event.detail;
    const context = this.composing;
    this.composing = null;
    if (context?.kind === "edit") {
      // Without a list the server keeps the mentions the new text still names: none, here.
      this.attempt((handle) => (mentions.length ? handle.edit(context.message.id, text, undefined, mentions) : handle.edit(context.message.id, text)));
      return;
    }
    this.anchor.followNewest();
    const options = {
      ...(context ? { replyTo: context.message.id } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(mentions.length ? { mentions } : {}),
    };
    this.handle.send(text, Object.keys(options).length ? options : undefined);
  }

  /** Runs a message action, showing why it failed if it does. */
  private attempt(action: (handle: ConversationHandle) => Promise<void>): void {
    if (!this.handle) return;
    this.error = "";
    action(this.handle).catch((error: unknown) => {
      this.error = errorText(this.t, error);
    });
  }

  private compose(kind: ComposerContext["kind"], messageId: string): void {
    const message = this.shown.messages.value?.find((item) => item.id === messageId);
    this.composing = message ? { kind, message } : null;
  }

  private handleTyping(event: CustomEvent<ChatTypingDetail>): void {
    this.handle?.setTyping(event.detail.typing);
  }

  private get displayTitle(): string {
    const meta = this.shown.meta.value;
    if (this.heading) return this.heading;
    if (meta?.title) return meta.title;
    const others = this.shown.others.map((member) => member.name);
    return others.slice(0, 3).join(", ") || this.shown.id;
  }

  private handleRetry(event: CustomEvent<ChatMessageActionDetail>): void {
    this.handle?.retry(event.detail.messageId);
  }

  private get typingLine(): string {
    const names = (this.shown.typing.value ?? []).map((typist) => typist.name);
    return names.length ? this.t.typing(names) : "";
  }

  /** Whether a one-to-one's other person is online; undefined for groups and while offline oneself. */
  private get peerOnline(): boolean | undefined {
    if (this.shown.meta.value?.type !== "direct" || this.shown.status.value !== "online") return undefined;
    const peer = this.shown.others[0];
    return peer ? (this.shown.online.value ?? []).includes(peer.userId) : undefined;
  }

  private renderBody() {
    if (this.shown.status.value === "refused") {
      return html`<p part="notice" class="notice" role="alert">${this.t.notMember}</p>`;
    }
    const messages = this.shown.messages.value ?? [];
    const members = this.shown.members.value ?? [];
    const userId = this.activeChat?.user.userId ?? "";
    // The log is read by moving through it, so it stays silent: as a live region it would read
    // out every button of a new message, and each page of older messages loading above.
    // #announcer says "sender: text" for messages from others instead.
    return html`<div
      ${ref(this.anchor.list)}
      part="messages"
      class="messages"
      role="log"
      aria-live="off"
      aria-labelledby="title"
      tabindex=${messages.length ? -1 : 0}
      @scroll=${this.anchor.handleScroll}
      @keydown=${this.messageFocus.handleKey}
      @focusin=${this.messageFocus.handleFocusIn}
      @chat-retry=${this.handleRetry}
      @chat-react=${(event: CustomEvent<ChatReactDetail>) => this.attempt((handle) => handle.react(event.detail.messageId, event.detail.emoji))}
      @chat-reply=${(event: CustomEvent<ChatMessageActionDetail>) => this.compose("reply", event.detail.messageId)}
      @chat-edit=${(event: CustomEvent<ChatMessageActionDetail>) => this.compose("edit", event.detail.messageId)}
      @chat-delete=${(event: CustomEvent<ChatMessageActionDetail>) => this.attempt((handle) => handle.delete(event.detail.messageId))}
      @chat-jump=${this.handleJump}
    >
      ${messages.length === 0
        ? this.handle && !this.shown.loaded.value
          ? html`<div part="empty" class="empty" role="status" aria-busy="true">${this.t.loading}</div>`
          : html`<div part="empty" class="empty"><slot name="empty">${this.handle ? this.t.noMessages : this.t.noConversation}</slot></div>`
        : nothing}
      ${messageRows({
        messages, activity: this.shown.activity.value ?? [],
        start: this.anchor.slice.start,
        end: this.anchor.slice.end,
        userId,
        members,
        direct: this.shown.meta.value?.type === "direct",
        leftOffAt: this.anchor.leftOffAt,
        locale: this.locale,
        t: this.t,
        strings: this.strings,
        loadAttachment: this.handle?.attachmentUrl,
      })}
    </div>
    ${this.anchor.following || messages.length === 0
      ? nothing
      : jumpButton(messages, members.find((member) => member.userId === userId), this.t, () => void this.anchor.showNewest())}`;
  }

  render() {
    const ready = Boolean(this.handle);
    const status: ConnectionStatus = ready ? (this.shown.status.value ?? "connecting") : "offline";
    const direct = this.shown.meta.value?.type === "direct";
    const online = this.peerOnline;
    const peer = this.shown.others[0];
    return html`
      ${windowHeader({
        t: this.t,
        ready,
        title: ready ? this.displayTitle : this.heading || this.shown.id,
        avatarName: this.displayTitle,
        avatar: this.shown.meta.value?.avatar,
        peerOnline: online,
        memberCount: this.shown.members.value?.length ?? 0,
        presence: direct && online !== undefined && peer ? this.peerPresence.text(this.t, peer.userId, online) : undefined,
        direct,
        status,
        showMembers: this.showMembers,
        showSearch: this.showSearch,
        toggleMembers: () => (this.showMembers = !this.showMembers),
        toggleSearch: () => (this.showSearch = !this.showSearch),
      })}
      ${this.showSearch && this.handle
        ? html`<chat-search
            id="search"
            part="search-panel"
            class="members"
            exportparts=${searchParts}
            lang=${this.locale || nothing}
            .strings=${this.strings}
            .conversation=${this.handle}
            @chat-jump=${this.handleJump}
            @keydown=${this.handleSearchKey}
          ></chat-search>`
        : nothing}
      ${this.showMembers && this.handle
        ? html`<chat-members
            id="members"
            part="members-panel"
            class="members"
            exportparts=${membersParts}
            lang=${this.locale || nothing}
            .strings=${this.strings}
            .conversation=${this.handle}
            .userId=${this.activeChat?.user.userId ?? ""}
          ></chat-members>`
        : nothing}
      ${this.cards.render(this.activeChat, this.locale, this.strings)}
      ${this.renderBody()}
      <div id="announcer" class="sr-only" aria-live="polite">
        ${repeat(
          this.arrivals.messages,
          (message) => message.id,
          (message) => html`<p>${message.senderName}: ${message.text || message.attachments?.map((file) => file.name).join(", ")}</p>`,
        )}
      </div>
      <div part="typing" class="typing" aria-live="polite">${this.typingLine}</div>
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
      <chat-composer
        part="composer"
        exportparts=${composerParts}
        lang=${this.locale || nothing}
        .strings=${this.strings}
        .conversation=${this.handle}
        .members=${this.shown.others}
        ?disabled=${!ready || status === "refused"}
        .context=${this.composing}
        @chat-send=${this.handleSend}
        @chat-typing=${this.handleTyping}
        @chat-cancel=${() => (this.composing = null)}
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

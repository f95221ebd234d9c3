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
  Typist,
} from "../../store/index.js";
import { canModerate } from "../../protocol/permissions.js";
import { renderAvatar } from "../avatar.js";
import "../chat-composer/chat-composer.js";
import type { ChatSendDetail, ChatTypingDetail, ComposerContext } from "../chat-composer/chat-composer.js";
import { ChatElement } from "../chat-element.js";
import { memberLabels } from "../member-labels.js";
import "../chat-members/chat-members.js";
import "../chat-search/chat-search.js";
import "../chat-message/chat-message.js";
import { defineElement } from "../define.js";
import { emit, type ChatMessageActionDetail, type ChatReactDetail } from "../events.js";
import { composerParts, membersParts, messageParts, searchParts } from "../parts.js";
import { StoreBinding } from "../store-binding.js";
import { newestSeq, nextArrivals, type Watched } from "./arrivals.js";
import { chatWindowStyles } from "./chat-window.styles.js";
import { SLICE_STEP, afterScroll, clampedSliceStart, heldSlice, renderedSlice, sliceStartCentring, type Slice } from "./message-slice.js";
import { readersByMessage } from "./seen-by.js";

/** How many pages back a jump to a replied-to message looks before giving up. */
const JUMP_PAGE_LIMIT = 20;

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
 * @slot header-actions - Host content in the header, before the connection status.
 * @slot empty - Replaces the text of an empty conversation.
 * @event chat-message - A message was added (op 1) or changed (0), e.g. acknowledged.
 * @event chat-member - A member was added (1), changed (0) or left / was removed (-1).
 * @event chat-conversation - The conversation's title, avatar or metadata changed (op 0).
 * @event chat-presence - A member came online or went offline (`detail.online`), or opened or closed the conversation (`detail.here`).
 * @csspart header - The bar above the messages.
 * @csspart avatar - The conversation's picture or initials.
 * @csspart title - The conversation's title.
 * @csspart members-button - Shows the member count and opens the members panel.
 * @csspart connection-status - The connection status in the header.
 * @csspart search-toggle - Opens and closes the search panel.
 * @csspart search-panel - The search panel (its own parts are exported with a `search-` prefix).
 * @csspart members-panel - The members panel (its own parts are exported with a `members-` prefix).
 * @csspart presence - The dot on a one-to-one conversation's avatar saying whether the other person is online.
 * @csspart messages - The scrolling message list.
 * @csspart empty - The text shown while there are no messages.
 * @csspart notice - Shown instead of messages when the user has no access.
 * @csspart message - Each message element (its own parts are exported with a `message-` prefix).
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

  private handle: ConversationHandle | null = null;
  private followed: { chat: Chat | null; id: string } = { chat: null, id: "" };
  private readonly messages = new StoreBinding<ChatMessage[]>(this);
  private readonly members = new StoreBinding<Member[]>(this);
  private readonly meta = new StoreBinding<ConversationMeta | null>(this);
  private readonly status = new StoreBinding<ConnectionStatus>(this);
  private readonly current = new StoreBinding<string | null>(this);
  private readonly typing = new StoreBinding<Typist[]>(this);
  private readonly online = new StoreBinding<string[]>(this);
  private readonly list = createRef<HTMLElement>();
  private stickToBottom = true;
  /**
   * The id of the first rendered message while the reader is away from the newest ones; null
   * while the slice follows the newest messages (`SLICE_SIZE` of them, more to keep focus).
   */
  private sliceStart: string | null = null;
  /** The slice's bounds in the messages store as last rendered: [start, end). */
  private slice: Slice = { start: 0, end: 0 };
  /** True from moving the slice until the reader's place is restored after it. */
  private sliceMoving = false;
  /** The first message in view and its distance from the list's top, kept in place across updates. */
  private anchor: { id: string; top: number } | null = null;
  /** Settles once the last update's scroll position is restored, which happens after the update itself. */
  private scrollKept: Promise<void> = Promise.resolve();
  private loadingOlder = false;
  private olderExhausted = false;
  private stopForwarding: (() => void) | null = null;
  /** Others' messages that arrived live, newest last: what the live region says. */
  private arrivals: readonly ChatMessage[] = [];
  /** What the last update watched, to tell arrivals from a load. */
  private lastSeen: Watched = { conversation: null, online: false, seq: 0 };

  protected willUpdate(changed: PropertyValues<this>): void {
    if (this.chatChanged(changed)) this.current.bind(this.activeChat?.current ?? null);
    this.follow();
    this.noteArrivals();
    this.anchor = this.stickToBottom ? null : this.firstInView();
    const focusedId = (this.shadowRoot?.activeElement as HTMLElement | null)?.dataset.id;
    this.slice = renderedSlice(this.messages.value ?? [], this.sliceStart, focusedId);
  }

  /** Moves the slice by `by` messages, towards the oldest when negative. */
  private moveSlice(by: number): Promise<void> {
    return this.moveSliceTo(heldSlice(this.messages.value ?? [], this.sliceStart).start + by);
  }

  /**
   * Moves the slice to start at the `start`th message (clamped to those held); the update keeps
   * the first message in view where it was. Scroll events move no slice until that is done.
   */
  private async moveSliceTo(start: number): Promise<void> {
    const messages = this.messages.value ?? [];
    const moved = clampedSliceStart(start, messages.length);
    if (moved === heldSlice(messages, this.sliceStart).start) return;
    this.sliceStart = messages[moved]!.id;
    this.sliceMoving = true;
    this.requestUpdate();
    await this.updateComplete;
    await this.scrollKept;
    this.sliceMoving = false;
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
    this.typing.bind(handle?.typing ?? null);
    this.online.bind(handle?.online ?? null);
    this.composing = null;
    this.error = "";
    this.olderExhausted = false;
    this.stopForwarding?.();
    this.stopForwarding = handle && this.isConnected ? this.forwardEvents(handle) : null;
    this.stickToBottom = true;
    this.sliceStart = null;
    this.showMembers = false;
    this.showSearch = false;
  }

  /** Collects the messages others sent live since the last update, for the live region. */
  private noteArrivals(): void {
    const messages = this.messages.value ?? [];
    const now = { conversation: this.handle, online: this.status.value === "online", seq: newestSeq(messages) };
    this.arrivals = nextArrivals(this.arrivals, this.lastSeen, now, messages, this.activeChat?.user.userId);
    this.lastSeen = now;
  }

  /** Re-dispatches the conversation's changes as DOM events for the host page. */
  private forwardEvents(handle: ConversationHandle): () => void {
    const stops = [
      handle.on("message", (item, op) => emit(this, "chat-message", { item, op })),
      handle.on("member", (item, op) => emit(this, "chat-member", { item, op })),
      handle.on("conversation", (item, op) => emit(this, "chat-conversation", { item, op })),
      handle.on("presence", (item) => emit(this, "chat-presence", item)),
    ];
    return () => stops.forEach((stop) => stop());
  }

  connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.markSeenIfSeen);
    if (this.handle && !this.stopForwarding) this.stopForwarding = this.forwardEvents(this.handle);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.markSeenIfSeen);
    this.stopForwarding?.();
    this.stopForwarding = null;
  }

  protected updated(): void {
    this.scrollKept = this.keepScrollPosition(this.anchor);
    // Marking read changes the members store; doing it after this update avoids a nested one.
    queueMicrotask(this.markSeenIfSeen);
  }

  private messageElement(messageId: string): HTMLElement | null {
    return this.list.value?.querySelector<HTMLElement>(`[data-id="${CSS.escape(messageId)}"]`) ?? null;
  }

  private offsetInList(element: Element): number {
    return element.getBoundingClientRect().top - this.list.value!.getBoundingClientRect().top;
  }

  private firstInView(): { id: string; top: number } | null {
    const list = this.list.value;
    if (!list) return null;
    const first = [...list.querySelectorAll<HTMLElement>("chat-message")].find((element) => this.offsetInList(element) + element.offsetHeight > 0);
    return first ? { id: first.dataset.id!, top: this.offsetInList(first) } : null;
  }

  /**
   * Once the message elements have rendered: at the bottom, stays at the bottom; otherwise keeps
   * the message that was first in view where it was, as older pages load above it.
   */
  private async keepScrollPosition(anchor: { id: string; top: number } | null): Promise<void> {
    const list = this.list.value;
    if (!list) return;
    await Promise.all([...list.querySelectorAll("chat-message")].map((message) => message.updateComplete));
    if (this.list.value !== list) return;
    if (this.stickToBottom) {
      list.scrollTop = list.scrollHeight;
      return;
    }
    const anchored = anchor && this.messageElement(anchor.id);
    if (anchored) list.scrollTop += this.offsetInList(anchored) - anchor.top;
  }

  /** The reader sees the newest messages when the page is visible and the list is at the bottom. */
  /**
   * The reader has seen what the list shows while the page is visible: everything at the
   * bottom, or up to the last message in view when scrolled back.
   */
  private readonly markSeenIfSeen = (): void => {
    if (!this.handle || document.visibilityState !== "visible") return;
    if (this.stickToBottom) return this.handle.markSeen();
    const list = this.list.value;
    const inView = [...(list?.querySelectorAll<HTMLElement>("chat-message") ?? [])].findLast(
      (element) => this.offsetInList(element) + element.offsetHeight <= list!.clientHeight,
    );
    if (inView) this.handle.markSeen(inView.dataset.id);
  };

  /**
   * At the bottom of a slice that ends with the newest message, follows the newest again; near
   * the slice's top, moves it up through the messages held, then loads older pages from the
   * server; near its bottom with newer messages held, moves it down.
   */
  private handleScroll(): void {
    const list = this.list.value;
    if (!list || this.sliceMoving) return;
    const { stickToBottom, move } = afterScroll({
      scrollTop: list.scrollTop,
      fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight,
      slice: this.slice,
      count: this.messages.value?.length ?? 0,
    });
    this.stickToBottom = stickToBottom;
    if (stickToBottom) this.sliceStart = null;
    else this.sliceStart ??= this.messages.value?.[this.slice.start]?.id ?? null;
    this.markSeenIfSeen();
    // A page that loads lands above the slice: moving up then shows its newest part.
    if (move === "load") void this.loadOlder().then(() => this.moveSlice(-SLICE_STEP));
    else if (move) void this.moveSlice(move === "older" ? -SLICE_STEP : SLICE_STEP);
  }

  /** Loads the page before the oldest message held; false when there is none. */
  private async loadOlder(): Promise<boolean> {
    const handle = this.handle;
    if (!handle || this.loadingOlder || this.olderExhausted || this.status.value !== "online") return false;
    this.loadingOlder = true;
    try {
      const { hasMore } = await handle.fetchMessages();
      if (handle === this.handle) this.olderExhausted = !hasMore;
      return hasMore;
    } catch {
      return false;
    } finally {
      this.loadingOlder = false;
    }
  }

  private indexOf(messageId: string): number {
    return (this.messages.value ?? []).findIndex((message) => message.id === messageId);
  }

  /**
   * Shows the message `detail.messageId`, loading older pages until it is held, and moving the
   * slice to centre it when it is held but not rendered.
   */
  private async handleJump(event: CustomEvent<ChatMessageActionDetail>): Promise<void> {
    const { messageId } = event.detail;
    for (let pages = 0; this.indexOf(messageId) < 0 && pages < JUMP_PAGE_LIMIT; pages++) {
      this.stickToBottom = false;
      if (!(await this.loadOlder())) break;
      await this.updateComplete;
    }
    const index = this.indexOf(messageId);
    if (index >= 0 && !this.messageElement(messageId)) {
      this.stickToBottom = false;
      await this.moveSliceTo(sliceStartCentring(index));
    }
    // Restoring the position after a page loaded would otherwise undo the jump below.
    await this.scrollKept;
    const target = this.messageElement(messageId);
    if (!target) return;
    this.stickToBottom = false;
    target.scrollIntoView({ block: "center" });
    // Focusable only while jumped to: a host with tabindex=-1 takes its buttons out of the Tab order.
    target.tabIndex = -1;
    target.addEventListener("blur", () => target.removeAttribute("tabindex"), { once: true });
    target.focus();
  }

  private handleSend(event: CustomEvent<ChatSendDetail>): void {
    if (!this.handle || this.status.value === "refused") {
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
    this.stickToBottom = true;
    this.sliceStart = null;
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
      this.error = error instanceof Error ? error.message : String(error);
    });
  }

  private compose(kind: ComposerContext["kind"], messageId: string): void {
    const message = this.messages.value?.find((item) => item.id === messageId);
    this.composing = message ? { kind, message } : null;
  }

  private handleTyping(event: CustomEvent<ChatTypingDetail>): void {
    this.handle?.setTyping(event.detail.typing);
  }

  private get displayTitle(): string {
    const meta = this.meta.value;
    if (this.heading) return this.heading;
    if (meta?.title) return meta.title;
    const userId = this.activeChat?.user.userId;
    const others = (this.members.value ?? []).filter((member) => member.userId !== userId).map((member) => member.name);
    return others.slice(0, 3).join(", ") || this.shownId;
  }

  private handleRetry(event: CustomEvent<ChatMessageActionDetail>): void {
    this.handle?.retry(event.detail.messageId);
  }

  /** Renders `shown`, a slice of `messages`: quotes and "Seen" labels look at all of them. */
  private renderMessages(messages: ChatMessage[], shown: ChatMessage[]) {
    const userId = this.activeChat?.user.userId ?? "";
    const members = this.members.value ?? [];
    const names = memberLabels(members);
    const byId = new Map(messages.map((message) => [message.id, message]));
    const myRole = members.find((member) => member.userId === userId)?.role;
    const moderator = canModerate(myRole);
    const readers = readersByMessage(messages, members, userId);
    const direct = this.meta.value?.type === "direct";
    const seenBy = (names?: string[]) => (!names ? "" : direct ? this.t.seen : this.t.seenBy(names.join(", ")));
    return repeat(
      shown,
      (message) => message.id,
      (message) => html`<chat-message
        part="message"
        lang=${this.locale || nothing}
        .strings=${this.strings}
        data-id=${message.id}
        exportparts=${messageParts}
        .message=${message}
        .loadAttachment=${this.handle?.attachmentUrl}
        .quoted=${message.replyTo ? byId.get(message.replyTo) : undefined}
        .names=${names}
        .userId=${userId}
        .seenBy=${seenBy(readers.get(message.id))}
        ?own=${message.senderId === userId}
        .canDelete=${message.senderId === userId || moderator}
      ></chat-message>`,
    );
  }

  private get typingLine(): string {
    const names = (this.typing.value ?? []).map((typist) => typist.name);
    return names.length ? this.t.typing(names) : "";
  }

  /** Members the composer offers after "@": everyone but the current user. */
  private get mentionable(): Member[] {
    const userId = this.activeChat?.user.userId;
    return (this.members.value ?? []).filter((member) => member.userId !== userId);
  }

  /** Whether the other person of a one-to-one conversation is online; undefined for groups. */
  private get peerOnline(): boolean | undefined {
    if (this.meta.value?.type !== "direct") return undefined;
    const userId = this.activeChat?.user.userId;
    const peer = (this.members.value ?? []).find((member) => member.userId !== userId);
    return peer ? (this.online.value ?? []).includes(peer.userId) : undefined;
  }

  private renderBody() {
    if (this.status.value === "refused") {
      return html`<p part="notice" class="notice" role="alert">${this.t.notMember}</p>`;
    }
    const messages = this.messages.value ?? [];
    // The log is read by moving through it, so it stays silent: as a live region it would read
    // out every button of a new message, and each page of older messages loading above.
    // #announcer says "sender: text" for messages from others instead.
    return html`<div
      ${ref(this.list)}
      part="messages"
      class="messages"
      role="log"
      aria-live="off"
      aria-labelledby="title"
      tabindex="0"
      @scroll=${this.handleScroll}
      @chat-retry=${this.handleRetry}
      @chat-react=${(event: CustomEvent<ChatReactDetail>) => this.attempt((handle) => handle.react(event.detail.messageId, event.detail.emoji))}
      @chat-reply=${(event: CustomEvent<ChatMessageActionDetail>) => this.compose("reply", event.detail.messageId)}
      @chat-edit=${(event: CustomEvent<ChatMessageActionDetail>) => this.compose("edit", event.detail.messageId)}
      @chat-delete=${(event: CustomEvent<ChatMessageActionDetail>) => this.attempt((handle) => handle.delete(event.detail.messageId))}
      @chat-jump=${this.handleJump}
    >
      ${messages.length === 0
        ? html`<div part="empty" class="empty"><slot name="empty">${this.handle ? this.t.noMessages : this.t.noConversation}</slot></div>`
        : nothing}
      ${this.renderMessages(messages, messages.slice(this.slice.start, this.slice.end))}
    </div>`;
  }

  render() {
    const ready = Boolean(this.handle);
    const status: ConnectionStatus = ready ? (this.status.value ?? "connecting") : "offline";
    const memberCount = this.members.value?.length ?? 0;
    const t = this.t;
    // No empty heading: screen readers would still list it among the page's headings.
    const title = ready ? this.displayTitle : this.heading || this.shownId;
    return html`
      <div part="header" class="header">
        ${ready ? renderAvatar(t, this.displayTitle, this.meta.value?.avatar, this.peerOnline) : nothing}
        <div class="heading">
          <h2 part="title" id="title" ?hidden=${!title}>${title}</h2>
          ${memberCount > 0
            ? html`<button
                part="members-button"
                class="members-button"
                type="button"
                aria-expanded=${this.showMembers ? "true" : "false"}
                aria-controls="members"
                @click=${() => (this.showMembers = !this.showMembers)}
              >
                ${t.members(memberCount)}
              </button>`
            : nothing}
        </div>
        ${ready
          ? html`<button
              part="search-toggle"
              class="quiet"
              type="button"
              aria-expanded=${this.showSearch ? "true" : "false"}
              aria-controls="search"
              @click=${() => (this.showSearch = !this.showSearch)}
            >
              ${t.search}
            </button>`
          : nothing}
        <slot name="header-actions"></slot>
        <span part="connection-status" class="status" role="status">${ready ? t[status] : ""}</span>
      </div>
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
      ${this.renderBody()}
      <div id="announcer" class="sr-only" aria-live="polite">
        ${repeat(
          this.arrivals,
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
        .members=${this.mentionable}
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

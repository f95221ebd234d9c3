import { html, nothing } from "lit";
import { plainText, type LinkPreview } from "../../protocol/index.js";
import type { ChatMessage } from "../../store/index.js";
import { AttachmentUrls, renderAttachments, type AttachmentLoader } from "../attachments/message-attachments.js";
import { messageAttachmentStyles } from "../attachments/message-attachments.styles.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { emit, type ChatMessageActionDetail, type ChatPersonDetail, type ChatReactDetail } from "../events.js";
import { renderAvatar } from "../avatar.js";
import { formatFullTime, formatTime } from "../format.js";
import { renderMarkdown } from "../markdown.js";
import { avatarStyles, srOnlyStyles, themeStyles } from "../shared.styles.js";
import { chatMessageStyles } from "./chat-message.styles.js";
import { inlineStep, ReactionPicker } from "./reaction-picker.js";

/** The reactions offered in a message's toolbar; any emoji sent through the API is shown too. */
const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉"];

/** How much of a quoted message a reply shows. */
const QUOTE_LENGTH = 80;

/**
 * One message: sender, time, text, delivery status, the message it replies to, reactions,
 * and a toolbar to react, reply, edit or delete. The text may use a small markdown subset
 * (src/components/markdown.ts), built from Lit templates: it is never parsed as HTML. The
 * element acts by emitting events; the window holding it does the rest.
 *
 * In a list, consecutive messages of one sender form a group: the window sets `continued` on
 * all but the first (no sender line, tighter spacing) and `followed` on all but the last (no
 * avatar), and `hideReceipt` on the user's older messages, so "Sent" and "Seen" show once.
 *
 * @tag chat-message
 * @summary A single chat message bubble.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @csspart system - A system message (posted by the host's backend): one centred, muted line.
 * @csspart meta - The line with sender and time (read by screen readers only on a `continued` message).
 * @csspart sender - The sender's name: on others' messages a button opening their card (`chat-person`), but on a `continued` one.
 * @csspart timestamp - The time the message was sent.
 * @csspart edited - The "edited" mark on an edited message.
 * @csspart quote - The message this one replies to; activating it jumps there.
 * @csspart bubble - The bubble holding the text.
 * @csspart bubble-own - Added to `bubble` on the current user's messages.
 * @csspart bubble-deleted - Added to `bubble` on a deleted message.
 * @csspart reactions - The row of reactions.
 * @csspart reaction - One reaction: emoji and count; pressed when the current user reacted.
 * @csspart actions - The toolbar shown on hover or focus.
 * @csspart action-button - Each button in the toolbar.
 * @csspart more-reactions-button - Added to `action-button` on the one opening the picker of more reactions.
 * @csspart reaction-picker - The picker of more reactions: a list of emoji in groups, loaded when first opened.
 * @csspart bold - **Bold** text in a message.
 * @csspart italic - *Italic* text in a message.
 * @csspart code - `Inline code` in a message.
 * @csspart code-block - A fenced code block in a message.
 * @csspart link - A web address in a message, opened in a new tab.
 * @csspart mention - A member the message mentions ("@Name").
 * @csspart mention-me - Added to `mention` when it names the current user.
 * @csspart bubble-mentioned - Added to `bubble` on others' messages that mention the current user.
 * @csspart status - The delivery status of the current user's messages.
 * @csspart status-reason - Why a message was not sent, after "Not sent".
 * @csspart seen - Who has seen the conversation up to this message (shown instead of "Sent").
 * @csspart avatar - The sender's picture or initials beside the last of a group of others' messages, with `avatars`.
 * @csspart retry-button - Sends a message that could not be sent again.
 * @csspart attachments - The message's files.
 * @csspart attachment-image - An attached picture, shown inline.
 * @csspart attachment-file - The download link of any other attached file.
 * @csspart preview - The card of the message's first link (title, description, site), opened in a new tab.
 * @csspart preview-site - The linked site's name, or its host.
 * @csspart preview-title - The linked page's title.
 * @csspart preview-description - The linked page's description.
 * @cssproperty --chat-message-avatar-size - Size of the sender's avatar beside others' messages (default 1.75rem).
 * @cssproperty --chat-attachment-max-height - Tallest a picture is shown (default 20rem).
 * @event chat-retry - The user asked to send a failed message again: `detail.messageId`.
 * @event chat-react - The user toggled the reaction `detail.emoji` on `detail.messageId`.
 * @event chat-person - The sender's name was pressed: their card should open (`<chat-window>` opens it).
 * @event chat-reply - The user wants to answer `detail.messageId`.
 * @event chat-edit - The user wants to edit `detail.messageId`.
 * @event chat-delete - The user confirmed deleting `detail.messageId`.
 * @event chat-jump - The user wants to see the message `detail.messageId` (the one replied to).
 * @cssproperty --chat-bubble-own-background - Bubble colour of the current user's messages.
 * @cssproperty --chat-bubble-own-color - Text colour of the current user's messages.
 * @cssproperty --chat-bubble-other-background - Bubble colour of others' messages.
 * @cssproperty --chat-bubble-other-color - Text colour of others' messages.
 * @cssproperty --chat-bubble-radius - Bubble corner radius.
 * @cssproperty --chat-bubble-padding - Space inside a bubble.
 * @cssproperty --chat-link-color - Colour of links in others' messages (own messages use their text colour).
 * @cssproperty --chat-muted-color - Colour of the sender, time and status.
 * @cssproperty --chat-danger-color - Colour of a message that could not be sent.
 * @cssproperty --chat-mention-background - Background of a mention of the current user.
 * @cssproperty --chat-mention-color - Text colour of a mention of the current user.
 * @cssproperty --chat-mention-bubble-background - Bubble colour of others' messages that mention the current user.
 * @cssproperty --chat-mention-accent - The edge marking a message that mentions the current user.
 */
export class ChatMessageElement extends ConfabElement {
  static styles = [themeStyles, avatarStyles, chatMessageStyles, messageAttachmentStyles, srOnlyStyles];

  static properties = {
    ...ConfabElement.properties,
    message: { attribute: false },
    quoted: { attribute: false },
    names: { attribute: false },
    userId: { attribute: false },
    own: { type: Boolean, reflect: true },
    canDelete: { type: Boolean, attribute: false },
    seenBy: { attribute: false },
    status: { reflect: true },
    mentioned: { type: Boolean, reflect: true },
    continued: { type: Boolean, reflect: true },
    followed: { type: Boolean, reflect: true },
    avatars: { type: Boolean, reflect: true },
    avatarUrl: { attribute: false },
    hideReceipt: { type: Boolean, attribute: false },
    highlighted: { type: Boolean, reflect: true },
    confirmingDelete: { state: true },
    loadAttachment: { attribute: false },
  };

  message: ChatMessage | null = null;
  /** The message this one replies to, when it is held; absent when it is not. */
  quoted: ChatMessage | undefined;
  /** Members' names by id (with their id where two share a name), to say who wrote and who reacted. */
  names: ReadonlyMap<string, string> = new Map();
  /** The current user, whose reactions show as pressed. */
  userId = "";
  /** Set on the current user's own messages. */
  own = false;
  /** Whether the current user may delete this message (their own, or as owner or admin). */
  canDelete = false;
  /** "Seen", or "Seen by …", when members have read up to this message. */
  seenBy = "";
  /** Mirrors the message's delivery status for styling. */
  status: ChatMessage["status"] | undefined;
  /** Set when someone else's message mentions the current user, for styling. */
  mentioned = false;
  /** Continues the group of the message before it (same sender, minutes apart): no sender line. */
  continued = false;
  /** The next message continues its group: no avatar, less space below. */
  followed = false;
  /** Leaves room beside others' messages for the sender's avatar, shown by the last of a group. */
  avatars = false;
  /** The sender's picture, with `avatars`; their initials without one. */
  avatarUrl: string | undefined;
  /** Set on the user's messages older than their newest: "Sent" shows once; pending and failed always. */
  hideReceipt = false;
  /** Set for a moment on a message just jumped to (a search result, a quoted message). */
  highlighted = false;
  /**
   * Set by a list that moves focus between its messages (`<chat-window>` does): the message
   * itself is then the Tab stop, and its controls are Tab stops only once entered with Enter or
   * the inline-end arrow; Escape goes back to the message.
   */
  roving = false;
  private confirmingDelete = false;
  /** Whether focus is inside the message (on one of its controls), so they are Tab stops. */
  #entered = false;
  /** Which toolbar button is its Tab stop. */
  #toolbarStop = 0;
  /** Fetches an attachment's bytes as an object URL: the conversation's `attachmentUrl`. */
  loadAttachment: AttachmentLoader | null = null;
  private readonly attachmentUrls = new AttachmentUrls(this);
  private readonly picker = new ReactionPicker(
    this,
    (emoji) => this.react(emoji),
    () => this.renderRoot.querySelector<HTMLElement>('[part~="more-reactions-button"]')!,
  );

  constructor() {
    super();
    this.addEventListener("keydown", (event) => this.handleKey(event));
    this.addEventListener("focusin", (event) => event.composedPath()[0] !== this && this.setEntered(true));
    // Retargeted to this element, a focus target inside it is `this`: only leaving counts.
    this.addEventListener("focusout", (event) => event.relatedTarget !== this && this.setEntered(false));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute("role")) this.setAttribute("role", "article");
  }

  private act(type: "chat-retry" | "chat-reply" | "chat-edit" | "chat-delete" | "chat-jump", messageId = this.message!.id): void {
    emit<ChatMessageActionDetail>(this, type, { messageId });
  }

  /** From the button itself, so the card gives focus back to it. */
  private showSender(button: EventTarget, name: string): void {
    emit<ChatPersonDetail>(button, "chat-person", { userId: this.message!.senderId, name, avatar: this.avatarUrl });
  }

  private react(emoji: string): void {
    emit<ChatReactDetail>(this, "chat-react", { messageId: this.message!.id, emoji });
  }

  private handleDelete(): void {
    if (this.confirmingDelete) this.act("chat-delete");
    this.confirmingDelete = !this.confirmingDelete;
  }

  /** With `roving`: Enter or the inline-end arrow enters the message, Escape leaves it. */
  private handleKey(event: KeyboardEvent): void {
    if (!this.roving || event.defaultPrevented) return;
    const onMessage = event.composedPath()[0] === this;
    const inward = inlineStep(this) < 0 ? "ArrowLeft" : "ArrowRight";
    if (onMessage && (event.key === "Enter" || event.key === inward)) {
      const target = this.toolbarButtons()[this.#toolbarStop] ?? this.controls()[0];
      if (!target) return;
      event.preventDefault();
      this.setEntered(true);
      target.focus();
    } else if (!onMessage && event.key === "Escape") {
      event.preventDefault();
      this.setEntered(false);
      this.focus();
    }
  }

  private controls(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>("a[href], button")];
  }

  private toolbarButtons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')];
  }

  private setEntered(entered: boolean): void {
    if (entered === this.#entered) return;
    this.#entered = entered;
    if (!entered) this.picker.close(false);
    this.syncTabStops();
  }

  /** With `roving`, only an entered message's controls are Tab stops (one for the toolbar). */
  private syncTabStops(): void {
    if (!this.roving) return;
    const toolbar = this.toolbarButtons();
    this.#toolbarStop = Math.max(0, Math.min(this.#toolbarStop, toolbar.length - 1));
    for (const control of this.controls()) {
      const index = toolbar.indexOf(control as HTMLButtonElement);
      control.tabIndex = this.#entered && (index < 0 || index === this.#toolbarStop) ? 0 : -1;
    }
  }

  protected updated(): void {
    this.syncTabStops();
  }

  protected willUpdate(): void {
    this.status = this.message?.status;
    this.mentioned = !this.own && !this.message?.deletedAt && (this.message?.mentions?.includes(this.userId) ?? false);
  }

  private renderQuote(replyTo: string) {
    const { quoted, t } = this;
    // The quote reads as words: markdown's marks would show as they were typed.
    const words = quoted && !quoted.deletedAt ? plainText(quoted.text) : "";
    const excerpt = !quoted ? t.earlierMessage : quoted.deletedAt ? t.deleted : words.length > QUOTE_LENGTH ? `${words.slice(0, QUOTE_LENGTH)}…` : words;
    return html`<button part="quote" class="quote" type="button" @click=${() => this.act("chat-jump", replyTo)}>
      <span class="sr-only">${t.inReplyTo}</span> ${quoted ? html`<bdi class="name">${quoted.senderName}</bdi> ` : nothing}<bdi>${excerpt}</bdi>
    </button>`;
  }

  private renderReactions(reactions: Record<string, string[]>) {
    const entries = Object.entries(reactions);
    if (entries.length === 0) return nothing;
    return html`<div part="reactions" class="reactions" role="group" aria-label=${this.t.reactions}>
      ${entries.map(([emoji, userIds]) => {
        const who = userIds.map((userId) => this.names.get(userId) ?? userId).join(", ");
        return html`<button
          part="reaction"
          class="reaction"
          type="button"
          aria-pressed=${userIds.includes(this.userId) ? "true" : "false"}
          aria-label=${`${emoji} ${userIds.length}: ${who}`}
          title=${who}
          @click=${() => this.react(emoji)}
        >
          ${emoji} ${userIds.length}
        </button>`;
      })}
    </div>`;
  }

  /** One Tab stop per toolbar: arrow keys, Home and End move between its buttons. */
  private handleToolbarKey(event: KeyboardEvent): void {
    const buttons = [...(event.currentTarget as HTMLElement).querySelectorAll("button")];
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    const step = inlineStep(this);
    const next = { ArrowRight: at + step, ArrowLeft: at - step, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#toolbarStop = (next + buttons.length) % buttons.length;
    const target = buttons[this.#toolbarStop]!;
    for (const button of buttons) button.tabIndex = button === target ? 0 : -1;
    target.focus();
  }

  private renderActions(message: ChatMessage) {
    if (message.seq === null || message.deletedAt) return nothing;
    const t = this.t;
    const actions: { label: string; name?: string; run: () => void; more?: true }[] = [
      ...QUICK_REACTIONS.map((emoji) => ({ label: emoji, name: t.react(emoji), run: () => this.react(emoji) })),
      { label: "+", name: t.moreReactions, run: () => void this.picker.toggle(), more: true },
      { label: t.reply, run: () => this.act("chat-reply") },
      ...(this.own ? [{ label: t.edit, run: () => this.act("chat-edit") }] : []),
      ...(this.canDelete ? [{ label: this.confirmingDelete ? t.reallyDelete : t.delete, run: () => this.handleDelete() }] : []),
    ];
    return html`<div part="actions" class="actions" role="toolbar" aria-label=${t.messageActions} @keydown=${this.handleToolbarKey}>
      ${actions.map(
        (action, index) =>
          html`<button
            part=${action.more ? "action-button more-reactions-button" : "action-button"}
            type="button"
            tabindex=${index === 0 ? 0 : -1}
            aria-label=${action.name ?? nothing}
            aria-haspopup=${action.more ? "listbox" : nothing}
            aria-expanded=${action.more ? this.picker.open : nothing}
            @click=${action.run}
            @blur=${() => (this.confirmingDelete = false)}
          >
            ${action.label}
          </button>`,
      )}
    </div>${this.picker.render(t)}`;
  }

  /**
   * The card the server made of the first link: text only, and no picture, since loading it
   * would tell the linked site who reads the conversation (README "Link previews").
   */
  private renderPreview({ url, title, description, siteName, picture }: LinkPreview) {
    // The server's copy of the page's picture, fetched like an attachment: the linked site never sees the reader.
    const pictureUrl = picture && this.attachmentUrls.peek(picture, this.loadAttachment);
    return html`<a part="preview" class="preview" href=${url} target="_blank" rel="noopener noreferrer nofollow">
      ${pictureUrl ? html`<img part="preview-image" class="preview-image" src=${pictureUrl} alt="" />` : nothing}
      <span class="sr-only">${this.t.linkPreview}</span>
      <span part="preview-site" class="preview-site">${siteName ?? new URL(url).host}</span>
      ${title ? html`<span part="preview-title" class="preview-title" dir="auto">${title}</span>` : nothing}
      ${description ? html`<span part="preview-description" class="preview-description" dir="auto">${description}</span>` : nothing}
    </a>`;
  }

  private renderStatus(message: ChatMessage) {
    if (!this.own || (message.status === "sent" && (this.hideReceipt || this.seenBy))) return nothing;
    const failed = message.status === "failed";
    return html`<span part="status" class="status"
      >${this.t[message.status === "pending" ? "sending" : message.status]}${failed && message.error
        ? html`<span part="status-reason" class="status-reason" dir="auto">: ${errorText(this.t, { code: message.errorCode, message: message.error })}</span>`
        : nothing}${failed
        ? html` <button part="retry-button" class="retry" type="button" @click=${() => this.act("chat-retry")}>${this.t.retry}</button>`
        : nothing}</span
    >`;
  }

  render() {
    const message = this.message;
    if (!message) return nothing;
    if (message.system) return html`<p part="system">${message.text}</p>`;
    const sentAt = new Date(message.createdAt);
    const { t, locale } = this;
    const bubbleParts = ["bubble", this.own && "bubble-own", message.deletedAt && "bubble-deleted", this.mentioned && "bubble-mentioned"]
      .filter(Boolean)
      .join(" ");
    const mentions = (message.mentions ?? []).map((userId) => ({ userId, name: this.names.get(userId) ?? userId }));
    const fullTime = formatFullTime(message.createdAt, locale);
    const sender = this.names.get(message.senderId) ?? message.senderName;
    return html`
      ${this.avatars && !this.own && !this.followed ? renderAvatar(t, sender, this.avatarUrl) : nothing}
      <div part="meta" class=${this.continued ? "meta sr-only" : "meta"}>
        ${this.continued || this.own
          ? html`<bdi part="sender" class="sender">${sender}</bdi>`
          : html`<button part="sender" class="sender" type="button" dir="auto" aria-haspopup="dialog" @click=${(event: Event) => this.showSender(event.currentTarget!, sender)}>${sender}</button>`}
        <time part="timestamp" datetime=${sentAt.toISOString()} title=${fullTime}
          >${formatTime(message.createdAt, locale)}</time
        >
        ${message.editedAt && !message.deletedAt ? html`<span part="edited">${t.edited}</span>` : nothing}
        ${this.mentioned ? html`<span class="sr-only">${t.mentionsYou}</span>` : nothing}
      </div>
      ${message.replyTo ? this.renderQuote(message.replyTo) : nothing}
      <div part=${bubbleParts} class="bubble" dir="auto" title=${this.continued ? fullTime : nothing}>${message.deletedAt ? t.deleted : renderMarkdown(message.text, mentions, this.userId)}</div>
      ${renderAttachments(t, message.attachments, this.attachmentUrls, this.loadAttachment)}
      ${message.preview && !message.deletedAt ? this.renderPreview(message.preview) : nothing}
      ${this.renderReactions(message.reactions ?? {})} ${this.renderActions(message)} ${this.renderStatus(message)}
      ${this.seenBy ? html`<span part="seen" class="seen">${this.seenBy}</span>` : nothing}
    `;
  }
}

defineElement("chat-message", ChatMessageElement);

declare global {
  interface HTMLElementTagNameMap {
    "chat-message": ChatMessageElement;
  }
}

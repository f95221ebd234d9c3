import { html, nothing, svg, type PropertyValues } from "lit";
import type { Chat } from "../../store/index.js";
import "../chat-list/chat-list.js";
import "../chat-window/chat-window.js";
import { ChatElement } from "../chat-element.js";
import { defineElement } from "../define.js";
import { emit, type ChatToggleDetail } from "../events.js";
import { listPartNames, prefixed, windowPartNames } from "../parts.js";
import { StoreBinding } from "../controllers/store-binding.js";
import { MessageAlerts, TitleCount } from "./attention.js";
import { chatWidgetStyles } from "./chat-widget.styles.js";

const listParts = `${prefixed("list", listPartNames)}, header:header, heading:heading`;
// The popup has one header, the list's or the window's: their header and heading (the window's
// title) are also the popup's `header` and `heading`, so a page styling those styles it.
const windowParts = `${prefixed("window", windowPartNames)}, header:header, title:heading`;

const backIcon = svg`<path d="M15 5l-7 7 7 7" />`;
const bubbleIcon = svg`<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />`;

/**
 * Where the popup's state is kept for this server and user, so a reload keeps it: whether it is
 * open, and the conversation it shows.
 */
const storageKey = (what: "open" | "conversation", host: string, userId: string) => `confab:widget-${what}:${host}:${userId}`;

/** localStorage, or null where the page may not use it (sandboxed frames, some private modes). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The one-tag embed: a launcher button in a corner of the page, with the unread count, that
 * opens a popup holding the conversation list and, once one is chosen, that conversation.
 * Escape or the close button closes the popup and gives focus back to the launcher. Whether it
 * is open, and the conversation it shows, are remembered for this server and user across reloads. On screens up to 480 px wide
 * the popup fills the viewport. Events of the inner list and window (`chat-select`,
 * `chat-send`, `chat-message`…) bubble out of it.
 *
 * @tag chat-widget
 * @summary A chat launcher and popup: list and conversation in one tag.
 * @attr host - Server host, such as `chat.example.com`; defaults to the page's host.
 * @attr token - A JWT your backend signed for the current user (or the `tokenProvider` property).
 * @attr user - The current user's id: with `tokenProvider`, or alone for guest mode.
 * @attr name - The current user's display name in guest mode.
 * @attr conversation - A conversation id to show at once instead of the list.
 * @attr position - `bottom-right` (default) or `bottom-left`.
 * @attr theme - `light`, `dark` or `auto`; passed on to the list and the window.
 * @attr lang - The language of the widget's text; passed on to the list and the window.
 * @attr open - Whether the popup is open; set by the launcher and remembered across reloads.
 * @attr title-unread - Prefixes the page's title with the unread count, as "(3) Title".
 * @attr notify - While the page is hidden, a desktop notification and a short sound for each
 *   new message from someone else. Permission is asked when the user first opens the popup.
 * @event chat-toggle - The user opened or closed the popup: `detail.open`.
 * @csspart launcher - The round button that opens and closes the popup.
 * @csspart launcher-icon - The icon inside the launcher.
 * @csspart badge - The unread count on the launcher.
 * @csspart popup - The popup holding the list or the conversation.
 * @csspart header - The popup's one top bar: the list's (`list-header`) or the conversation's (`window-header`).
 * @csspart heading - The popup's heading: the list's (`list-heading`) or the conversation's title (`window-title`).
 * @csspart back-button - Goes from a conversation back to the list; in the window's header.
 * @csspart close-button - Closes the popup; in the header.
 * @csspart list - The `<chat-list>`; its own parts are exported with a `list-` prefix (`list-item`, `list-badge`…).
 * @csspart window - The `<chat-window>`; its own parts are exported with a `window-` prefix (`window-composer-input`…).
 * @cssproperty --chat-launcher-size - Width and height of the launcher.
 * @cssproperty --chat-launcher-background - Launcher colour; defaults to the accent colour.
 * @cssproperty --chat-launcher-color - Launcher icon colour.
 * @cssproperty --chat-widget-offset - Distance of the launcher from the page's edges.
 * @cssproperty --chat-popup-width - Width of the popup.
 * @cssproperty --chat-popup-height - Height of the popup.
 * @cssproperty --chat-widget-z-index - Stacking order over the page.
 * @cssproperty --chat-accent-color - Accent for the launcher and buttons.
 * @cssproperty --chat-badge-background - Unread badge colour.
 * @cssproperty --chat-badge-color - Unread badge text colour.
 */
export class ChatWidget extends ChatElement {
  static styles = chatWidgetStyles;

  static properties = {
    ...ChatElement.properties,
    conversation: {},
    position: { reflect: true },
    open: { type: Boolean, reflect: true },
    titleUnread: { type: Boolean, attribute: "title-unread" },
    notify: { type: Boolean },
  };

  conversation = "";
  position: "bottom-right" | "bottom-left" = "bottom-right";
  open = false;
  titleUnread = false;
  notify = false;

  private readonly unread = new StoreBinding<number>(this);
  private readonly current = new StoreBinding<string | null>(this);
  private readonly titleCount = new TitleCount();
  private readonly alerts = new MessageAlerts((conversationId) => this.show(conversationId));
  private stopAlerts: (() => void) | null = null;
  /** The chat whose remembered open/closed state was read, so it is read once per chat. */
  private restoredFor: Chat | null = null;
  /** The list row focused when a conversation was opened, focused again by Back. */
  private opener: HTMLElement | null = null;

  protected willUpdate(changed: PropertyValues<this>): void {
    const chat = this.activeChat;
    if (this.chatChanged(changed)) {
      this.unread.bind(chat?.unreadCount ?? null);
      this.current.bind(chat?.current ?? null);
    }
    if (chat && chat !== this.restoredFor) {
      this.restoredFor = chat;
      const remembered = storage()?.getItem(this.storageKey("open", chat));
      if (remembered) this.open = remembered === "open";
      // The attribute, or another element of this chat, has the say over a remembered one.
      const shown = storage()?.getItem(this.storageKey("conversation", chat));
      if (shown && !this.conversation && !chat.current.get()) chat.open(shown);
    }
    if (chat && this.conversation && (changed.has("conversation") || this.chatChanged(changed))) chat.open(this.conversation);
    if (this.chatChanged(changed) || changed.has("notify")) this.watchForAlerts();
  }

  protected updated(): void {
    const chat = this.activeChat;
    if (chat && chat === this.restoredFor) {
      // Read from the store itself: the binding may not have heard of an open made this update.
      const shown = chat.current.get();
      if (shown) storage()?.setItem(this.storageKey("conversation", chat), shown);
      else storage()?.removeItem(this.storageKey("conversation", chat));
    }
    if (this.titleUnread) this.titleCount.show(this.unread.value ?? 0);
    else this.titleCount.clear();
  }

  connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: alerts and title count start again.
    if (this.hasUpdated) {
      this.watchForAlerts();
      this.requestUpdate();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopAlerts?.();
    this.stopAlerts = null;
    this.alerts.dispose();
    this.titleCount.clear();
  }

  private storageKey(what: "open" | "conversation", chat: Chat): string {
    return storageKey(what, this.host || location.host, chat.user.userId);
  }

  private watchForAlerts(): void {
    this.stopAlerts?.();
    const chat = this.activeChat;
    this.stopAlerts = this.notify && chat && this.isConnected ? this.alerts.watch(chat) : null;
  }

  /** Opens or closes the popup for the user: remembered, announced to the page, focus moved. */
  private async setOpen(open: boolean): Promise<void> {
    if (open && this.notify) this.alerts.prepare();
    this.open = open;
    const chat = this.activeChat;
    if (chat) storage()?.setItem(this.storageKey("open", chat), open ? "open" : "closed");
    emit<ChatToggleDetail>(this, "chat-toggle", { open });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(open ? "#popup" : ".launcher")?.focus();
  }

  /** Opens the popup on `conversationId` (a notification was clicked). */
  private show(conversationId: string): void {
    this.activeChat?.open(conversationId);
    void this.setOpen(true);
  }

  /** Back to the list, focus on the row the conversation was opened from (else the popup). */
  private async back(): Promise<void> {
    const opener = this.opener;
    this.opener = null;
    this.activeChat?.open(null);
    await this.updateComplete;
    (opener?.isConnected ? opener : this.renderRoot.querySelector<HTMLElement>("#popup"))?.focus();
  }

  /** The focused element inside the popup, looking through the inner elements' shadow roots. */
  private focusedWithin(): HTMLElement | null {
    let active = (this.renderRoot as ShadowRoot).activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active as HTMLElement | null;
  }

  private handleKeydown(event: KeyboardEvent): void {
    // An inner element that used Escape (dropping a reply in the composer) has prevented it.
    if (event.key !== "Escape" || event.defaultPrevented) return;
    event.preventDefault();
    void this.setOpen(false);
  }

  /**
   * After the list opened (or started) a conversation, focus goes to its composer, so the next
   * keystrokes are the first message; the row it came from is kept for Back.
   */
  private async handleSelect(): Promise<void> {
    this.opener = this.focusedWithin();
    await this.updateComplete;
    const window = this.renderRoot.querySelector("chat-window");
    await window?.updateComplete;
    window?.focus();
    if (!this.focusedWithin()) this.renderRoot.querySelector<HTMLElement>("#popup")?.focus();
  }

  /** The close button, in the popup's header on the list and in the window's on a conversation. */
  private renderClose(slot?: string) {
    return html`<button part="close-button" class="icon" type="button" slot=${slot || nothing} aria-label=${this.t.closeChat} @click=${() => this.setOpen(false)}>×</button>`;
  }

  /**
   * One header: over a conversation the window's, holding the back and close buttons; over the
   * list the list's, with the close button laid over its end. The list stays in the popup,
   * hidden, while a conversation shows, so it keeps its place for Back.
   */
  private renderContent(chat: Chat | null) {
    const shown = Boolean(this.current.value);
    return html`${shown
        ? html`<chat-window
            part="window"
            exportparts=${windowParts}
            .chat=${chat}
            theme=${this.theme || nothing}
            lang=${this.locale || nothing}
            .strings=${this.strings}
          >
            <button slot="header-start" part="back-button" class="icon" type="button" aria-label=${this.t.backToConversations} @click=${this.back}>
              <svg viewBox="0 0 24 24" aria-hidden="true">${backIcon}</svg>
            </button>
            ${this.renderClose("header-end")}
          </chat-window>`
        : html`<div class="list-close">${this.renderClose()}</div>`}
      <chat-list
        part="list"
        exportparts=${listParts}
        .chat=${chat}
        theme=${this.theme || nothing}
        lang=${this.locale || nothing}
        .strings=${this.strings}
        ?hidden=${shown}
        @chat-select=${this.handleSelect}
      ></chat-list>`;
  }

  render() {
    const unread = this.unread.value ?? 0;
    const t = this.t;
    const label = unread > 0 ? `${t.chat}, ${t.unreadMessages(unread)}` : t.chat;
    return html`
      <button
        part="launcher"
        class="launcher"
        type="button"
        aria-label=${label}
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="popup"
        @click=${() => this.setOpen(!this.open)}
      >
        <svg part="launcher-icon" viewBox="0 0 24 24" aria-hidden="true">${bubbleIcon}</svg>
        ${unread > 0 ? html`<span part="badge" class="badge" aria-hidden="true">${unread > 99 ? "99+" : unread}</span>` : nothing}
      </button>
      <div
        part="popup"
        id="popup"
        class="popup"
        role="dialog"
        aria-label=${t.chat}
        tabindex="-1"
        ?hidden=${!this.open}
        @keydown=${this.handleKeydown}
      >
        ${this.open ? this.renderContent(this.activeChat) : nothing}
      </div>
    `;
  }
}

defineElement("chat-widget", ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    "chat-widget": ChatWidget;
  }
}

import { html, nothing, svg, type PropertyValues } from "lit";
import type { Chat } from "../../store/index.js";
import { userOf } from "../../store/chat-user.js";
import { ChatAttributes } from "../chat-attributes.js";
import { launcherStringsFor, type LauncherStrings } from "../strings-launcher.js";
import { defineElement } from "../define.js";
import { emit, type ChatToggleDetail } from "../events.js";
import { StoreBinding } from "../controllers/store-binding.js";
import type { MessageAlerts } from "./message-alerts.js";
import { TitleCount } from "./title-count.js";
import { chatWidgetStyles } from "./chat-widget.styles.js";
import { afterPageLoad } from "./idle.js";
import { LauncherCount } from "./launcher-count.js";
import { storage, storageKey } from "./remembered.js";

const bubbleIcon = svg`<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />`;

type Popup = typeof import("./popup.js");
/** The popup's code (the store, the list, the window), loaded once for every widget on the page. */
let popupModule: Promise<Popup> | undefined;

/**
 * The one-tag embed: a launcher button in a corner of the page, with the unread count, that
 * opens a popup holding the conversation list and, once one is chosen, that conversation.
 * Escape or the close button closes the popup and gives focus back to the launcher. Whether it
 * is open, and the conversation it shows, are remembered for this server and user across reloads. On screens up to 480 px wide
 * the popup fills the viewport. The page first loads only the launcher and its live unread
 * count (a socket of its own); the list, the window and the store load on intent: a pointer
 * over or focus on the launcher (a touch is a pointer too), opening it, or idle time after the
 * page has loaded. Events of the inner list and window (`chat-select`,
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
 *   `notify="push"` also subscribes the browser to pushes then, so messages reach the user
 *   while no page is open (the site hosts dist/confab-sw.js), shows the notifications bell in
 *   the list's header, and opens the conversation a notification's click names.
 * @attr service-worker - Where the site serves dist/confab-sw.js, with `notify="push"`; `/confab-sw.js` by default.
 * @event chat-toggle - The user opened or closed the popup: `detail.open`.
 * @csspart launcher - The round button that opens and closes the popup.
 * @csspart launcher-icon - The icon inside the launcher.
 * @csspart badge - The unread count on the launcher.
 * @csspart popup - The popup holding the list or the conversation.
 * @csspart header - The popup's one top bar: the list's (`list-header`) or the conversation's (`window-header`).
 * @csspart heading - The popup's heading: the list's (`list-heading`) or the conversation's title (`window-title`).
 * @csspart back-button - Goes from a conversation back to the list; in the window's header.
 * @csspart close-button - Closes the popup; in the header.
 * @csspart notifications - The notifications bell in the list's header, with `notify="push"`
 *   (`notifications-button`, `notifications-panel`, `notifications-option`, `notifications-error`).
 * @csspart try-again-button - Loads the popup's code again after it failed to load (the network).
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
export class ChatWidget extends ChatAttributes {
  static styles = chatWidgetStyles;

  static properties = {
    ...ChatAttributes.properties,
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
  private readonly loaded = new StoreBinding<boolean>(this);
  private readonly current = new StoreBinding<string | null>(this);
  private readonly titleCount = new TitleCount();
  /** Notifications and their beep (`notify`), made with the popup's code. */
  private alerts: MessageAlerts | null = null;
  private stopAlerts: (() => void) | null = null;
  /** The popup's code once loaded. */
  private popup: Popup | null = null;
  /** The chat the bindings follow. */
  private boundChat: Chat | null = null;
  /** The user whose remembered open/closed state was read, so it is read once per user. */
  private restoredUser = "";
  /** The chat whose remembered conversation was opened, so it is opened once per chat. */
  private restoredFor: Chat | null = null;
  /** The unread count the launcher's own socket reads until the chat has loaded its list. */
  private readonly launcherCount = new LauncherCount(
    this,
    // The chat, once loaded, says why.
    () => void this.loadPopup(),
    (error) => this.cannotConnect(error),
  );
  private cancelIdleLoad: (() => void) | null = null;
  /** The popup's code failed to load: it is loaded again on intent, not on every update. */
  private loadFailed = false;

  /** The chat in use: the `chat` property, or (once the popup's code has loaded) the shared one. */
  private get activeChat(): Chat | null {
    if (this.chat) return this.chat;
    const options = this.chatOptions;
    if (!options || !this.popup) return null;
    try {
      return this.popup.sharedChat(options);
    } catch (error) {
      this.cannotConnect(error);
      return null;
    }
  }

  /** The launcher's texts in the page's language (the popup's content has the whole table). */
  private get t(): LauncherStrings {
    return launcherStringsFor(this.locale, this.strings, () => this.requestUpdate());
  }

  /** The user the attributes or the chat name: their remembered state is kept under it. */
  private get userId(): string {
    if (this.chat) return this.chat.user.userId;
    const options = this.chatOptions;
    try {
      return options ? userOf(options).userId : "";
    } catch {
      return "";
    }
  }

  /**
   * Loads the popup's code (once for the page) and shows the chat it brings. A failed load (the
   * network) says so in the popup, and the next intent or Try again loads it again.
   */
  private loadPopup(): Promise<void> {
    this.cancelIdleLoad?.();
    this.cancelIdleLoad = null;
    this.loadFailed = false;
    return (popupModule ??= import("./popup.js")).then(
      (popup) => {
        if (this.popup) return;
        this.popup = popup;
        this.watchForAlerts();
        this.requestUpdate();
      },
      () => {
        popupModule = undefined;
        this.loadFailed = true;
        this.requestUpdate();
      },
    );
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    // Opening (or notifications) wait for the popup's code, so "updated" means it is in use.
    let complete = await super.getUpdateComplete();
    if ((this.open || this.notify) && !this.popup && popupModule) {
      await popupModule.catch(() => {});
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    const chat = this.activeChat;
    const newChat = chat !== this.boundChat;
    if (newChat) {
      this.boundChat = chat;
      this.unread.bind(chat?.unreadCount ?? null);
      this.loaded.bind(chat?.loaded ?? null);
      this.current.bind(chat?.current ?? null);
      this.watchForAlerts();
    }
    const userId = this.userId;
    if (userId && userId !== this.restoredUser) {
      this.restoredUser = userId;
      const remembered = storage()?.getItem(this.storageKey("open"));
      if (remembered) this.open = remembered === "open";
    }
    if (chat && chat !== this.restoredFor) {
      this.restoredFor = chat;
      // The attribute, or another element of this chat, has the say over a remembered one.
      const shown = storage()?.getItem(this.storageKey("conversation"));
      if (shown && !this.conversation && !chat.current.get()) chat.open(shown);
    }
    if (chat && this.conversation && (changed.has("conversation") || newChat)) chat.open(this.conversation);
    if (changed.has("notify")) this.watchForAlerts();
    // Open, or notifying (which watches the chat's list), needs the popup's code now.
    if ((this.open || this.notify) && !this.popup && !this.loadFailed) void this.loadPopup();
    // The chat's own count takes over once it has its list; until then the launcher's stays.
    this.launcherCount.follow(chat || !this.isConnected ? null : this.chatOptions);
    if (chat && this.loaded.value) this.launcherCount.forget();
  }

  protected updated(): void {
    const chat = this.activeChat;
    if (chat && chat === this.restoredFor) {
      // Read from the store itself: the binding may not have heard of an open made this update.
      const shown = chat.current.get();
      if (shown) storage()?.setItem(this.storageKey("conversation"), shown);
      else storage()?.removeItem(this.storageKey("conversation"));
    }
    if (this.titleUnread) this.titleCount.show(this.unreadShown);
    else this.titleCount.clear();
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (!this.popup) this.cancelIdleLoad ??= afterPageLoad(() => void this.loadPopup());
    // Back in the page after a move: alerts, title count and the launcher's socket start again.
    if (this.hasUpdated) {
      this.watchForAlerts();
      this.requestUpdate();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelIdleLoad?.();
    this.cancelIdleLoad = null;
    this.stopAlerts?.();
    this.stopAlerts = null;
    this.alerts?.dispose();
    this.alerts = null;
    this.titleCount.clear();
  }

  /** The count the launcher shows: the chat's once its list has loaded, else its own socket's. */
  private get unreadShown(): number {
    const launcherCount = this.launcherCount.count;
    if (this.boundChat && (this.loaded.value || launcherCount === undefined)) return this.unread.value ?? 0;
    return launcherCount ?? 0;
  }

  private storageKey(what: "open" | "conversation"): string {
    return storageKey(what, this.host || location.host, this.userId);
  }

  private watchForAlerts(): void {
    this.stopAlerts?.();
    const chat = this.boundChat;
    if (!this.notify || !chat || !this.popup || !this.isConnected) return void (this.stopAlerts = null);
    this.alerts ??= new this.popup.MessageAlerts((conversationId) => this.show(conversationId), this);
    this.stopAlerts = this.alerts.watch(chat);
  }

  /** Opens or closes the popup for the user: remembered, announced to the page, focus moved. */
  private async setOpen(open: boolean): Promise<void> {
    // Notifications are asked for in the click itself when the popup's code is there (it usually is).
    const prepared = open && this.notify ? this.alerts : null;
    prepared?.prepare();
    this.open = open;
    if (this.userId) storage()?.setItem(this.storageKey("open"), open ? "open" : "closed");
    emit<ChatToggleDetail>(this, "chat-toggle", { open });
    await this.updateComplete;
    // Else once opening has loaded it and bound the chat: browsers allow asking for a few seconds after the click.
    if (open && this.notify && !prepared) this.alerts?.prepare();
    this.renderRoot.querySelector<HTMLElement>(open ? "#popup" : ".launcher")?.focus();
  }

  /** Opens the popup on `conversationId` (a notification was clicked). */
  private show(conversationId: string): void {
    this.boundChat?.open(conversationId);
    void this.setOpen(true);
  }

  private handleKeydown(event: KeyboardEvent): void {
    // An inner element that used Escape (dropping a reply in the composer) has prevented it.
    if (event.key !== "Escape" || event.defaultPrevented) return;
    event.preventDefault();
    void this.setOpen(false);
  }

  /** The close button, in the popup's header on the list and in the window's on a conversation. */
  private renderClose = (slot?: string) =>
    html`<button part="close-button" class="icon" type="button" slot=${slot || nothing} aria-label=${this.t.closeChat} @click=${() => this.setOpen(false)}>×</button>`;

  private renderContent() {
    const chat = this.boundChat;
    const t = this.t;
    if (!this.popup || !chat) {
      return html`<div class="loading">
          <p role="status">${this.loadFailed ? t.loadFailed : t.loading}</p>
          ${this.loadFailed ? html`<button part="try-again-button" type="button" @click=${() => this.loadPopup()}>${t.tryAgain}</button>` : nothing}
        </div>
        <div class="list-close">${this.renderClose()}</div>`;
    }
    return this.popup.renderPopupContent({
      chat,
      shown: Boolean(this.current.value),
      theme: this.theme,
      locale: this.locale,
      strings: this.strings,
      requestUpdate: () => this.requestUpdate(),
      close: this.renderClose,
      root: this.renderRoot as ShadowRoot,
      updated: () => this.updateComplete,
    });
  }

  render() {
    const unread = this.unreadShown;
    const t = this.t;
    const label = unread > 0 ? `${t.chat}, ${t.unreadMessages(unread)}` : t.chat;
    const load = () => void this.loadPopup();
    return html`
      <button
        part="launcher"
        class="launcher"
        type="button"
        aria-label=${label}
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="popup"
        @pointerenter=${load}
        @focus=${load}
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
        ${this.open ? this.renderContent() : nothing}
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

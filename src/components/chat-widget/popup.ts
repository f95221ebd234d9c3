/**
 * What `<chat-widget>` loads on intent (a pointer over or focus on the launcher, opening it, or
 * idle time after the page loaded): the store, the list and the window, and the popup's
 * content. Everything the launcher shows before then is in chat-widget.ts; one import of this
 * module serves every widget on the page.
 */
import { html, nothing, svg, type TemplateResult } from "lit";
import type { Chat } from "../../store/index.js";
import "../chat-list/chat-list.js";
import "../chat-window/chat-window.js";
import "../chat-notifications/chat-notifications.js";
import { listPartNames, prefixed, windowPartNames } from "../parts.js";
import { stringsFor, type Strings } from "../strings.js";
import { offersPush, pushOptionsOf } from "./push-offer.js";

export { sharedChat } from "../../store/shared-chats.js";
export { MessageAlerts } from "./message-alerts.js";

const listParts = `${prefixed("list", listPartNames)}, header:header, heading:heading`;
// The popup has one header, the list's or the window's: their header and heading (the window's
// title) are also the popup's `header` and `heading`, so a page styling those styles it.
const windowParts = `${prefixed("window", windowPartNames)}, header:header, title:heading`;

const notificationsParts = "button:notifications-button, panel:notifications-panel, option:notifications-option, error:notifications-error";

const backIcon = svg`<path d="M15 5l-7 7 7 7" />`;

export interface PopupContent {
  chat: Chat;
  /** Whether a conversation shows (else the list). */
  shown: boolean;
  theme: string | undefined;
  locale: string;
  strings: Partial<Strings> | null;
  /** Shows the content again (a language's table has loaded). */
  requestUpdate: () => void;
  /** The close button, in the slot given. */
  close: (slot?: string) => TemplateResult;
  /** The widget's shadow root, where focus moves. */
  root: ShadowRoot;
  /** Resolves once the widget has rendered what changed. */
  updated: () => Promise<unknown>;
}

/** The list row focused when a conversation was opened, by widget: Back focuses it again. */
const openers = new WeakMap<ShadowRoot, HTMLElement>();

/** The focused element inside the popup, looking through the inner elements' shadow roots. */
function focusedWithin(root: ShadowRoot): HTMLElement | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

/**
 * After the list opened (or started) a conversation, focus goes to its composer, so the next
 * keystrokes are the first message; the row it came from is kept for Back.
 */
async function select(root: ShadowRoot, updated: () => Promise<unknown>): Promise<void> {
  const opener = focusedWithin(root);
  if (opener) openers.set(root, opener);
  await updated();
  const window = root.querySelector("chat-window");
  await window?.updateComplete;
  window?.focus();
  if (!focusedWithin(root)) root.querySelector<HTMLElement>("#popup")?.focus();
}

/** Back to the list, focus on the row the conversation was opened from (else the popup). */
async function back(chat: Chat, root: ShadowRoot, updated: () => Promise<unknown>): Promise<void> {
  const opener = openers.get(root);
  openers.delete(root);
  chat.open(null);
  await updated();
  (opener?.isConnected ? opener : root.querySelector<HTMLElement>("#popup"))?.focus();
}

/**
 * One header: over a conversation the window's, holding the back and close buttons; over the
 * list the list's, with the close button laid over its end. The list stays in the popup,
 * hidden, while a conversation shows, so it keeps its place for Back. A widget that offers
 * pushes (`notify="push"`) has the notifications bell in the list's header.
 */
export function renderPopupContent({ chat, shown, theme, locale, strings, requestUpdate, close, root, updated }: PopupContent): TemplateResult {
  const t = stringsFor(locale, strings, requestUpdate);
  const widget = root.host;
  return html`${shown
      ? html`<chat-window part="window" exportparts=${windowParts} .chat=${chat} theme=${theme || nothing} lang=${locale || nothing} .strings=${strings}>
          <button slot="header-start" part="back-button" class="icon" type="button" aria-label=${t.backToConversations} @click=${() => back(chat, root, updated)}>
            <svg viewBox="0 0 24 24" aria-hidden="true">${backIcon}</svg>
          </button>
          ${close("header-end")}
        </chat-window>`
      : html`<div class="list-close">${close()}</div>`}
    <chat-list
      part="list"
      exportparts=${listParts}
      .chat=${chat}
      theme=${theme || nothing}
      lang=${locale || nothing}
      .strings=${strings}
      ?hidden=${shown}
      @chat-select=${() => select(root, updated)}
      >${offersPush(widget)
        ? html`<chat-notifications
            slot="header-end"
            part="notifications"
            exportparts=${notificationsParts}
            push
            .chat=${chat}
            .pushOptions=${pushOptionsOf(widget)}
            theme=${theme || nothing}
            lang=${locale || nothing}
            .strings=${strings}
          ></chat-notifications>`
        : nothing}</chat-list
    >`;
}

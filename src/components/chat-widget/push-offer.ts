/**
 * Web Push in `<chat-widget notify="push">`: the browser subscribed from the launcher's click,
 * and the conversations the service worker (dist/confab-sw.js) asks to open, by the page's
 * address after a click opened it or by a message to a page it focused. Loaded with the
 * popup's code.
 */
import { CONVERSATION_ID_PATTERN, OPEN_CONVERSATION_PARAM, type OpenConversationMessage } from "../../protocol/index.js";
import type { Chat, PushOptions } from "../../store/index.js";

/** Whether the widget offers pushes: its `notify` attribute says `push`. */
export const offersPush = (widget: Element): boolean => widget.getAttribute("notify") === "push";

/** Where the site hosts the service worker: the widget's `service-worker` attribute, else the default. */
export const pushOptionsOf = (widget: Element): PushOptions => ({ serviceWorker: widget.getAttribute("service-worker") || undefined });

/** The chats already offered pushes on this page: the browser is asked once per page. */
const offered = new WeakSet<Chat>();

/**
 * From the launcher's click: subscribes this browser to `chat`'s pushes (asking for permission
 * first), unless done on this page already, the user chose no notifications, or the browser
 * blocks them. A failure is the console's: the popup's bell says why when chosen there.
 */
export function offerPush(chat: Chat, widget: Element): void {
  if (offered.has(chat) || chat.notifications.get()?.level === "none" || globalThis.Notification?.permission === "denied") return;
  offered.add(chat);
  chat.enablePush(pushOptionsOf(widget)).catch((error: Error) => console.warn(`confab: no pushes: ${error.message}`));
}

/**
 * Whether a request names a conversation at all: anyone can craft a link to the page, and what
 * is not an id (markup, a sentence to show as a title, a path) opens nothing.
 */
const isConversationId = (id: unknown): id is string => typeof id === "string" && CONVERSATION_ID_PATTERN.test(id);

/**
 * Opens the conversation the page's address names (`?confab-conversation=`, which then leaves
 * the address), and each one the service worker's `confab:open` message names; returns the
 * function that stops listening. One the user is not in opens to the window's refusal.
 */
export function followOpenRequests(open: (conversationId: string) => void): () => void {
  const address = new URL(location.href);
  const requested = address.searchParams.get(OPEN_CONVERSATION_PARAM);
  if (requested !== null) {
    address.searchParams.delete(OPEN_CONVERSATION_PARAM);
    history.replaceState(history.state, "", address);
    if (isConversationId(requested)) open(requested);
  }
  const workers = navigator.serviceWorker;
  if (!workers) return () => {};
  const receive = (event: MessageEvent) => {
    const message = event.data as Partial<OpenConversationMessage> | null;
    if (message?.type === "confab:open" && isConversationId(message.conversationId)) open(message.conversationId);
  };
  workers.addEventListener("message", receive);
  // A page the worker does not control gets its messages only once it asks for them.
  workers.startMessages();
  return () => workers.removeEventListener("message", receive);
}

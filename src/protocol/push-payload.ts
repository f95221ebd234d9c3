/**
 * What a push carries to the service worker (dist/confab-sw.js), and how the worker has a page
 * open the conversation it names when clicked. No valibot here: the worker imports this alone.
 */

/** What the service worker is sent, encrypted, for a notification: one per conversation, by `tag`. */
export interface PushPayload {
  conversationId: string;
  title: string;
  body: string;
  /** A newer message of the same conversation replaces the older notification. */
  tag: string;
  /** The sender's avatar, when previews are on and they have one. */
  icon?: string;
}

/** The query parameter of the page the service worker opens: the widget opens this conversation. */
export const OPEN_CONVERSATION_PARAM = "confab-conversation";
/** The message the service worker posts to a page it focuses: open this conversation. */
export interface OpenConversationMessage {
  type: "confab:open";
  conversationId: string;
}

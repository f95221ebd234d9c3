/**
 * Confab's service worker, built to dist/confab-sw.js for the site to host: shows the
 * notification each Web Push message carries, and on its click opens the conversation in a
 * page of the site. `chat.enablePush()` registers it as `confab-sw.js?open=<page>`, the page
 * a click opens when none of the site's is open (the worker's scope when absent).
 */
import { OPEN_CONVERSATION_PARAM, type OpenConversationMessage, type PushPayload } from "../protocol/push-payload.js";

declare const self: ServiceWorkerGlobalScope;

/** The payload, or undefined when it is not one of Confab's. */
function payloadOf(event: PushEvent): PushPayload | undefined {
  try {
    const payload = event.data?.json() as Partial<PushPayload> | undefined;
    return typeof payload?.conversationId === "string" && typeof payload.title === "string" ? (payload as PushPayload) : undefined;
  } catch {
    return undefined;
  }
}

self.addEventListener("push", (event) => {
  const payload = payloadOf(event);
  if (!payload) return;
  const { title, body, icon, tag, conversationId } = payload;
  event.waitUntil(self.registration.showNotification(title, { body, icon, tag, data: { conversationId } }));
});

/** Focuses a page of the site, telling it to open the conversation, or opens one at the conversation. */
async function openConversation(conversationId: string): Promise<unknown> {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const page = pages.find((client) => client.focused) ?? pages[0];
  if (page) {
    page.postMessage({ type: "confab:open", conversationId } satisfies OpenConversationMessage);
    return page.focus();
  }
  const url = new URL(new URL(location.href).searchParams.get("open") || self.registration.scope, self.registration.scope);
  url.searchParams.set(OPEN_CONVERSATION_PARAM, conversationId);
  return self.clients.openWindow(url.href);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const conversationId = (event.notification.data as { conversationId?: unknown } | null)?.conversationId;
  if (typeof conversationId === "string") event.waitUntil(openConversation(conversationId));
});

/** What `<chat-widget>` remembers across reloads, per server and user: open or closed, and the conversation shown. */

/**
 * Where the popup's state is kept for this server and user, so a reload keeps it: whether it is
 * open, and the conversation it shows.
 */
export const storageKey = (what: "open" | "conversation", host: string, userId: string) => `confab:widget-${what}:${host}:${userId}`;

/** localStorage, or null where the page may not use it (sandboxed frames, some private modes). */
export function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

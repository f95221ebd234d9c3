/**
 * The English texts the launcher shows before the rest of Confab has loaded, and how it finds
 * them in the page's language: part of the English table (strings.ts), apart so the launcher's
 * first load carries only these.
 */
import { loadedTable } from "./languages.js";
import type { Strings } from "./strings.js";

export const launcherEn = {
  /** The widget's heading and its launcher's name (aria-expanded says whether it is open). */
  chat: "Chat",
  closeChat: "Close chat",
  unreadMessages: (count: number) => (count === 1 ? "1 unread message" : `${count} unread messages`),
  loading: "Loading…",
  /** The popup's code could not be fetched (the network). */
  loadFailed: "The chat could not load.",
  tryAgain: "Try again",
};

export type LauncherStrings = typeof launcherEn;

/** As stringsFor (strings.ts), for the launcher's texts only. */
export function launcherStringsFor(lang: string, overrides: Partial<Strings> | null, loaded: () => void): LauncherStrings {
  return { ...launcherEn, ...loadedTable(lang, loaded), ...overrides };
}

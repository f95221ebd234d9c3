/**
 * The attributes and properties that say which chat an element shows: a `chat` (from
 * `createChat()`), or a server `host` and `token` (or `tokenProvider` property, or `user` and
 * `name` for guest mode). No store here: `<chat-widget>`'s launcher is built on it and loads
 * the store only when it is about to be used.
 */
import type { PropertyValues } from "lit";
import { LanguageElement } from "./language-element.js";
import type { Chat, ChatOptions } from "../store/index.js";

export abstract class ChatAttributes extends LanguageElement {
  static properties = {
    ...LanguageElement.properties,
    chat: { attribute: false },
    host: {},
    token: {},
    tokenProvider: { attribute: false },
    user: {},
    name: {},
  };

  /** The chat to show; when unset, one is made from the attributes below. */
  chat: Chat | null = null;
  /** Server host, such as `chat.example.com`; defaults to the page's host. */
  host = "";
  /** A JWT your backend signed for the current user. */
  token = "";
  /** Called for a fresh token before expiry; needs `user`. */
  tokenProvider: (() => Promise<string>) | null = null;
  /** The current user's id: with `tokenProvider`, or alone for guest mode. */
  user = "";
  /** The current user's display name in guest mode. */
  name = "";

  /** The options of the shared chat the attributes name; null when they name no user. */
  protected get chatOptions(): ChatOptions | null {
    if (!this.token && !this.user) return null;
    return {
      host: this.host || location.host,
      token: this.token || undefined,
      tokenProvider: this.tokenProvider ?? undefined,
      user: this.user || undefined,
      name: this.name || undefined,
    };
  }

  /** Says on the console why the attributes name no usable chat. */
  protected cannotConnect(error: unknown): void {
    console.warn(`confab: <${this.localName}> cannot connect: ${error instanceof Error ? error.message : error}`);
  }

  protected chatChanged(changed: PropertyValues<this>): boolean {
    const keys: (keyof ChatAttributes)[] = ["chat", "host", "token", "tokenProvider", "user", "name"];
    return keys.some((key) => (changed as PropertyValues<ChatAttributes>).has(key));
  }
}

/**
 * Base of the elements that talk to Confab: each takes a `chat` (from `createChat()`), or
 * builds a shared one from its `host` and `token` attributes (or `tokenProvider` property, or
 * `user` and `name` for guest mode).
 */
import type { PropertyValues } from "lit";
import { ConfabElement } from "./confab-element.js";
import { sharedChat, type Chat } from "../store/index.js";

export abstract class ChatElement extends ConfabElement {
  static properties = {
    ...ConfabElement.properties,
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

  /** The chat in use: the `chat` property, or the shared one for the attributes. */
  protected get activeChat(): Chat | null {
    if (this.chat) return this.chat;
    if (!this.token && !this.user) return null;
    try {
      return sharedChat({
        host: this.host || location.host,
        token: this.token || undefined,
        tokenProvider: this.tokenProvider ?? undefined,
        user: this.user || undefined,
        name: this.name || undefined,
      });
    } catch (error) {
      console.warn(`confab: <${this.localName}> cannot connect: ${error instanceof Error ? error.message : error}`);
      return null;
    }
  }

  protected chatChanged(changed: PropertyValues<this>): boolean {
    const keys: (keyof ChatElement)[] = ["chat", "host", "token", "tokenProvider", "user", "name"];
    return keys.some((key) => (changed as PropertyValues<ChatElement>).has(key));
  }
}

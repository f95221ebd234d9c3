/**
 * Base of the elements that talk to Confab: each takes a `chat` (from `createChat()`), or
 * builds a shared one from its `host`, `user` and `name` attributes.
 */
import { LitElement, type PropertyValues } from "lit";
import { sharedChat, type Chat } from "../store/index.js";

export abstract class ChatElement extends LitElement {
  static properties = {
    chat: { attribute: false },
    host: {},
    user: {},
    name: {},
  };

  /** The chat to show; when unset, one is made from `host`, `user` and `name`. */
  chat: Chat | null = null;
  /** Server host, such as `chat.example.com`; defaults to the page's host. */
  host = "";
  /** The current user's id, when no `chat` is given. */
  user = "";
  /** The current user's display name, when no `chat` is given. */
  name = "";

  /** The chat in use: the `chat` property, or the shared one for the attributes. */
  protected get activeChat(): Chat | null {
    if (this.chat) return this.chat;
    return this.user ? sharedChat(this.host || location.host, this.user, this.name || undefined) : null;
  }

  protected chatChanged(changed: PropertyValues<this>): boolean {
    return changed.has("chat") || changed.has("host") || changed.has("user") || changed.has("name");
  }
}

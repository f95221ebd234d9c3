/**
 * Base of the elements that show a chat: the one the `chat` property holds, or the shared one
 * for their attributes (see ChatAttributes).
 */
import { ChatAttributes } from "./chat-attributes.js";
import { stringsFor, type Strings } from "./strings.js";
import { sharedChat, type Chat } from "../store/index.js";

export abstract class ChatElement extends ChatAttributes {
  /** The strings in use: the language's table with `strings` over it (as ConfabElement's). */
  protected get t(): Strings {
    return stringsFor(this.locale, this.strings, () => this.requestUpdate());
  }

  /** The chat in use: the `chat` property, or the shared one for the attributes. */
  protected get activeChat(): Chat | null {
    if (this.chat) return this.chat;
    const options = this.chatOptions;
    if (!options) return null;
    try {
      return sharedChat(options);
    } catch (error) {
      this.cannotConnect(error);
      return null;
    }
  }
}

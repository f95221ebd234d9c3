/**
 * A fresh Vite app's code on day one, with confab-chat installed from its tarball (see
 * ../pack.test.ts): the launcher, the headless API, and everything on demand. Type-checked as
 * the app's TypeScript would (moduleResolution bundler and node16) and built by Vite.
 */
import { ChatWidget } from "confab-chat/widget";
import { ChatError, createChat, type Chat, type ChatOptions } from "confab-chat/headless";

const chatFor: (options: ChatOptions) => Chat = createChat;

declare global {
  interface Window {
    dayOne: { upgraded: boolean; headless: boolean; everything: () => Promise<boolean> };
  }
}

window.dayOne = {
  upgraded: document.querySelector("chat-widget") instanceof ChatWidget,
  headless: typeof chatFor === "function" && new ChatError("timeout", "not stored in time") instanceof Error,
  // The whole package shares the launcher's chunk: its elements are the ones already registered.
  everything: () => import("confab-chat").then(({ ChatWidget: widget, ChatWindow }) => widget === ChatWidget && customElements.get("chat-window") === ChatWindow),
};

/** Registers every Confab element. */
export { ChatWindow } from "./chat-window/chat-window.js";
export { ChatComposer, type ChatSendDetail } from "./chat-composer/chat-composer.js";
export { ChatMessageElement } from "./chat-message/chat-message.js";

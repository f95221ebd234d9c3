"use client";
/**
 * `<chat-widget>` as a client component: rendered into the server's HTML like any tag (importing
 * Confab on the server defines nothing there), and defined in the browser, where it comes alive.
 */
import "confab-chat/widget";

export function ChatWidget(props) {
  return <chat-widget {...props}></chat-widget>;
}

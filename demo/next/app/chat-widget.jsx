"use client";
/**
 * `<chat-widget>` as a client component: rendered into the server's HTML like any tag, and its
 * definition brought to the browser, where the element comes alive.
 */
import { useEffect } from "react";

export function ChatWidget(props) {
  useEffect(() => {
    import("confab-chat/widget");
  }, []);
  return <chat-widget {...props}></chat-widget>;
}

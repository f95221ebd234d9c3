"use client";
/**
 * The user's unread messages from the headless API (`confab-chat/headless`, no elements): a chat of
 * its own, its `unreadCount` store shown once the chat has the user's list. The server renders
 * no number, so hydration finds what it rendered.
 */
import { useEffect, useState } from "react";
import { createChat } from "confab-chat/headless";

export function UnreadCount({ host, user, name }) {
  const [count, setCount] = useState(null);
  useEffect(() => {
    const chat = createChat({ host, user, name });
    const show = () => setCount(chat.loaded.get() ? chat.unreadCount.get() : null);
    const stops = [chat.loaded.subscribe(show), chat.unreadCount.subscribe(show)];
    return () => {
      stops.forEach((stop) => stop());
      chat.end();
    };
  }, [host, user, name]);
  return <output id="unread-count">{count ?? "…"}</output>;
}

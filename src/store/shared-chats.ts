/**
 * Elements configured by attributes share one chat per user and host, so a list and a window
 * for the same user on one page use the same connections and stores.
 */
import { createChat, type Chat } from "./chat.js";

const chats = new Map<string, Chat>();

export function sharedChat(host: string, user: string, name?: string): Chat {
  const key = JSON.stringify([host, user, name ?? ""]);
  let chat = chats.get(key);
  if (!chat) {
    chat = createChat({ host, user, name });
    chats.set(key, chat);
  }
  return chat;
}

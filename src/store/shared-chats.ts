/**
 * Elements configured by attributes share one chat per user and server, so a list and a
 * window for the same user on one page use the same connections and stores.
 */
import { claimsOf } from "../transport/token-claims.js";
import { createChat, type Chat, type ChatOptions } from "./chat.js";

const chats = new Map<string, Chat>();

function keyOf(options: ChatOptions): string {
  const userId = options.token ? claimsOf(options.token).sub : options.user;
  const mode = options.token ? "token" : options.tokenProvider ? "provider" : "guest";
  return JSON.stringify([options.host, userId, mode, mode === "guest" ? (options.name ?? "") : ""]);
}

/** The chat for these options, made once; a newer `token` replaces the shared chat's token. */
export function sharedChat(options: ChatOptions): Chat {
  const key = keyOf(options);
  let chat = chats.get(key);
  if (!chat) {
    chat = createChat(options);
    chats.set(key, chat);
  } else if (options.token) {
    chat.setToken(options.token);
  }
  return chat;
}

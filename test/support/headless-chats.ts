/**
 * Headless chats for one test file of test/api: each made against the file's server, kept
 * until the file ends, when every hold on a conversation is released and every chat ended.
 */
import { after } from "node:test";
import WebSocket from "ws";
import { createChat, type Chat, type ChatOptions, type ConversationHandle } from "../../src/store/index.js";
import { freshUserId, type TestServer } from "./server-clients.js";
import { until } from "./stores.js";

export interface HeadlessChats {
  /** A chat as the user `userId` (a guest unless `options` give a token), on the file's server unless `options.host` says otherwise. */
  chatOf(userId: string, options?: Partial<ChatOptions>): Chat;
  /** A chat as a fresh user whose id starts with `prefix`, named `prefix` unless `options.name` says otherwise. */
  chatAs(prefix: string, options?: Partial<ChatOptions>): Chat;
  /** Keeps `handle`'s socket open for the rest of the file, and resolves once it is online. */
  online(handle: ConversationHandle): Promise<ConversationHandle>;
  /** Keeps what `hold` subscribes open for the rest of the file. */
  hold(release: () => void): void;
  /**
   * `chats` once each user has signed in (their list is in): only then can anyone start a
   * conversation with them or add them (a user nobody has seen is refused, `unknown_user`).
   */
  signedIn<T extends Chat[]>(...chats: T): Promise<T>;
}

export function useChats(server: () => TestServer): HeadlessChats {
  const chats: Chat[] = [];
  const holds: (() => void)[] = [];
  after(() => {
    holds.splice(0).forEach((release) => release());
    chats.splice(0).forEach((chat) => chat.end());
  });
  const chatOf = (userId: string, options: Partial<ChatOptions> = {}): Chat => {
    const chat = createChat({ host: server().host, user: userId, WebSocket, ...options });
    chats.push(chat);
    return chat;
  };
  return {
    chatOf,
    chatAs: (prefix, options = {}) => chatOf(freshUserId(prefix), { name: prefix, ...options }),
    async online(handle) {
      holds.push(handle.messages.listen(() => {}));
      await until(handle.status, (status) => status === "online", `${handle.id} online`);
      return handle;
    },
    hold: (release) => void holds.push(release),
    async signedIn(...chats) {
      await Promise.all(chats.map((chat) => until(chat.loaded, Boolean, `${chat.user.userId} signed in`)));
      return chats;
    },
  };
}

/**
 * The headless API: `createChat()` gives one user's live view of Confab, their conversation
 * list and every conversation they open, as stores and actions. Confab's elements are built on
 * it; a host app can drive it without them.
 */
import { atom, computed, type ReadableAtom } from "nanostores";
import { createNanoEvents } from "nanoevents";
import {
  parseInboxServerFrame,
  type ConversationSummary,
  type ConversationType,
  type InboxClientFrame,
  type InboxServerFrame,
  type Metadata,
  type NotifyLevel,
} from "../protocol/index.js";
import { RoomSocket, type ConnectionStatus } from "../transport/room-socket.js";
import { userOf } from "./chat-user.js";
import { unreadTotal } from "./unread-total.js";
import { TokenSource } from "../transport/token-source.js";
import { createConversation, type ConversationHandle, type Op, type OwnedConversation, type SendOptions } from "./conversation.js";
import { delivered } from "./delivery.js";
import { startSession, type ChatSession, type SessionOptions } from "./session.js";
import type { ChatMessage } from "./message-order.js";
import { openCache } from "./cache.js";
import { newMessageId } from "./message-id.js";
import { createUsers, type Users } from "./people.js";
import { createSync } from "./sync.js";
import { createNotifications, type NotificationSettings, type PushOptions } from "./notifications.js";

export interface ChatOptions {
  /** Server host, e.g. `chat.example.com` or `127.0.0.1:8787`. */
  host: string;
  /** A JWT your backend signed for the user; the user is the token's `sub`. */
  token?: string;
  /** Called for a fresh token before the current one expires and when the server refuses it. */
  tokenProvider?: () => Promise<string>;
  /** The user's id: required with `tokenProvider`; alone, it signs in as a guest (guest mode only). */
  user?: string;
  /** The user's display name as a guest; with a token, the token's `name` claim wins. */
  name?: string;
  /** A WebSocket implementation, for runtimes without a global one (Node 20). */
  WebSocket?: unknown;
  /**
   * Keeps every conversation in the list connected, so each one's `messages` holds its latest
   * (the 50 newest, then everything live) without opening it: one socket per conversation.
   */
  sync?: boolean;
}

export interface CreateOptions {
  /** "group" when absent. */
  type?: ConversationType;
  /** The other members: exactly one for a one-to-one conversation; none makes a group of its creator alone. */
  members?: string[];
  /** A group's id, starting `c_` (other ids are the host backend's); random when absent. */
  id?: string;
  title?: string;
  avatar?: string;
  metadata?: Metadata;
  /** Whether anyone who knows a group's id may join it. */
  joinable?: boolean;
}

/** A message for `chat.send`: to a person (their one-to-one, made if need be) or to a conversation. */
export type SendTo = ({ to: string; conversationId?: undefined } | { conversationId: string; to?: undefined }) & SendOptions & { text: string };

export interface ChatEvents {
  conversation: (item: ConversationSummary, op: Op) => void;
  /**
   * Every message of every conversation in the list, each one (1 new, 0 changed, -1 deleted),
   * in order per conversation: while a listener is on, each conversation's socket is open.
   */
  message: (message: ChatMessage, op: Op) => void;
}

export interface Chat {
  readonly user: { readonly userId: string; readonly name: string };
  /** The user's conversations, most recently active first. */
  readonly conversations: ReadableAtom<ConversationSummary[]>;
  /** Unread messages across every conversation but muted ones. */
  readonly unreadCount: ReadableAtom<number>;
  /** Unread messages that mention this user, across every conversation: muted ones too. */
  readonly unreadMentions: ReadableAtom<number>;
  /**
   * Whether `conversations` holds a list yet: false until the server's first list arrives or
   * the cached one is restored, so an empty list then means "none", not "not loaded yet".
   */
  readonly loaded: ReadableAtom<boolean>;
  /** Status of the connection that carries the conversation list. */
  readonly connection: ReadableAtom<ConnectionStatus>;
  /** The conversation the user has open, which elements without a `conversation` attribute show. */
  readonly current: ReadableAtom<string | null>;
  /** Makes `conversationId` the open conversation (null closes it). */
  open(conversationId: string | null): void;
  /** Creates a conversation (a one-to-one one opens the existing one) and returns it. */
  create(options?: CreateOptions): Promise<ConversationHandle>;
  /**
   * Sends `text` to a person, opening the one-to-one with them (made when none exists), or to
   * a conversation, and resolves with the stored message; rejects with a ChatError saying why
   * not (`unknown_user`, `with_self`, `blocked`, `not_found`, `not_member`…) or a `timeout`.
   */
  send(message: SendTo): Promise<ChatMessage>;
  /**
   * Binds a handler to every event of a conversation and resolves once it is live, with the
   * session (`end()` unbinds them) and the conversation; rejects with a ChatError saying why
   * not (`not_found`, `not_member`, another refusal, or `timeout`).
   */
  startSession(options: SessionOptions): Promise<{ session: ChatSession; conversation: ConversationHandle }>;
  /** Joins a group that lets anyone with its id in, and returns it. */
  join(conversationId: string): Promise<ConversationHandle>;
  /**
   * Blocks `userId`: what they send in your one-to-one conversation from now on never reaches
   * you, and you cannot start one with them. They are not told. `unblock` undoes it for new messages.
   */
  block(userId: string): Promise<void>;
  unblock(userId: string): Promise<void>;
  /** This user's notification level, and the server's push key; undefined until the inbox has said. */
  readonly notifications: ReadableAtom<NotificationSettings | undefined>;
  /** What reaches this user while away, in pushes and digests: every message, mentions only, or nothing. */
  setNotifications(level: NotifyLevel): Promise<void>;
  /**
   * Subscribes this browser to pushes: call it in a user gesture (it asks for permission first).
   * Registers the service worker the site hosts (dist/confab-sw.js), subscribes with the server's
   * key and sends the server the subscription. Rejects with a ChatError: `push_unsupported`,
   * `push_denied`, `push_unavailable` (the server has no VAPID key), `push_failed`, or the server's.
   */
  enablePush(options?: PushOptions): Promise<void>;
  /** Unsubscribes this browser from pushes, and tells the server. */
  disablePush(options?: PushOptions): Promise<void>;
  /** Finding people: `users.search(text)` pages through the directory, `users.get(id)` is one person. */
  readonly users: Users;
  /** The conversation `conversationId`; the same handle every time. */
  conversation(conversationId: string): ConversationHandle;
  on<K extends keyof ChatEvents>(kind: K, listener: ChatEvents[K]): () => void;
  /** Uses `token` for every connection from now on (a page that refreshes tokens itself). */
  setToken(token: string): void;
  /**
   * Closes every connection; the chat is unusable afterwards. With `forget`, also deletes
   * this user's offline cache and outbox from the browser (log out).
   */
  end(options?: { forget?: boolean }): Promise<void>;
}

/** Who the chat is for: from the token's claims, or from the options. */
/** The conversation a `done` answer names. */
const answerId = (answer: { type: string; conversationId?: string }) => (answer.type === "done" && answer.conversationId) || "";

const byRecentActivity = (a: ConversationSummary, b: ConversationSummary) => b.updatedAt - a.updatedAt;

export function createChat(options: ChatOptions): Chat {
  const user = userOf(options);
  const tokens = new TokenSource({
    host: options.host,
    token: options.token,
    tokenProvider: options.tokenProvider,
    guest: options.token || options.tokenProvider ? undefined : { user: user.userId, name: user.name },
  });
  const $conversations = atom<ConversationSummary[]>([]);
  const $loaded = atom(false);
  const $connection = atom<ConnectionStatus>("connecting");
  const $current = atom<string | null>(null);
  const emitter = createNanoEvents<ChatEvents>();
  const handles = new Map<string, OwnedConversation>();
  const cache = openCache(options.host, user.userId);
  const context = { host: options.host, userId: user.userId, name: user.name, tokens, cache, WebSocket: options.WebSocket };
  const notifications = createNotifications(async (frame) => (await inbox).request(frame));
  const sync = createSync(conversation, (message, op) => emitter.emit("message", message, op));
  $conversations.listen(sync.listed);
  if (options.sync) sync.retain();

  function conversation(conversationId: string): OwnedConversation {
    let handle = handles.get(conversationId);
    if (!handle) {
      handle = createConversation(conversationId, context);
      handles.set(conversationId, handle);
    }
    return handle;
  }

  function upsert(summary: ConversationSummary): void {
    const current = $conversations.value;
    const known = current.some((item) => item.id === summary.id);
    $conversations.set([...current.filter((item) => item.id !== summary.id), summary].sort(byRecentActivity));
    emitter.emit("conversation", summary, known ? 0 : 1);
    handles.get(summary.id)?.revive();
  }

  function remove(conversationId: string): void {
    const removed = $conversations.value.find((item) => item.id === conversationId);
    if (!removed) return;
    $conversations.set($conversations.value.filter((item) => item.id !== conversationId));
    cache?.forgetConversation(conversationId);
    emitter.emit("conversation", removed, -1);
  }

  function receive(frame: InboxServerFrame): void {
    applyFrame(frame);
    cache?.saveList($conversations.value);
  }

  function applyFrame(frame: InboxServerFrame): void {
    switch (frame.type) {
      case "inbox": {
        const listed = new Set(frame.conversations.map((summary) => summary.id));
        for (const item of $conversations.value) if (!listed.has(item.id)) remove(item.id);
        for (const summary of frame.conversations) upsert(summary);
        $loaded.set(true);
        return notifications.receive(frame.notifications);
      }
      case "summary":
        return upsert(frame.conversation);
      case "removed":
        return remove(frame.conversationId);
      case "notifications":
        return notifications.receive(frame);
      case "error":
        console.warn(`confab: inbox error: ${frame.message}`);
        return;
      case "done":
        return;
    }
  }

  // The cached list shows before the inbox socket opens (warm start); the server's then wins.
  const inbox = (cache?.loadList() ?? Promise.resolve(undefined)).then(
    (cached) => {
      if (cached) {
        $conversations.set(cached);
        $loaded.set(true);
      }
      return openInbox();
    },
    () => openInbox(),
  );

  function openInbox(): RoomSocket<InboxServerFrame, InboxClientFrame> {
    return new RoomSocket<InboxServerFrame, InboxClientFrame>({
      host: options.host,
      party: "inbox",
      room: user.userId,
      tokens,
      parse: parseInboxServerFrame,
      isReady: (frame) => frame.type === "inbox",
      onFrame: receive,
      onStatus: (status) => $connection.set(status),
      WebSocket: options.WebSocket,
    });
  }

  return {
    user,
    conversations: $conversations,
    unreadCount: computed($conversations, unreadTotal),
    unreadMentions: computed($conversations, (list) => list.reduce((total, item) => total + (item.unreadMentions ?? 0), 0)),
    loaded: $loaded,
    connection: $connection,
    current: $current,
    open: (conversationId) => $current.set(conversationId),
    async create(spec = {}) {
      const done = await (await inbox).request({
        type: "create",
        ref: newMessageId(),
        conversationType: spec.type ?? "group",
        members: spec.members ?? [],
        id: spec.id,
        title: spec.title,
        avatar: spec.avatar,
        metadata: spec.metadata,
        joinable: spec.joinable,
      });
      return conversation(answerId(done));
    },
    async send({ to, conversationId, text, ...options }) {
      const handle = to === undefined ? conversation(conversationId) : await this.create({ type: "direct", members: [to] });
      return delivered(handle, handle.send(text, options));
    },
    startSession: (sessionOptions) => startSession(conversation(sessionOptions.conversationId), sessionOptions),
    async join(conversationId) {
      const done = await (await inbox).request({ type: "join", ref: newMessageId(), conversationId });
      return conversation(answerId(done) || conversationId);
    },
    block: async (userId) => void (await (await inbox).request({ type: "block", ref: newMessageId(), userId })),
    unblock: async (userId) => void (await (await inbox).request({ type: "unblock", ref: newMessageId(), userId })),
    notifications: notifications.settings,
    setNotifications: notifications.setLevel,
    enablePush: notifications.enablePush,
    disablePush: notifications.disablePush,
    users: createUsers(async (frame) => (await inbox).request(frame)),
    conversation,
    on(kind, listener) {
      const unbind = emitter.on(kind, listener);
      const release = kind === "message" ? sync.retain() : () => {};
      return () => (unbind(), release());
    },
    setToken: (token) => tokens.set(token),
    async end(endOptions) {
      tokens.dispose();
      for (const handle of handles.values()) handle.dispose();
      handles.clear();
      emitter.events = {};
      (await inbox).close();
      if (endOptions?.forget) await cache?.clear();
    },
  };
}

/**
 * One conversation as the widget sees it: the public handle, put together from the pure reducer
 * (conversation-reducer.ts), the unsent work (outbox.ts), the socket's lifetime
 * (conversation-lifetime.ts), older pages (history.ts).
 */
import { atom, onMount, type ReadableAtom } from "nanostores";
import { createNanoEvents } from "nanoevents";
import { LIMITS, type Attachment, type ConversationMeta, type Member, type Metadata, type MetadataChanges } from "../protocol/index.js";
import type { ChatError } from "../transport/chat-error.js";
import type { ConnectionStatus } from "../transport/room-socket.js";
import type { TokenSource } from "../transport/token-source.js";
import type { ChatCache } from "./cache.js";
import { createLifetime, type ConversationRequest } from "./conversation-lifetime.js";
import { mergePage, receive, restoreCached, updateMember, type Activity, type ConversationEvents, type ConversationState, type Step } from "./conversation-reducer.js";
import { messagePage, numberedPage, pageMessages, readPage, type MessagePage, type NumberedPage } from "./history.js";
import { newMessageId } from "./message-id.js";
import type { ChatMessage } from "./message-order.js";
import { createOutbox } from "./outbox.js";
import { createTypingSignal, createTypists, type Typist } from "./typing.js";
import { createKeystrokesSender, nextKeystrokes, type Keystrokes } from "./keystrokes.js";
import { conversationAttachments, type UploadOptions } from "./upload.js";

export type { Activity, ConversationEvents, Op } from "./conversation-reducer.js";
export type { MessagePage, NumberedPage } from "./history.js";

export interface SendOptions {
  metadata?: Metadata;
  /** The id of the message this one answers. */
  replyTo?: string;
  /** Files uploaded with `upload()` to this conversation, at most 10; the text may then be empty. */
  attachments?: Attachment[];
  /** Ids of the members the text names as "@Name" or "@id"; the server keeps only those. */
  mentions?: string[];
}

/** What `edit` changes, each when given; `attachments` is the whole new list (`[]`: none). */
export interface MessageChanges {
  text?: string;
  metadata?: Metadata;
  /** Ones the message holds, and files uploaded with `upload()` not sent yet. */
  attachments?: Attachment[];
  mentions?: string[];
}

export interface ConversationChanges {
  title?: string;
  /** A URL, or null to remove the avatar. */
  avatar?: string | null;
  metadata?: Metadata;
  /** Lets members send live typing text (`sendKeystrokes`). */
  liveTyping?: boolean;
}

export interface ConversationHandle {
  readonly id: string;
  /** Stored messages by seq, then this user's pending ones. */
  readonly messages: ReadableAtom<ChatMessage[]>;
  /** Current members, in the order they joined. */
  readonly members: ReadableAtom<Member[]>;
  /**
   * Member and meta events among the messages held, by seq, for system lines ("Alice added
   * Bob"): kept with the messages in the cache and loaded with older pages.
   */
  readonly activity: ReadableAtom<Activity[]>;
  /** Title, type, avatar and metadata; null until the server has answered. */
  readonly meta: ReadableAtom<ConversationMeta | null>;
  /**
   * Whether `messages` holds the conversation yet: false until the server's welcome arrives or
   * the cached copy is restored, so no messages then means "none", not "not loaded yet".
   */
  readonly loaded: ReadableAtom<boolean>;
  readonly status: ReadableAtom<ConnectionStatus>;
  /** Other members typing now, in the order they started. */
  readonly typing: ReadableAtom<Typist[]>;
  /**
   * Other members' live typing text by user id, where `liveTyping` is on: dropped when their
   * message arrives, they stop typing or close the conversation.
   */
  readonly keystrokes: ReadableAtom<Keystrokes>;
  /** Ids of members connected anywhere: this conversation, another, or their list. */
  readonly online: ReadableAtom<string[]>;
  /** Ids of members with this conversation open. */
  readonly here: ReadableAtom<string[]>;
  /** Shows `text` at once as pending and sends it; returns the message id. */
  send(text: string, options?: SendOptions): string;
  /**
   * Replaces the text (and metadata, when given) of one's own message; `mentions`, when
   * given, replaces its mentions (otherwise those the new text still names are kept).
   */
  edit(messageId: string, text: string, metadata?: Metadata, mentions?: string[]): Promise<void>;
  /** Changes one's own message's text, metadata and attachments, each when given, as one change. */
  edit(messageId: string, changes: MessageChanges): Promise<void>;
  /** Deletes a message for everyone: one's own, or anyone's for owners and admins. */
  delete(messageId: string): Promise<void>;
  /** Adds or takes back this user's `emoji` reaction; without `on`, toggles it. */
  react(messageId: string, emoji: string, on?: boolean): Promise<void>;
  /** Call on every keystroke (true) and when the user sends or leaves the composer (false). */
  setTyping(typing: boolean): void;
  /**
   * Shows the draft `text` live to the others with the conversation open (sent at most every
   * 300 ms, the latest text last) and counts as typing. Throws where `liveTyping` is off.
   */
  sendKeystrokes(text: string): void;
  /**
   * Uploads a file (a `File` or `Blob`, in a browser) to this conversation, reporting progress
   * and cancelled by `signal`, and resolves with the attachment to `send`. Rejects with an
   * `AttachmentError` (status 413 too large, 415 type not allowed…) whose message says why.
   */
  upload(file: Blob, options?: UploadOptions): Promise<Attachment>;
  /** An object URL of an attachment's bytes for `<img>` or a download link, fetched with the user's token. */
  attachmentUrl(attachment: Attachment): Promise<string>;
  add(userId: string): Promise<void>;
  kick(userId: string): Promise<void>;
  /** Removes `userId` from a group and keeps them out until `unban`: owners and admins. */
  ban(userId: string): Promise<void>;
  unban(userId: string): Promise<void>;
  /** No unread badge for this user: the list row says `muted` and `chat.unreadCount` leaves it out. */
  mute(): Promise<void>;
  unmute(): Promise<void>;
  /**
   * Messages whose text holds every word of `query` (the last as a prefix), newest first,
   * at most `limit` (≤ 50, default 50), found by the server; `messages` is not changed.
   */
  search(query: string, options?: { limit?: number }): Promise<ChatMessage[]>;
  leave(): Promise<void>;
  update(changes: ConversationChanges): Promise<void>;
  setMetadata(metadata: Metadata): Promise<void>;
  /**
   * Sets the keys of `set` and deletes those in `remove`, merged on the server into the
   * metadata as it stands, so members changing different keys at once keep both.
   */
  updateMetadata(changes: MetadataChanges): Promise<void>;
  /** Tells the others this user has seen everything up to `messageId` (default: the newest). */
  markSeen(messageId?: string): void;
  /** Sends a message that could not be sent again, with the same id. */
  retry(messageId: string): void;
  /**
   * Loads up to `limit` (≤ 100) messages older than seq `before` (default: the oldest held)
   * into `messages`, and returns them with whether older ones remain.
   */
  fetchMessages(options?: { before?: number; limit?: number }): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  /** Reads history page by page, newest first, without changing `messages`. */
  getMessages(options?: { pageSize?: number }): Promise<MessagePage>;
  /**
   * Page `page` (1: the newest) of `pageSize` (default 25, ≤ 100) messages, deleted ones not
   * counted, with `totalMessages` and `totalPages`; past the end, an empty page.
   */
  getMessages(options: { page: number; pageSize?: number }): Promise<NumberedPage>;
  on<K extends keyof ConversationEvents>(kind: K, listener: ConversationEvents[K]): () => void;
}

export interface ConversationContext {
  host: string;
  userId: string;
  name: string;
  tokens: TokenSource;
  /** Where the conversation is kept between visits; null without IndexedDB. */
  cache: ChatCache | null;
  WebSocket?: unknown;
}

/** What the chat that owns a conversation may do with it beyond the public handle. */
export interface OwnedConversation extends ConversationHandle {
  /** Connects again after a refusal, as when the user has been added back. */
  revive(): void;
  /**
   * Hears its messages as `on("message")` does, holding the socket in the background: the user
   * is online but not here while nothing else holds it.
   */
  follow(listener: ConversationEvents["message"]): () => void;
  /** Why the server refused this conversation, while it does. */
  refusal(): ChatError | undefined;
  dispose(): void;
}

export function createConversation(id: string, context: ConversationContext): OwnedConversation {
  /** What the reducer works on; the stores show it. */
  let state: ConversationState = { id, messages: [], members: [], activity: [], meta: null, online: [], here: [], lastSeq: undefined };
  const $messages = atom(state.messages);
  const $activity = atom(state.activity);
  const $members = atom(state.members);
  const $meta = atom(state.meta);
  const $online = atom(state.online);
  const $here = atom(state.here);
  const $loaded = atom(false);
  const $keystrokes = atom<Keystrokes>({});
  const typists = createTypists();
  const emitter = createNanoEvents<ConversationEvents>();
  const attachments = conversationAttachments(context.host, id, context.tokens);

  /** Puts `step`'s state in the stores (an unchanged one notifies nobody), then tells the listeners. */
  function commit({ state: next, heard }: Step): void {
    state = next;
    $meta.set(next.meta);
    $members.set(next.members);
    $online.set(next.online);
    $here.set(next.here);
    $messages.set(next.messages);
    $activity.set(next.activity);
    for (const [kind, ...args] of heard) (emitter.emit as (kind: string, ...args: unknown[]) => void)(kind, ...args);
  }

  const lifetime = createLifetime(id, context, {
    lastSeq: () => state.lastSeq,
    onFrame(frame) {
      const step = receive(state, frame);
      commit(step);
      if (frame.type === "welcome") $loaded.set(true);
      if (frame.type === "typing_by") frame.on ? typists.start({ userId: frame.userId, name: frame.name }) : typists.stop(frame.userId);
      if (frame.type === "presence" && !frame.here) typists.stop(frame.userId);
      $keystrokes.set(nextKeystrokes($keystrokes.value, frame));
      outbox.receive(frame);
      lifetime.save();
    },
    onStatus(status, reason) {
      if (status !== "online") {
        typists.clear();
        $keystrokes.set({});
      }
      if (status === "refused") outbox.refuse(reason || "the server refused this conversation");
    },
    restore(snapshot, cachedOutbox) {
      commit(restoreCached(state, snapshot, cachedOutbox));
      if (snapshot) $loaded.set(true);
      outbox.restore(cachedOutbox);
    },
    snapshot: () => ({ meta: state.meta, members: state.members, messages: state.messages, activity: state.activity, lastSeq: state.lastSeq }),
    closing: () => typingSignal.stop(),
  });
  const typingSignal = createTypingSignal((on) => lifetime.send({ type: "typing", on }));
  const draft = createKeystrokesSender((text) => lifetime.send({ type: "keystrokes", text }));
  const outbox = createOutbox(id, context, lifetime, { state: () => state, commit });

  for (const store of [$messages, $activity, $members, $meta, $loaded, lifetime.status, typists.store, $keystrokes, $online, $here]) onMount(store, () => lifetime.retain());

  /** Holds the socket while `listener` hears `kind`: in the background when only following. */
  function listen<K extends keyof ConversationEvents>(kind: K, listener: ConversationEvents[K], inBackground: boolean): () => void {
    const release = lifetime.retain(inBackground);
    const unbind = emitter.on(kind, listener);
    return () => {
      unbind();
      release();
    };
  }

  const request = Object.assign(lifetime.request, { id });
  /** Sends a request whose answer says only that it was done (or, rejecting, why not). */
  const ask = (frame: ConversationRequest) => request(frame).then(() => {});
  return {
    id,
    messages: $messages,
    members: $members,
    activity: $activity,
    meta: $meta,
    loaded: $loaded,
    status: lifetime.status,
    typing: typists.store,
    keystrokes: $keystrokes,
    online: $online,
    here: $here,
    send(text, { metadata, replyTo, attachments, mentions } = {}) {
      const message: ChatMessage = {
        id: newMessageId(),
        conversationId: id,
        type: "user",
        seq: null,
        senderId: context.userId,
        senderName: context.name,
        text,
        ...(metadata ? { metadata } : {}),
        ...(replyTo ? { replyTo } : {}),
        ...(attachments?.length ? { attachments } : {}),
        ...(mentions?.length ? { mentions } : {}),
        createdAt: Date.now(),
        status: "pending",
      };
      typingSignal.stop();
      draft.cancel();
      outbox.send(message);
      return message.id;
    },
    edit: (messageId: string, text: string | MessageChanges, metadata?: Metadata, mentions?: string[]) =>
      outbox.change({ type: "edit", ref: newMessageId(), messageId, ...(typeof text == "string" ? { text, metadata, mentions } : text) }),
    delete: (messageId) => outbox.change({ type: "delete", ref: newMessageId(), messageId }),
    react(messageId, emoji, on) {
      const reactors = $messages.value.find((message) => message.id === messageId)?.reactions?.[emoji] ?? [];
      return outbox.change({ type: "react", ref: newMessageId(), messageId, emoji, on: on ?? !reactors.includes(context.userId) });
    },
    setTyping(typing) {
      if (typing) typingSignal.input();
      else typingSignal.stop();
    },
    sendKeystrokes(text) {
      if ($meta.value && !$meta.value.liveTyping) throw new Error("liveTyping is off in this conversation");
      draft.input(text);
      if (text) typingSignal.input();
      else typingSignal.stop();
    },
    upload: attachments.upload,
    attachmentUrl: attachments.url,
    retry: outbox.retry,
    add: (userId) => ask({ type: "add", userId }),
    kick: (userId) => ask({ type: "kick", userId }),
    ban: (userId) => ask({ type: "ban", userId }),
    unban: (userId) => ask({ type: "unban", userId }),
    mute: () => ask({ type: "mute" }),
    unmute: () => ask({ type: "unmute" }),
    search: async (query, { limit } = {}) => pageMessages(await request({ type: "search", query, limit }), id),
    leave: () => ask({ type: "leave" }),
    update: (changes) => ask({ type: "update", ...changes }),
    setMetadata: (metadata) => ask({ type: "update", metadata }),
    updateMetadata: (metadataChanges) => ask({ type: "update", metadataChanges }),
    async fetchMessages(options = {}) {
      const oldestHeld = $messages.value.find((message) => message.seq !== null)?.seq ?? undefined;
      const older = await readPage(request, { before: options.before ?? oldestHeld }, options.limit ?? LIMITS.latestPageSize, true);
      commit(mergePage(state, older.messages, older.activity));
      const ids = new Set(older.messages.map((message) => message.id));
      outbox.settleStored(ids);
      lifetime.save();
      return { messages: $messages.value.filter((message) => ids.has(message.id)), hasMore: older.hasMore };
    },
    getMessages: (async ({ page, pageSize }: { page?: number; pageSize?: number } = {}) => {
      if (page !== undefined) return numberedPage(request, page, pageSize ?? 25);
      pageSize ??= LIMITS.latestPageSize;
      const latest = await readPage(request, {}, pageSize);
      return messagePage(request, latest.messages, latest.hasMore, false, pageSize);
    }) as ConversationHandle["getMessages"],
    markSeen(messageId) {
      const me = $members.value.find((member) => member.userId === context.userId);
      const seen = messageId === undefined ? state.lastSeq : $messages.value.find((message) => message.id === messageId)?.seq;
      if (seen == null || !me || me.lastReadSeq >= seen) return;
      const seq: number = seen;
      commit(updateMember(state, context.userId, (member) => ({ ...member, lastReadSeq: seq })));
      lifetime.save();
      lifetime.send({ type: "read", seq });
    },
    on: (kind, listener) => listen(kind, listener, false),
    follow: (listener) => listen("message", listener, true),
    revive: lifetime.revive,
    refusal: outbox.refused,
    dispose() {
      attachments.dispose();
      draft.cancel();
      outbox.dispose();
      emitter.events = {};
      typists.clear();
      lifetime.dispose();
    },
  };
}

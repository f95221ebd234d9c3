/**
 * One conversation as the widget sees it: its messages, members and meta as stores, and the
 * actions a member can take. Its socket is open while anyone needs it: a subscriber to one of
 * its stores, an event listener, a request in flight or a message not yet acknowledged.
 */
import { atom, onMount, type ReadableAtom } from "nanostores";
import { createNanoEvents } from "nanoevents";
import {
  LIMITS,
  edit,
  parseServerFrame,
  react,
  remove,
  type Change,
  type Attachment,
  type ClientFrame,
  type ConversationEvent,
  type ConversationMeta,
  type Member,
  type Metadata,
  type ServerFrame,
  type StoredMessage,
  type WelcomeFrame,
} from "../protocol/index.js";
import { ChatError, RoomSocket, type ConnectionStatus } from "../transport/room-socket.js";
import type { TokenSource } from "../transport/token-source.js";
import type { ConversationSnapshot, Outbox, OutboxEntry } from "./cache.js";
import { newMessageId } from "./message-id.js";
import type { ChatCache } from "./cache.js";
import { applyChanges, fromStored, mergeMessages, mergeStored, placeStored, unsentOnly, type ChatMessage } from "./message-order.js";
import { createTypingSignal, createTypists, type Typist } from "./typing.js";
import { conversationAttachments, type UploadOptions } from "./upload.js";
import type { ChangeFrame, ConversationEvents } from "./conversation-reducer.js";

export type { ConversationEvents, Op } from "./conversation-reducer.js";

export interface SendOptions {
  metadata?: Metadata;
  /** The id of the message this one answers. */
  replyTo?: string;
  /** Files uploaded with `upload()` to this conversation, at most 10; the text may then be empty. */
  attachments?: Attachment[];
  /** Ids of the members the text names as "@Name" or "@id"; the server keeps only those. */
  mentions?: string[];
}

/** One page of messages from `getMessages`: `nextPage` goes back in time, `prevPage` forward. */
export interface MessagePage {
  data: ChatMessage[];
  hasNext: boolean;
  hasPrev: boolean;
  nextPage(): Promise<MessagePage>;
  prevPage(): Promise<MessagePage>;
}

export interface ConversationChanges {
  title?: string;
  /** A URL, or null to remove the avatar. */
  avatar?: string | null;
  metadata?: Metadata;
}

export interface ConversationHandle {
  readonly id: string;
  /** Stored messages by seq, then this user's pending ones. */
  readonly messages: ReadableAtom<ChatMessage[]>;
  /** Current members, in the order they joined. */
  readonly members: ReadableAtom<Member[]>;
  /** Title, type, avatar and metadata; null until the server has answered. */
  readonly meta: ReadableAtom<ConversationMeta | null>;
  readonly status: ReadableAtom<ConnectionStatus>;
  /** Other members typing now, in the order they started. */
  readonly typing: ReadableAtom<Typist[]>;
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
  /** Deletes a message for everyone: one's own, or anyone's for owners and admins. */
  delete(messageId: string): Promise<void>;
  /** Adds or takes back this user's `emoji` reaction; without `on`, toggles it. */
  react(messageId: string, emoji: string, on?: boolean): Promise<void>;
  /** Call on every keystroke (true) and when the user sends or leaves the composer (false). */
  setTyping(typing: boolean): void;
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

const memberOps = { added: 1, joined: 1, updated: 0, left: -1, kicked: -1 } as const;

interface PendingChange {
  frame: ChangeFrame;
  /** The message as it was, to put back if the server refuses; unknown after a reload. */
  before?: ChatMessage;
  /** Settles the caller's promise; absent for changes restored from the cache. */
  answer?: { resolve: () => void; reject: (error: ChatError) => void };
  release: () => void;
}

/** The rule for `frame`, applied to `message` by `actor`. */
function applyChange(message: StoredMessage, actor: Member, frame: ChangeFrame, at: number): Change {
  if (frame.type === "edit") return edit(message, actor, frame, at);
  if (frame.type === "delete") return remove(message, actor, at);
  return react(message, actor.userId, frame.emoji, frame.on);
}

/** How long a message the server rate-limited waits before it is sent again. */
const RATE_LIMIT_RETRY_MS = 1_000;

/** What the chat that owns a conversation may do with it beyond the public handle. */
export interface OwnedConversation extends ConversationHandle {
  /** Connects again after a refusal, as when the user has been added back. */
  revive(): void;
  dispose(): void;
}

export function createConversation(id: string, context: ConversationContext): OwnedConversation {
  const $messages = atom<ChatMessage[]>([]);
  const $members = atom<Member[]>([]);
  const $meta = atom<ConversationMeta | null>(null);
  const $status = atom<ConnectionStatus>("offline");
  const $online = atom<string[]>([]);
  const $here = atom<string[]>([]);
  const typists = createTypists();
  const typingSignal = createTypingSignal((on) => socket?.send({ type: "typing", on }));
  const emitter = createNanoEvents<ConversationEvents>();
  let socket: RoomSocket<ServerFrame, ClientFrame> | null = null;
  let lastSeq: number | undefined;
  let holders = 0;
  const attachments = conversationAttachments(context.host, id, context.tokens);

  /** Keeps the socket open until the returned release is called. */
  function retain(): () => void {
    holders++;
    if (holders === 1) connect();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holders--;
      if (holders === 0) disconnect();
    };
  }

  /** Releases held for messages awaiting their ack, by message id. */
  const awaitingAck = new Map<string, () => void>();
  /** Changes not yet answered, by ref, in the order they were made. */
  const pendingChanges = new Map<string, PendingChange>();

  /** The server has the message `messageId` (acked, or seen in its history), or refused it for good. */
  function settleMessage(messageId: string): void {
    awaitingAck.get(messageId)?.();
    awaitingAck.delete(messageId);
  }

  /**
   * A message of ours that a replay or a page brings stored needs no ack: its ack was lost with
   * a connection. Without this the socket would stay held and the outbox keep it for good.
   */
  function settleStored(stored: readonly { id: string }[]): void {
    for (const { id: messageId } of stored) {
      if (!awaitingAck.has(messageId)) continue;
      settleMessage(messageId);
      drop(messageId);
    }
  }

  /** Keeps an unsent message or change in the cached outbox. */
  function keep(entry: OutboxEntry): void {
    context.cache?.putInOutbox(id, entry);
  }
  /** Takes the message `idOrRef`, or the change with that ref, out of the cached outbox. */
  function drop(idOrRef: string): void {
    context.cache?.takeFromOutbox(id, idOrRef);
  }

  /** Restores the cached conversation and its outbox before the first socket opens. */
  const restored = Promise.all([context.cache?.loadConversation(id), context.cache?.loadOutbox(id)]).then(
    ([snapshot, outbox]) => restore(snapshot, outbox),
    () => {},
  );

  function connect(): void {
    void restored.then(() => {
      if (holders > 0 && !socket) socket = openSocket();
    });
  }

  function openSocket(): RoomSocket<ServerFrame, ClientFrame> {
    return new RoomSocket<ServerFrame, ClientFrame>({
      host: context.host,
      party: "conversation",
      room: id,
      tokens: context.tokens,
      parse: parseServerFrame,
      greeting: () => (lastSeq === undefined ? { type: "hello" } : { type: "hello", since: lastSeq }),
      isReady: (frame) => frame.type === "welcome",
      onFrame: receive,
      onStatus: (status, reason) => {
        $status.set(status);
        if (status !== "online") typists.clear();
        if (status === "refused") failPending(reason || "the server refused this conversation");
      },
      WebSocket: context.WebSocket,
    });
  }

  function restore(snapshot: ConversationSnapshot | undefined, outbox: Outbox | undefined): void {
    if (snapshot) {
      $meta.set($meta.value ?? snapshot.meta);
      if ($members.value.length === 0) $members.set(snapshot.members);
      lastSeq ??= snapshot.lastSeq;
    }
    const unsent = Object.values(outbox?.messages ?? {});
    $messages.set(mergeMessages([...(snapshot?.messages ?? []), ...unsent], $messages.value));
    // The outbox goes out once the socket is ready, whether or not anything shows it.
    for (const message of unsent) {
      if (message.status === "pending" && !awaitingAck.has(message.id)) awaitingAck.set(message.id, retain());
    }
    for (const frame of Object.values(outbox?.changes ?? {})) {
      if (!pendingChanges.has(frame.ref)) pendingChanges.set(frame.ref, { frame, release: retain() });
    }
  }

  let saveQueued = false;
  /** Writes the conversation to the cache once per turn, however many changes it had. */
  function save(): void {
    if (!context.cache || saveQueued) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      context.cache?.saveConversation(id, {
        meta: $meta.value,
        members: $members.value,
        messages: $messages.value,
        lastSeq,
      });
    });
  }

  function disconnect(): void {
    typingSignal.stop();
    socket?.close();
    socket = null;
  }

  for (const store of [$messages, $members, $meta, $status, typists.store, $online, $here]) onMount(store, retain);

  function receive(frame: ServerFrame): void {
    applyFrame(frame);
    save();
  }

  function applyFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "welcome":
        return welcome(frame);
      case "event":
        applyEvent(frame.event);
        lastSeq = Math.max(lastSeq ?? 0, frame.event.seq);
        return;
      case "ack": {
        lastSeq = Math.max(lastSeq ?? 0, frame.seq);
        // The acked message moves from the pending tail to its seq among the stored ones.
        const message = $messages.value.findLast((item) => item.id === frame.id);
        if (message) {
          const acked: ChatMessage = { ...message, seq: frame.seq, createdAt: frame.createdAt, status: "sent" };
          $messages.set(placeStored($messages.value, acked));
          emitter.emit("message", acked, 0);
        }
        settleMessage(frame.id);
        drop(frame.id);
        return;
      }
      case "read_by":
        return updateMember(frame.userId, (member) => ({ ...member, lastReadSeq: Math.max(member.lastReadSeq, frame.seq) }));
      case "typing_by":
        return frame.on ? typists.start({ userId: frame.userId, name: frame.name }) : typists.stop(frame.userId);
      case "presence":
        $online.set(toggled($online.value, frame.userId, frame.online));
        $here.set(toggled($here.value, frame.userId, frame.here));
        if (!frame.here) typists.stop(frame.userId);
        emitter.emit("presence", { userId: frame.userId, online: frame.online, here: frame.here });
        return;
      case "error":
        if (frame.code === "rate_limited" && frame.ref) return resendLater(frame.ref);
        if (frame.ref && pendingChanges.has(frame.ref)) return settleChange(frame.ref, new ChatError(frame.code, frame.message));
        if (frame.ref) return failMessage(frame.ref, frame.message);
        if (frame.code === "not_member" || frame.code === "not_found") {
          $status.set("refused");
          failPending(frame.message);
          return;
        }
        console.warn(`confab: server error in ${id}: ${frame.message}`);
        return;
      case "done":
        return settleChange(frame.ref);
    }
  }

  function welcome(frame: WelcomeFrame): void {
    $meta.set(frame.meta);
    $members.set(frame.members);
    $online.set(frame.online);
    $here.set(frame.here);
    const kept = frame.reset ? unsentOnly($messages.value) : $messages.value;
    const known = new Set(kept.map((message) => message.id));
    const stored = frame.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
    const changed = frame.events.flatMap((event) => (event.kind === "change" ? [event.message] : []));
    $messages.set(applyChanges(mergeStored(kept, stored), changed));
    settleStored(stored);
    const held = new Map($messages.value.map((message) => [message.id, message]));
    for (const event of frame.events) {
      if (event.kind === "member" || event.kind === "meta") emitChange(event);
      else if (held.has(event.message.id)) {
        emitter.emit("message", held.get(event.message.id)!, event.kind === "message" && !known.has(event.message.id) ? 1 : 0);
      }
    }
    lastSeq = frame.lastSeq;
    resendPending();
  }

  function applyEvent(event: ConversationEvent): void {
    switch (event.kind) {
      case "message": {
        // Busy conversations bring one of these per frame: no pass over the whole list here.
        const message = fromStored(event.message);
        const held = $messages.value;
        $messages.set(placeStored(held, message));
        // An unchanged length means a copy with this id was replaced.
        emitter.emit("message", message, $messages.value.length === held.length ? 0 : 1);
        return;
      }
      case "member": {
        const others = $members.value.filter((member) => member.userId !== event.member.userId);
        $members.set(memberOps[event.op] === -1 ? others : [...others, event.member].sort((a, b) => a.joinedAt - b.joinedAt));
        emitChange(event);
        return;
      }
      case "meta":
        $meta.set(event.meta);
        emitChange(event);
        return;
      case "change": {
        // A change to a message not held is already in that message when a page brings it.
        if (!$messages.value.some((message) => message.id === event.message.id)) return;
        $messages.set(applyChanges($messages.value, [event.message]));
        emitter.emit("message", fromStored(event.message), 0);
        return;
      }
    }
  }

  function emitChange(event: Extract<ConversationEvent, { kind: "member" | "meta" }>): void {
    if (event.kind === "member") emitter.emit("member", event.member, memberOps[event.op]);
    else emitter.emit("conversation", event.meta, 0);
  }

  function updateMember(userId: string, change: (member: Member) => Member): void {
    let changed: Member | undefined;
    $members.set(
      $members.value.map((member) => {
        if (member.userId !== userId) return member;
        changed = change(member);
        return changed;
      }),
    );
    if (changed) emitter.emit("member", changed, 0);
  }

  function failMessage(messageId: string, reason: string): void {
    let failed: ChatMessage | undefined;
    $messages.set(
      $messages.value.map((message) => {
        if (message.id !== messageId || message.seq !== null) return message;
        failed = { ...message, status: "failed", error: reason };
        return failed;
      }),
    );
    if (failed) {
      emitter.emit("message", failed, 0);
      keep({ message: failed });
    }
    settleMessage(messageId);
  }

  /**
   * The server refused this conversation for good (not a member, no such conversation, removed):
   * nothing waiting here will be sent, so each message fails with `reason` and each change is undone.
   */
  function failPending(reason: string): void {
    for (const message of $messages.value) if (message.status === "pending") failMessage(message.id, reason);
    for (const ref of [...pendingChanges.keys()]) settleChange(ref, new ChatError("forbidden", reason));
  }

  /** Sends a message or change the server dropped for coming too fast again once the rate allows. */
  function resendLater(ref: string): void {
    setTimeout(() => {
      const change = pendingChanges.get(ref);
      if (change) return void socket?.send(change.frame);
      const message = $messages.value.find((item) => item.id === ref && item.status === "pending");
      if (message) transmit(message);
    }, RATE_LIMIT_RETRY_MS);
  }

  /**
   * Sends every message the server has not acked yet (it stores each id once), then every
   * change not yet answered, so a change to a message in the outbox follows that message.
   */
  function resendPending(): void {
    for (const message of $messages.value) if (message.status === "pending") transmit(message);
    for (const change of pendingChanges.values()) socket?.send(change.frame);
  }

  /** Shows `frame`'s change at once and sends it when connected; settles when the server answers. */
  function queueChange(frame: ChangeFrame): Promise<void> {
    const before = $messages.value.find((message) => message.id === frame.messageId);
    const me = $members.value.find((member) => member.userId === context.userId);
    if (before && me && before.seq !== null) {
      const changed = applyChange(before as StoredMessage, me, frame, Date.now());
      if (!changed.ok) return Promise.reject(new ChatError(changed.code, changed.message));
      replaceMessage({ ...changed.message, seq: before.seq, status: before.status });
    }
    return new Promise((resolve, reject) => {
      pendingChanges.set(frame.ref, { frame, before, answer: { resolve, reject }, release: retain() });
      keep({ change: frame });
      save();
      if ($status.value === "online") socket?.send(frame);
    });
  }

  /** The server answered the change `ref`: done, or refused with `error` (and the change undone). */
  function settleChange(ref: string, error?: ChatError): void {
    const change = pendingChanges.get(ref);
    if (!change) return;
    pendingChanges.delete(ref);
    drop(ref);
    if (error && change.before) replaceMessage(change.before);
    save();
    change.release();
    if (error) change.answer?.reject(error);
    else change.answer?.resolve();
  }

  function replaceMessage(replacement: ChatMessage): void {
    $messages.set($messages.value.map((message) => (message.id === replacement.id ? replacement : message)));
    emitter.emit("message", replacement, 0);
  }

  function transmit({ id, text, metadata, replyTo, attachments, mentions }: ChatMessage): void {
    socket?.send({ type: "send", id, text, metadata, replyTo, attachments, mentions });
  }

  /** A page of stored messages older than `before` or newer than `after`. */
  async function page(range: { before?: number; after?: number }, limit: number) {
    const answer = await request({ type: "history", ref: newMessageId(), ...range, limit: Math.min(limit, LIMITS.historyPageSize) });
    if (answer.type !== "page") return { messages: [], hasMore: false };
    return { messages: answer.events.flatMap((event) => (event.kind === "message" ? [fromStored(event.message)] : [])), hasMore: answer.hasMore };
  }

  function messagePage(data: ChatMessage[], hasNext: boolean, hasPrev: boolean, pageSize: number): MessagePage {
    return {
      data,
      hasNext,
      hasPrev,
      async nextPage() {
        const older = await page({ before: data[0]?.seq ?? 0 }, pageSize);
        return messagePage(older.messages, older.hasMore, true, pageSize);
      },
      async prevPage() {
        const newer = await page({ after: data.at(-1)?.seq ?? 0 }, pageSize);
        return messagePage(newer.messages, true, newer.hasMore, pageSize);
      },
    };
  }

  async function request(frame: Extract<ClientFrame, { ref: string }>) {
    const release = retain();
    try {
      await restored;
      return await socket!.request(frame);
    } finally {
      release();
    }
  }

  return {
    id,
    messages: $messages,
    members: $members,
    meta: $meta,
    status: $status,
    typing: typists.store,
    online: $online,
    here: $here,
    send(text, { metadata, replyTo, attachments, mentions } = {}) {
      const message: ChatMessage = {
        id: newMessageId(),
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
      awaitingAck.set(message.id, retain());
      $messages.set([...$messages.value, message]);
      keep({ message });
      emitter.emit("message", message, 1);
      typingSignal.stop();
      transmit(message);
      return message.id;
    },
    edit: (messageId, text, metadata, mentions) => queueChange({ type: "edit", ref: newMessageId(), messageId, text, metadata, mentions }),
    delete: (messageId) => queueChange({ type: "delete", ref: newMessageId(), messageId }),
    react(messageId, emoji, on) {
      const reactors = $messages.value.find((message) => message.id === messageId)?.reactions?.[emoji] ?? [];
      return queueChange({ type: "react", ref: newMessageId(), messageId, emoji, on: on ?? !reactors.includes(context.userId) });
    },
    setTyping(typing) {
      if (typing) typingSignal.input();
      else typingSignal.stop();
    },
    upload: attachments.upload,
    attachmentUrl: attachments.url,
    retry(messageId) {
      const failed = $messages.value.find((message) => message.id === messageId && message.seq === null);
      if (!failed) return;
      const retried: ChatMessage = { ...failed, status: "pending", error: undefined };
      replaceMessage(retried);
      keep({ message: retried });
      if (!awaitingAck.has(messageId)) awaitingAck.set(messageId, retain());
      transmit(retried);
    },
    add: async (userId) => void (await request({ type: "add", ref: newMessageId(), userId })),
    kick: async (userId) => void (await request({ type: "kick", ref: newMessageId(), userId })),
    ban: async (userId) => void (await request({ type: "ban", ref: newMessageId(), userId })),
    unban: async (userId) => void (await request({ type: "unban", ref: newMessageId(), userId })),
    mute: async () => void (await request({ type: "mute", ref: newMessageId() })),
    unmute: async () => void (await request({ type: "unmute", ref: newMessageId() })),
    async search(query, { limit } = {}) {
      const answer = await request({ type: "search", ref: newMessageId(), query, limit });
      return answer.type == "page" ? answer.events.flatMap((event) => (event.kind == "message" ? [fromStored(event.message)] : [])) : [];
    },
    leave: async () => void (await request({ type: "leave", ref: newMessageId() })),
    update: async (changes) => void (await request({ type: "update", ref: newMessageId(), ...changes })),
    setMetadata: async (metadata) => void (await request({ type: "update", ref: newMessageId(), metadata })),
    async fetchMessages(options = {}) {
      const oldestHeld = $messages.value.find((message) => message.seq !== null)?.seq ?? undefined;
      const older = await page({ before: options.before ?? oldestHeld }, options.limit ?? LIMITS.latestPageSize);
      $messages.set(mergeMessages($messages.value, older.messages));
      settleStored(older.messages);
      save();
      const ids = new Set(older.messages.map((message) => message.id));
      return { messages: $messages.value.filter((message) => ids.has(message.id)), hasMore: older.hasMore };
    },
    async getMessages({ pageSize = LIMITS.latestPageSize } = {}) {
      const latest = await page({}, pageSize);
      return messagePage(latest.messages, latest.hasMore, false, pageSize);
    },
    markSeen(messageId) {
      const me = $members.value.find((member) => member.userId === context.userId);
      const seen = messageId === undefined ? lastSeq : $messages.value.find((message) => message.id === messageId)?.seq;
      if (seen == null || !me || me.lastReadSeq >= seen) return;
      const seq: number = seen;
      updateMember(context.userId, (member) => ({ ...member, lastReadSeq: seq }));
      save();
      socket?.send({ type: "read", seq });
    },
    on(kind, listener) {
      const release = retain();
      const unbind = emitter.on(kind, listener);
      return () => {
        unbind();
        release();
      };
    },
    revive() {
      if ($status.value !== "refused" || holders === 0) return;
      disconnect();
      connect();
    },
    dispose() {
      attachments.dispose();
      for (const release of awaitingAck.values()) release();
      awaitingAck.clear();
      for (const change of pendingChanges.values()) change.release();
      pendingChanges.clear();
      emitter.events = {};
      typists.clear();
      holders = 0;
      disconnect();
    },
  };
}

/** `ids` with `id` in it or not. */
function toggled(ids: readonly string[], id: string, present: boolean): string[] {
  const others = ids.filter((other) => other !== id);
  return present ? [...others, id] : others;
}

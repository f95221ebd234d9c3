/**
 * One conversation as the widget sees it: its messages, members and meta as stores, and the
 * actions a member can take. Its socket is open while anyone needs it: a subscriber to one of
 * its stores, an event listener, a request in flight or a message not yet acknowledged.
 */
import { atom, onMount, type ReadableAtom } from "nanostores";
import { createNanoEvents } from "nanoevents";
import {
  LIMITS,
  parseServerFrame,
  type Attachment,
  type ClientFrame,
  type ConversationEvent,
  type ConversationMeta,
  type Member,
  type Metadata,
  type ServerFrame,
  type WelcomeFrame,
} from "../protocol/index.js";
import { RoomSocket, type ConnectionStatus } from "../transport/room-socket.js";
import type { TokenSource } from "../transport/token-source.js";
import type { ConversationSnapshot } from "./cache.js";
import { newMessageId } from "./message-id.js";
import type { ChatCache } from "./cache.js";
import { mergeMessages, mergeStored, unsentOnly, type ChatMessage } from "./message-order.js";
import { conversationAttachments, type UploadOptions } from "./upload.js";

/** How an item changed: 1 added, 0 updated, -1 removed. */
export type Op = 1 | 0 | -1;

export interface ConversationEvents {
  message: (item: ChatMessage, op: Op) => void;
  member: (item: Member, op: Op) => void;
  conversation: (item: ConversationMeta, op: Op) => void;
}

export interface ConversationChanges {
  title?: string;
  /** A URL, or null to remove the avatar. */
  avatar?: string | null;
  metadata?: Metadata;
}

export interface SendOptions {
  /** Files uploaded with `upload()` to this conversation, at most 10; the text may then be empty. */
  attachments?: Attachment[];
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
  /**
   * Shows `text` at once as pending and sends it; returns the message id. Metadata alone may
   * also be given as the second argument.
   */
  send(text: string, options?: SendOptions | Metadata): string;
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
  leave(): Promise<void>;
  update(changes: ConversationChanges): Promise<void>;
  setMetadata(metadata: Metadata): Promise<void>;
  /** Tells the others this user has seen everything up to the newest message. */
  markRead(): void;
  /** Sends a message that could not be sent again, with the same id. */
  retry(messageId: string): void;
  /**
   * Loads up to `limit` (≤ 100) messages older than seq `before` (default: the oldest held)
   * into `messages`, and returns them with whether older ones remain.
   */
  fetchMessages(options?: { before?: number; limit?: number }): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
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

/** How long a message the server rate-limited waits before it is sent again. */
const RATE_LIMIT_RETRY_MS = 1_000;

/** The frame that sends `message`, first time or again. */
const sendFrameOf = (message: ChatMessage): ClientFrame => ({
  type: "send",
  id: message.id,
  text: message.text,
  metadata: message.metadata,
  attachments: message.attachments,
});

/** Options, or (as before options existed) metadata alone: metadata values are never objects. */
const sendOptionsOf = (options?: SendOptions | Metadata): SendOptions =>
  !options || typeof options.attachments === "object" || typeof options.metadata === "object"
    ? ((options ?? {}) as SendOptions)
    : { metadata: options as Metadata };

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

  function settleMessage(messageId: string): void {
    awaitingAck.get(messageId)?.();
    awaitingAck.delete(messageId);
  }

  /** Restores the cached conversation (and its outbox) before the first socket opens. */
  const restored = (context.cache?.loadConversation(id) ?? Promise.resolve(undefined)).then(restore, () => {});

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
      onStatus: (status) => $status.set(status),
      WebSocket: context.WebSocket,
    });
  }

  function restore(snapshot: ConversationSnapshot | undefined): void {
    if (!snapshot) return;
    $meta.set($meta.value ?? snapshot.meta);
    if ($members.value.length === 0) $members.set(snapshot.members);
    $messages.set(mergeMessages(snapshot.messages, $messages.value));
    lastSeq ??= snapshot.lastSeq;
    // The outbox goes out once the socket is ready, whether or not anything shows it.
    for (const message of snapshot.messages) {
      if (message.status === "pending" && !awaitingAck.has(message.id)) awaitingAck.set(message.id, retain());
    }
  }

  let saveQueued = false;
  /** Writes the conversation to the cache once per turn, however many changes it had. */
  function save(): void {
    if (!context.cache || saveQueued) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      context.cache?.saveConversation(id, { meta: $meta.value, members: $members.value, messages: $messages.value, lastSeq });
    });
  }

  function disconnect(): void {
    socket?.close();
    socket = null;
  }

  for (const store of [$messages, $members, $meta, $status]) onMount(store, retain);

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
        const updated = $messages.value.map((message) =>
          message.id === frame.id ? { ...message, seq: frame.seq, createdAt: frame.createdAt, status: "sent" as const } : message,
        );
        $messages.set(mergeStored(updated, []));
        const acked = updated.find((message) => message.id === frame.id);
        if (acked) emitter.emit("message", acked, 0);
        settleMessage(frame.id);
        return;
      }
      case "read_by":
        return updateMember(frame.userId, (member) => ({ ...member, lastReadSeq: Math.max(member.lastReadSeq, frame.seq) }));
      case "error":
        if (frame.code === "rate_limited" && frame.ref) return resendLater(frame.ref);
        if (frame.ref) return failMessage(frame.ref, frame.message);
        if (frame.code === "not_member" || frame.code === "not_found") {
          $status.set("refused");
          return;
        }
        console.warn(`confab: server error in ${id}: ${frame.message}`);
        return;
      case "done":
        return;
    }
  }

  function welcome(frame: WelcomeFrame): void {
    $meta.set(frame.meta);
    $members.set(frame.members);
    const kept = frame.reset ? unsentOnly($messages.value) : $messages.value;
    const known = new Set(kept.map((message) => message.id));
    const stored = frame.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
    $messages.set(mergeStored(kept, stored));
    for (const event of frame.events) emitEvent(event, event.kind === "message" && known.has(event.message.id));
    lastSeq = frame.lastSeq;
    resendPending();
  }

  function applyEvent(event: ConversationEvent): void {
    switch (event.kind) {
      case "message": {
        const known = $messages.value.some((message) => message.id === event.message.id);
        $messages.set(mergeStored($messages.value, [event.message]));
        emitEvent(event, known);
        return;
      }
      case "member": {
        const others = $members.value.filter((member) => member.userId !== event.member.userId);
        $members.set(memberOps[event.op] === -1 ? others : [...others, event.member].sort((a, b) => a.joinedAt - b.joinedAt));
        emitEvent(event, false);
        return;
      }
      case "meta":
        $meta.set(event.meta);
        emitEvent(event, false);
        return;
    }
  }

  function emitEvent(event: ConversationEvent, alreadyKnown: boolean): void {
    if (event.kind === "message") {
      const item = $messages.value.find((message) => message.id === event.message.id);
      if (item) emitter.emit("message", item, alreadyKnown ? 0 : 1);
    } else if (event.kind === "member") {
      emitter.emit("member", event.member, memberOps[event.op]);
    } else {
      emitter.emit("conversation", event.meta, 0);
    }
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
    if (failed) emitter.emit("message", failed, 0);
    settleMessage(messageId);
  }

  /** Sends a message the server dropped for coming too fast again once the rate allows. */
  function resendLater(messageId: string): void {
    setTimeout(() => {
      const message = $messages.value.find((item) => item.id === messageId && item.status === "pending");
      if (message) socket?.send(sendFrameOf(message));
    }, RATE_LIMIT_RETRY_MS);
  }

  /** Sends every message the server has not acked yet; the server stores each id once. */
  function resendPending(): void {
    for (const message of $messages.value) {
      if (message.status === "pending") socket?.send(sendFrameOf(message));
    }
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
    send(text, options) {
      const message: ChatMessage = {
        id: newMessageId(),
        seq: null,
        senderId: context.userId,
        senderName: context.name,
        text,
        ...sendOptionsOf(options),
        createdAt: Date.now(),
        status: "pending",
      };
      awaitingAck.set(message.id, retain());
      $messages.set([...$messages.value, message]);
      save();
      emitter.emit("message", message, 1);
      socket?.send(sendFrameOf(message));
      return message.id;
    },
    upload: attachments.upload,
    attachmentUrl: attachments.url,
    retry(messageId) {
      const failed = $messages.value.find((message) => message.id === messageId && message.seq === null);
      if (!failed) return;
      const retried: ChatMessage = { ...failed, status: "pending", error: undefined };
      $messages.set($messages.value.map((message) => (message.id === messageId ? retried : message)));
      save();
      emitter.emit("message", retried, 0);
      if (!awaitingAck.has(messageId)) awaitingAck.set(messageId, retain());
      socket?.send(sendFrameOf(retried));
    },
    add: async (userId) => void (await request({ type: "add", ref: newMessageId(), userId })),
    kick: async (userId) => void (await request({ type: "kick", ref: newMessageId(), userId })),
    leave: async () => void (await request({ type: "leave", ref: newMessageId() })),
    update: async (changes) => void (await request({ type: "update", ref: newMessageId(), ...changes })),
    setMetadata: async (metadata) => void (await request({ type: "update", ref: newMessageId(), metadata })),
    async fetchMessages(options = {}) {
      const oldestHeld = $messages.value.find((message) => message.seq !== null)?.seq ?? undefined;
      const answer = await request({
        type: "history",
        ref: newMessageId(),
        before: options.before ?? oldestHeld,
        limit: Math.min(options.limit ?? LIMITS.latestPageSize, LIMITS.historyPageSize),
      });
      if (answer.type !== "page") return { messages: [], hasMore: false };
      const stored = answer.events.flatMap((event) => (event.kind === "message" ? [event.message] : []));
      $messages.set(mergeStored($messages.value, stored));
      save();
      const ids = new Set(stored.map((message) => message.id));
      return { messages: $messages.value.filter((message) => ids.has(message.id)), hasMore: answer.hasMore };
    },
    markRead() {
      const me = $members.value.find((member) => member.userId === context.userId);
      if (lastSeq === undefined || !me || me.lastReadSeq >= lastSeq) return;
      const seq = lastSeq;
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
      emitter.events = {};
      holders = 0;
      disconnect();
    },
  };
}

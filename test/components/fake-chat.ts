/**
 * Test doubles of our own store API (src/store): a `Chat` and its `ConversationHandle`s built
 * from real nanostores atoms, so elements can be driven without a server. Every action is
 * recorded; stores are writable so a test can change what the element sees; `emit` fires the
 * listeners an element registered with `on`.
 */
import { atom, computed, type WritableAtom } from "nanostores";
import type {
  Activity,
  Attachment,
  Chat,
  ChatEvents,
  ChatMessage,
  ConnectionStatus,
  ConversationEvents,
  ConversationHandle,
  ConversationMeta,
  ConversationSummary,
  CreateOptions,
  Member,
  MessageChanges,
  Metadata,
  NotificationSettings,
  NotifyLevel,
  PeoplePage,
  PeopleSearchOptions,
  Person,
  SendOptions,
  Typist,
  UploadOptions,
} from "../../src/store/index.js";

type EventMap<Events> = { [K in keyof Events]: (...args: never[]) => void };

type AnyListener = (...args: unknown[]) => void;

/** A listener registry with the `on` semantics of nanoevents, plus a count for leak checks. */
class Listeners<Events extends EventMap<Events>> {
  readonly #byKind = new Map<keyof Events, Set<AnyListener>>();

  on<K extends keyof Events>(kind: K, listener: Events[K]): () => void {
    let set = this.#byKind.get(kind);
    if (!set) this.#byKind.set(kind, (set = new Set()));
    // Each registration is its own entry, as in nanoevents, even for the same function.
    const entry: AnyListener = (...args) => (listener as unknown as AnyListener)(...args);
    set.add(entry);
    return () => void set.delete(entry);
  }

  emit<K extends keyof Events>(kind: K, ...args: Parameters<Events[K]>): void {
    for (const listener of [...(this.#byKind.get(kind) ?? [])]) listener(...args);
  }

  count(kind: keyof Events): number {
    return this.#byKind.get(kind)?.size ?? 0;
  }
}

/** An upload the fake conversation holds in flight until the test settles it. */
export interface FakeUpload {
  readonly file: Blob;
  readonly options: UploadOptions;
  /** Reports `percent` of the file sent. */
  progress(percent: number): void;
  /** The server stored the file: resolves with `attachment`, or one made from the file. */
  finish(attachment?: Partial<Attachment>): Attachment;
  /** The server refused the file with `message`. */
  refuse(message: string): void;
  readonly cancelled: boolean;
}

export interface FakeConversation extends ConversationHandle {
  /** Every upload started, in order. */
  readonly uploads: FakeUpload[];
  /** What attachmentUrl resolves with; by default a data URL for pictures, rejection otherwise. */
  attachmentUrlFor: (attachment: Attachment) => Promise<string>;
  readonly messages: WritableAtom<ChatMessage[]>;
  readonly members: WritableAtom<Member[]>;
  readonly activity: WritableAtom<Activity[]>;
  readonly meta: WritableAtom<ConversationMeta | null>;
  readonly loaded: WritableAtom<boolean>;
  readonly status: WritableAtom<ConnectionStatus>;
  readonly typing: WritableAtom<Typist[]>;
  readonly online: WritableAtom<string[]>;
  readonly here: WritableAtom<string[]>;
  /** Every action called, in order, with its arguments. */
  readonly calls: { action: string; args: unknown[] }[];
  /** How many times markSeen was called. */
  readonly markSeenCount: number;
  /** The next request-style action (add, kick, leave, update, setMetadata, edit, delete, react) settles with this. */
  nextResult: () => Promise<void>;
  emit<K extends keyof ConversationEvents>(kind: K, ...args: Parameters<ConversationEvents[K]>): void;
  listenerCount(kind: keyof ConversationEvents): number;
  resetCalls(): void;
}

export interface FakeConversationInit {
  messages?: ChatMessage[];
  members?: Member[];
  activity?: Activity[];
  meta?: ConversationMeta | null;
  status?: ConnectionStatus;
  /** Whether the conversation has loaded; true unless a test shows the wait for the server. */
  loaded?: boolean;
}

let sentIds = 0;
let uploadIds = 0;

/** A 1×1 transparent PNG. */
export const PIXEL_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

function fakeUpload(file: Blob, options: UploadOptions): { upload: FakeUpload; promise: Promise<Attachment> } {
  const { promise, resolve, reject } = deferred<Attachment>();
  let cancelled = false;
  options.signal?.addEventListener("abort", () => {
    cancelled = true;
    reject(new DOMException("The upload was cancelled", "AbortError"));
  });
  const upload: FakeUpload = {
    file,
    options,
    progress: (percent) => options.onProgress?.((file.size * percent) / 100, file.size),
    finish(attachment = {}) {
      const done: Attachment = {
        id: `00000000-0000-4000-9000-${String(++uploadIds).padStart(12, "0")}`,
        name: (file as File).name ?? "file",
        size: file.size,
        type: file.type,
        ...attachment,
      };
      resolve(done);
      return done;
    },
    refuse: (message) => reject(new Error(message)),
    get cancelled() {
      return cancelled;
    },
  };
  return { upload, promise };
}

export function fakeConversation(id: string, init: FakeConversationInit = {}): FakeConversation {
  const listeners = new Listeners<ConversationEvents>();
  const calls: { action: string; args: unknown[] }[] = [];
  let markSeenCount = 0;

  const handle = {
    id,
    messages: atom<ChatMessage[]>(init.messages ?? []),
    members: atom<Member[]>(init.members ?? []),
    activity: atom<Activity[]>(init.activity ?? []),
    meta: atom<ConversationMeta | null>(init.meta === undefined ? null : init.meta),
    loaded: atom(init.loaded ?? true),
    status: atom<ConnectionStatus>(init.status ?? "online"),
    typing: atom<Typist[]>([]),
    keystrokes: atom({}),
    online: atom<string[]>([]),
    here: atom<string[]>([]),
    calls,
    get markSeenCount() {
      return markSeenCount;
    },
    nextResult: () => Promise.resolve(),
    send(text: string, options?: SendOptions): string {
      calls.push({ action: "send", args: options === undefined ? [text] : [text, options] });
      return `sent-${++sentIds}`;
    },
    edit(messageId: string, text: string | MessageChanges, metadata?: Metadata, mentions?: string[]): Promise<void> {
      const extra = mentions === undefined ? (metadata === undefined ? [] : [metadata]) : [metadata, mentions];
      calls.push({ action: "edit", args: [messageId, text, ...extra] });
      return handle.nextResult();
    },
    delete(messageId: string): Promise<void> {
      calls.push({ action: "delete", args: [messageId] });
      return handle.nextResult();
    },
    react(messageId: string, emoji: string, on?: boolean): Promise<void> {
      calls.push({ action: "react", args: on === undefined ? [messageId, emoji] : [messageId, emoji, on] });
      return handle.nextResult();
    },
    setTyping(typing: boolean) {
      calls.push({ action: "setTyping", args: [typing] });
    },
    sendKeystrokes(text: string) {
      calls.push({ action: "sendKeystrokes", args: [text] });
    },
    uploads: [] as FakeUpload[],
    upload(file: Blob, options: UploadOptions = {}): Promise<Attachment> {
      const { upload, promise } = fakeUpload(file, options);
      handle.uploads.push(upload);
      return promise;
    },
    attachmentUrlFor: (attachment: Attachment): Promise<string> =>
      attachment.type.startsWith("image/") ? Promise.resolve(PIXEL_PNG) : Promise.reject(new Error("not found")),
    attachmentUrl(attachment: Attachment): Promise<string> {
      calls.push({ action: "attachmentUrl", args: [attachment.id] });
      return handle.attachmentUrlFor(attachment);
    },
    add(userId: string): Promise<void> {
      calls.push({ action: "add", args: [userId] });
      return handle.nextResult();
    },
    kick(userId: string): Promise<void> {
      calls.push({ action: "kick", args: [userId] });
      return handle.nextResult();
    },
    leave(): Promise<void> {
      calls.push({ action: "leave", args: [] });
      return handle.nextResult();
    },
    ban(userId: string): Promise<void> {
      calls.push({ action: "ban", args: [userId] });
      return handle.nextResult();
    },
    unban(userId: string): Promise<void> {
      calls.push({ action: "unban", args: [userId] });
      return handle.nextResult();
    },
    mute(): Promise<void> {
      calls.push({ action: "mute", args: [] });
      return handle.nextResult();
    },
    unmute(): Promise<void> {
      calls.push({ action: "unmute", args: [] });
      return handle.nextResult();
    },
    async search(query: string) {
      calls.push({ action: "search", args: [query] });
      return [];
    },
    update(changes: Parameters<ConversationHandle["update"]>[0]): Promise<void> {
      calls.push({ action: "update", args: [changes] });
      return handle.nextResult();
    },
    setMetadata(metadata: Metadata): Promise<void> {
      calls.push({ action: "setMetadata", args: [metadata] });
      return handle.nextResult();
    },
    updateMetadata(changes: Parameters<ConversationHandle["updateMetadata"]>[0]): Promise<void> {
      calls.push({ action: "updateMetadata", args: [changes] });
      return handle.nextResult();
    },
    markSeen(messageId?: string) {
      markSeenCount++;
      if (messageId !== undefined) calls.push({ action: "markSeen", args: [messageId] });
    },
    retry(messageId: string) {
      calls.push({ action: "retry", args: [messageId] });
    },
    async fetchMessages(options?: { before?: number; limit?: number }) {
      calls.push({ action: "fetchMessages", args: [options] });
      return { messages: [], hasMore: false };
    },
    getMessages: (async () => {
      const page = { data: [], hasNext: false, hasPrev: false, page: 1, totalMessages: 0, totalPages: 0, nextPage: async () => page, prevPage: async () => page };
      return page;
    }) as ConversationHandle["getMessages"],
    on: <K extends keyof ConversationEvents>(kind: K, listener: ConversationEvents[K]) => listeners.on(kind, listener),
    emit: <K extends keyof ConversationEvents>(kind: K, ...args: Parameters<ConversationEvents[K]>) =>
      listeners.emit(kind, ...args),
    listenerCount: (kind: keyof ConversationEvents) => listeners.count(kind),
    resetCalls() {
      calls.length = 0;
      markSeenCount = 0;
    },
  } satisfies FakeConversation;
  return handle;
}

export interface FakeChat extends Chat {
  readonly conversations: WritableAtom<ConversationSummary[]>;
  readonly loaded: WritableAtom<boolean>;
  readonly connection: WritableAtom<ConnectionStatus>;
  readonly current: WritableAtom<string | null>;
  /** Every `create` call's options. */
  readonly creates: CreateOptions[];
  /** Conversation ids passed to join(), in order. */
  readonly joins: string[];
  /** Tokens passed to setToken(), in order. */
  readonly tokens: string[];
  /** Every id `conversation()` was asked for, in order. */
  readonly opened: string[];
  /** What `create` does after recording its options; by default it resolves with a new handle. */
  onCreate: (options: CreateOptions) => Promise<ConversationHandle>;
  /** Who `users.search` finds by default: word starts of names and ids, in pages of `limit`. */
  directory: Person[];
  visibility: PeoplePage["visibility"];
  /** Every `users.search` call, in order. */
  readonly searches: { text: string; options?: PeopleSearchOptions }[];
  /** Every `users.get` call's id, in order. */
  readonly gets: string[];
  /** What `users.search` does after recording the call; by default it searches `directory`. */
  onSearch: (text: string, options: PeopleSearchOptions) => Promise<PeoplePage>;
  readonly notifications: WritableAtom<NotificationSettings | undefined>;
  /** Every level `setNotifications` was given, in order. */
  readonly levels: NotifyLevel[];
  /** How many times `enablePush` was called. */
  readonly pushEnables: number;
  /** What `enablePush` does after counting the call; by default it resolves. */
  onEnablePush: () => Promise<void>;
  /** The handle for `conversationId`, typed as the fake. */
  handle(conversationId: string): FakeConversation;
  emit<K extends keyof ChatEvents>(kind: K, ...args: Parameters<ChatEvents[K]>): void;
  listenerCount(kind: keyof ChatEvents): number;
  readonly ended: boolean;
}

export interface FakeChatInit {
  userId?: string;
  name?: string;
  conversations?: ConversationSummary[];
  /** Handles `conversation(id)` returns for these ids; others are made on first use. */
  handles?: FakeConversation[];
  /** Whether the list has loaded; true unless a test shows the wait for the server. */
  loaded?: boolean;
  directory?: Person[];
}

/** The people of `directory` a search for `text` finds, a page of `limit` from `cursor` (an index). */
export function searchDirectory(directory: Person[], text: string, options: PeopleSearchOptions, visibility: PeoplePage["visibility"]): PeoplePage {
  const wanted = text.trim().toLowerCase();
  const found = directory.filter((person) => [person.id, ...person.name.split(/\s+/)].some((word) => word.toLowerCase().startsWith(wanted)));
  const from = Number(options.cursor ?? 0);
  const limit = options.limit ?? 20;
  const next = from + limit < found.length ? String(from + limit) : undefined;
  return { people: found.slice(from, from + limit), ...(next ? { next } : {}), visibility };
}

export function fakeChat(init: FakeChatInit = {}): FakeChat {
  const userId = init.userId ?? "me";
  const listeners = new Listeners<ChatEvents>();
  const handles = new Map<string, FakeConversation>((init.handles ?? []).map((handle) => [handle.id, handle]));
  const conversations = atom<ConversationSummary[]>(init.conversations ?? []);
  const creates: CreateOptions[] = [];
  const joins: string[] = [];
  const opened: string[] = [];
  const levels: NotifyLevel[] = [];
  let ended = false;
  let pushEnables = 0;

  function handle(conversationId: string): FakeConversation {
    let found = handles.get(conversationId);
    if (!found) {
      found = fakeConversation(conversationId);
      handles.set(conversationId, found);
    }
    return found;
  }

  const chat = {
    user: { userId, name: init.name ?? userId },
    conversations,
    unreadCount: computed(conversations, (list) => list.reduce((total, item) => total + item.unread, 0)),
    unreadMentions: computed(conversations, (list) => list.reduce((total, item) => total + (item.unreadMentions ?? 0), 0)),
    loaded: atom(init.loaded ?? true),
    connection: atom<ConnectionStatus>("online"),
    current: atom<string | null>(null),
    tokens: [] as string[],
    setToken(token: string) {
      chat.tokens.push(token);
    },
    open(conversationId: string | null) {
      chat.current.set(conversationId);
    },
    creates,
    opened,
    onCreate: async (options: CreateOptions): Promise<ConversationHandle> => handle(options.id ?? "created-1"),
    create(options: CreateOptions): Promise<ConversationHandle> {
      creates.push(options);
      return chat.onCreate(options);
    },
    joins,
    async join(conversationId: string) {
      joins.push(conversationId);
      return handle(conversationId);
    },
    async block() {},
    async unblock() {},
    notifications: atom<NotificationSettings | undefined>(undefined),
    levels,
    async setNotifications(level: NotifyLevel) {
      levels.push(level);
      chat.notifications.set({ ...chat.notifications.get(), level });
    },
    get pushEnables() {
      return pushEnables;
    },
    onEnablePush: async () => {},
    enablePush(): Promise<void> {
      pushEnables++;
      return chat.onEnablePush();
    },
    async disablePush() {},
    async send(): Promise<never> {
      throw new Error("no element calls chat.send");
    },
    async startSession(): Promise<never> {
      throw new Error("no element starts a session");
    },
    directory: init.directory ?? [],
    visibility: "everyone" as PeoplePage["visibility"],
    searches: [] as { text: string; options?: PeopleSearchOptions }[],
    gets: [] as string[],
    onSearch: async (text: string, options: PeopleSearchOptions): Promise<PeoplePage> => searchDirectory(chat.directory, text, options, chat.visibility),
    users: {
      search(text: string, options?: PeopleSearchOptions): Promise<PeoplePage> {
        chat.searches.push(options === undefined ? { text } : { text, options });
        return chat.onSearch(text, options ?? {});
      },
      async get(userId: string): Promise<Person | undefined> {
        chat.gets.push(userId);
        return chat.directory.find((person) => person.id === userId);
      },
    },
    conversation(conversationId: string): ConversationHandle {
      opened.push(conversationId);
      return handle(conversationId);
    },
    handle,
    on: <K extends keyof ChatEvents>(kind: K, listener: ChatEvents[K]) => listeners.on(kind, listener),
    emit: <K extends keyof ChatEvents>(kind: K, ...args: Parameters<ChatEvents[K]>) => listeners.emit(kind, ...args),
    listenerCount: (kind: keyof ChatEvents) => listeners.count(kind),
    get ended() {
      return ended;
    },
    async end() {
      ended = true;
    },
  } satisfies FakeChat;
  return chat;
}

// ── data ────────────────────────────────────────────────────────────────────

export function makeSummary(overrides: Partial<ConversationSummary> & { id: string }): ConversationSummary {
  return {
    type: "group",
    title: overrides.id,
    memberCount: 2,
    unread: 0,
    updatedAt: Date.now(),
    ...overrides,
  };
}

export function makePerson(id: string, overrides: Partial<Person> = {}): Person {
  return { id, name: id, online: false, ...overrides };
}

export function makeMember(userId: string, overrides: Partial<Member> = {}): Member {
  return { userId, name: userId, role: "member", lastReadSeq: 0, joinedAt: 1_000, ...overrides };
}

export function makeMeta(id: string, overrides: Partial<ConversationMeta> = {}): ConversationMeta {
  return { id, type: "group", title: "", joinable: false, createdAt: 1_000, ...overrides };
}

let messageCount = 0;

export function makeMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  const n = ++messageCount;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    conversationId: "c_room",
    type: "user",
    seq: n,
    senderId: "bob",
    senderName: "Bob",
    text: `message ${n}`,
    createdAt: Date.now(),
    status: "sent",
    ...overrides,
  };
}

/** A promise with its settle functions, to hold an action in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

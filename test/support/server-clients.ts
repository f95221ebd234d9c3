/**
 * Real clients for server tests: PartySocket over the `ws` package (Node 20 has no global
 * WebSocket) to conversations and inboxes, every frame validated by the protocol's parsers;
 * raw `ws` upgrades for admission checks; and a throwaway wrangler dev with its own storage.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { after, afterEach, before } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, type JWTPayload } from "jose";
import { PartySocket } from "partysocket";
import WebSocket from "ws";
import { DEV_VARS, startWrangler, type RunningProcess } from "../../scripts/servers.js";
import { signChatToken } from "../../demo/host-backend.js";
import {
  AWAY_PARAM,
  parseInboxServerFrame,
  parseServerFrame,
  type AckFrame,
  type ConversationEvent,
  type ConversationSummary,
  type CreateFrame,
  type DoneFrame,
  type ErrorFrame,
  type EventFrame,
  type InboxClientFrame,
  type InboxFrame,
  type InboxServerFrame,
  type Metadata,
  type Parsed,
  type PeopleFrame,
  type ServerFrame,
  type StoredMessage,
  type WelcomeFrame,
} from "../../src/protocol/index.js";
import { FRAME_TIMEOUT_MS, FrameInbox, type AnyFrame } from "./frame-inbox.js";

// ── servers ─────────────────────────────────────────────────────────────────

export interface TestServer {
  persistTo: string;
  server: RunningProcess;
  /** `127.0.0.1:port`, as PartySocket wants it. */
  host: string;
  vars: Record<string, string>;
}

/**
 * Settings for test servers: the development ones, with the frame rate limit and the hourly
 * allowances lifted so tests may send and create quickly; the tests of those limits start
 * servers with real ones.
 */
export const TEST_VARS: Record<string, string> = {
  ...DEV_VARS,
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  MAX_CONVERSATIONS_PER_HOUR: "100000",
  MAX_ADDS_PER_HOUR: "100000",
};

/** A wrangler dev on a free port with a fresh, empty storage folder. */
export async function startTestServer(vars: Record<string, string> = TEST_VARS): Promise<TestServer> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-server-test-"));
  const server = await startWrangler({ persistTo, vars });
  return { persistTo, server, host: `127.0.0.1:${server.port}`, vars };
}

/**
 * Stops the server with `signal` and starts a new one (on a new port) on the same storage;
 * `whileStopped` runs in between, when no server has the files open.
 */
export async function restartTestServer(test: TestServer, signal: NodeJS.Signals, whileStopped?: () => Promise<void>): Promise<void> {
  await test.server.stop(signal);
  await whileStopped?.();
  test.server = await startWrangler({ persistTo: test.persistTo, vars: test.vars });
  test.host = `127.0.0.1:${test.server.port}`;
}

/** Stops the server (if it is still running) and removes its storage folder. */
export async function stopTestServer(test: TestServer | undefined): Promise<void> {
  if (!test) return;
  await test.server.stop();
  await rm(test.persistTo, { recursive: true, force: true });
}

/**
 * Registers hooks in the calling suite: one fresh server for all its tests, and every socket
 * a test opened through `clients` closed after it.
 */
export function useTestServer(vars?: Record<string, string>): { server: () => TestServer; clients: ClientPool } {
  let test: TestServer | undefined;
  const server = () => {
    if (!test) throw new Error("the test server has not started");
    return test;
  };
  const clients = new ClientPool(() => server().host);
  before(async () => {
    test = await startTestServer(vars);
  });
  afterEach(() => clients.closeAll());
  after(async () => {
    clients.closeAll();
    await stopTestServer(test);
  });
  return { server, clients };
}

// ── ids and urls ────────────────────────────────────────────────────────────

/** A conversation id no other test uses. */
export function freshConversationId(prefix = "conv"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/** A user id no other test uses. */
export function freshUserId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A user no other test uses, connecting with `name` (or with no name parameter at all). */
export function freshUser(prefix: string, name?: string): User {
  const userId = freshUserId(prefix);
  return name === undefined ? { userId } : { userId, name };
}

/** A token for `user`, signed as a host site's backend would (demo/host-backend.ts). */
export function tokenFor(user: User, ttlSeconds?: number): Promise<string> {
  return signChatToken(DEV_VARS.JWT_SECRET, { id: user.userId, name: user.name ?? "" }, ttlSeconds);
}

export const messageId = (): string => randomUUID();
export const freshRef = (): string => `ref-${randomBytes(4).toString("hex")}`;

export type Party = "conversation" | "inbox";

/** The socket address of a room; `query` goes in as given (it may be deliberately malformed). */
export function socketUrl(host: string, party: Party, room: string, query = ""): string {
  return `ws://${host}/parties/${party}/${room}${query ? `?${query}` : ""}`;
}

// ── events ──────────────────────────────────────────────────────────────────

export type MessageChange = Extract<ConversationEvent, { kind: "message" }>;
export type MemberChange = Extract<ConversationEvent, { kind: "member" }>;
export type MetaChange = Extract<ConversationEvent, { kind: "meta" }>;

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
export const seqsOf = (events: { seq: number }[]): number[] => events.map((event) => event.seq);
export const messagesIn = (events: ConversationEvent[]): StoredMessage[] =>
  events.flatMap((event) => (event.kind === "message" ? [event.message] : []));

/** Matches a live `event` frame carrying a message (with `id`, when given). */
export const isMessageEvent =
  (id?: string) =>
  (frame: ServerFrame): frame is EventFrame & { event: MessageChange } =>
    frame.type === "event" && frame.event.kind === "message" && (id === undefined || frame.event.message.id === id);

/** Matches a live `event` frame with a member change (of `op`, about `userId`, when given). */
export const isMemberEvent =
  (op?: MemberChange["op"], userId?: string) =>
  (frame: ServerFrame): frame is EventFrame & { event: MemberChange } =>
    frame.type === "event" &&
    frame.event.kind === "member" &&
    (op === undefined || frame.event.op === op) &&
    (userId === undefined || frame.event.member.userId === userId);

/** Matches a live `event` frame with a meta change. */
export const isMetaEvent = (frame: ServerFrame): frame is EventFrame & { event: MetaChange } =>
  frame.type === "event" && frame.event.kind === "meta";

// ── sockets ─────────────────────────────────────────────────────────────────

export interface User {
  userId: string;
  /** The display name in the `name` query parameter; none sent when absent. */
  name?: string;
  /** Where the user's tokens come from; tokenFor(user) (the dev JWT_SECRET) when absent. */
  token?: () => Promise<string>;
  /** Conversation sockets opened away (`?away=1`): following, not here. */
  away?: boolean;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** A frame the server answers with `done` or `error` carrying its ref. */
type RequestFrame = { type: string; ref: string } & Record<string, unknown>;
type Answer = DoneFrame | ErrorFrame;

/** One PartySocket to one room, with every frame it receives parsed into `frames`. */
export class RoomClient<F extends AnyFrame> {
  readonly socket: PartySocket;
  readonly frames: FrameInbox<F>;
  /** Resolves once the socket closes, with the code and reason the close carried. */
  readonly closed: Promise<CloseInfo>;

  constructor(
    readonly host: string,
    party: Party,
    room: string,
    readonly user: User,
    parse: (raw: unknown) => Parsed<F>,
  ) {
    const away = user.away && party === "conversation" ? { [AWAY_PARAM]: "1" } : {};
    const query = async () => ({ ...away, token: await (user.token ? user.token() : tokenFor(user)) });
    this.socket = new PartySocket({
      host,
      party,
      room,
      query,
      WebSocket,
      // A test that loses its socket should fail, not quietly reconnect.
      maxRetries: 0,
      maxEnqueuedMessages: 0,
    });
    this.frames = new FrameInbox(`${user.userId}@${party}/${room}`, parse);
    this.socket.addEventListener("message", (event: { data: unknown }) => this.frames.pushRaw(event.data));
    this.closed = new Promise((resolve) => {
      this.socket.addEventListener("close", (event: CloseEvent) => resolve({ code: event.code, reason: event.reason }), {
        once: true,
      });
    });
  }

  get userId(): string {
    return this.user.userId;
  }

  /** Resolves once the socket is open. */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new Error(`${this.frames.label}: socket did not open within ${FRAME_TIMEOUT_MS} ms`));
      }, FRAME_TIMEOUT_MS);
      this.socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }

  /** Sends `frame` as JSON text. */
  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends text or binary data exactly as given. */
  sendRaw(data: string | Uint8Array<ArrayBuffer>): void {
    this.socket.send(data);
  }

  /** The next unread `error` frame. */
  nextError(): Promise<ErrorFrame> {
    return this.frames.next((frame): frame is F & ErrorFrame => frame.type === "error", '"error" frame');
  }

  /** Sends a frame carrying `ref` and resolves with the `done` or `error` that answers it. */
  request(frame: RequestFrame): Promise<Answer> {
    this.send(frame);
    return this.frames.next(
      (answer): answer is F & Answer =>
        (answer.type === "done" || answer.type === "error") && (answer as F & Answer).ref === frame.ref,
      `answer to ${frame.type} ${frame.ref}`,
    );
  }

  /** Like `request`, but rejects with the server's explanation when it refused. */
  async expectDone(frame: RequestFrame): Promise<DoneFrame> {
    const answer = await this.request(frame);
    if (answer.type === "error") {
      throw new Error(`${this.frames.label}: ${frame.type} refused with ${answer.code}: ${answer.message}`);
    }
    return answer;
  }

  /** Resolves with the close once the server closed the socket; fails if it stays open. */
  async expectClosed(timeoutMs = FRAME_TIMEOUT_MS): Promise<CloseInfo> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.frames.label}: still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** A socket to `/parties/conversation/:id`. */
export class ConversationClient extends RoomClient<ServerFrame> {
  constructor(host: string, readonly conversationId: string, user: User) {
    super(host, "conversation", conversationId, user, parseServerFrame);
  }

  override send(frame: object): void {
    super.send(frame);
  }

  /** Sends `hello` and resolves with the welcome. */
  hello(since?: number): Promise<WelcomeFrame> {
    this.send(since === undefined ? { type: "hello" } : { type: "hello", since });
    return this.frames.nextOfType("welcome");
  }

  /** Sends a message and resolves with its ack. */
  say(text: string, { id = messageId(), metadata }: { id?: string; metadata?: Metadata } = {}): Promise<AckFrame> {
    this.send(metadata ? { type: "send", id, text, metadata } : { type: "send", id, text });
    return this.frames.nextOfType("ack", (ack) => ack.id === id);
  }

  /** Sends `count` messages back to back and resolves with their acks, in send order. */
  sayMany(count: number, text: (i: number) => string = (i) => `message ${i + 1}`, timeoutMs = 20_000): Promise<AckFrame[]> {
    const ids = Array.from({ length: count }, () => messageId());
    ids.forEach((id, i) => this.send({ type: "send", id, text: text(i) }));
    return Promise.all(ids.map((id) => this.frames.nextOfType("ack", (ack) => ack.id === id, timeoutMs)));
  }
}

/** What `create` takes, without the frame's type and ref. */
export type ConversationSpec = Omit<CreateFrame, "type" | "ref">;

/** A socket to `/parties/inbox/:userId`. */
export class InboxClient extends RoomClient<InboxServerFrame> {
  /** The `inbox` frame the socket got on connect (set by `connectInbox`). */
  listing!: InboxFrame;

  constructor(host: string, user: User) {
    super(host, "inbox", user.userId, user, parseInboxServerFrame);
  }

  override send(frame: InboxClientFrame | Record<string, unknown>): void {
    super.send(frame);
  }

  /** Sends `create` and resolves with the server's answer, done or error. */
  tryCreate(spec: ConversationSpec): Promise<Answer> {
    return this.request({ type: "create", ref: freshRef(), ...spec });
  }

  /**
   * Creates a conversation and resolves with its id; rejects when the server refuses. Members the
   * server has never seen are registered first (`registerUnknown`); `tryCreate` does not.
   */
  async create(spec: ConversationSpec): Promise<string> {
    await registerUnknown(this.host, spec.members);
    const done = await this.expectDone({ type: "create", ref: freshRef(), ...spec });
    if (!done.conversationId) throw new Error(`${this.frames.label}: done without a conversationId`);
    return done.conversationId;
  }

  /** Searches the directory and resolves with the page of people, or the error that refused it. */
  findPeople(text: string, { cursor, limit }: { cursor?: string; limit?: number } = {}): Promise<PeopleFrame | ErrorFrame> {
    return this.ask({ type: "find_people", ref: freshRef(), text, ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit }) });
  }

  /** Looks one person up by id: a `people` frame holding them, or nobody. */
  findPerson(userId: string): Promise<PeopleFrame | ErrorFrame> {
    return this.ask({ type: "find_person", ref: freshRef(), userId });
  }

  /** Sends `frame` and resolves with the `people` or `error` frame answering it. */
  private ask(frame: RequestFrame): Promise<PeopleFrame | ErrorFrame> {
    this.send(frame);
    return this.frames.next(
      (answer): answer is PeopleFrame | ErrorFrame => (answer.type === "people" || answer.type === "error") && answer.ref === frame.ref,
      `answer to ${frame.type} ${frame.ref}`,
    ) as Promise<PeopleFrame | ErrorFrame>;
  }

  /** Sends `join` and resolves with the server's answer, done or error. */
  join(conversationId: string): Promise<Answer> {
    return this.request({ type: "join", ref: freshRef(), conversationId });
  }

  /** The next `summary` of `conversationId` that matches `predicate`. */
  summary(
    conversationId: string,
    predicate: (summary: ConversationSummary) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<ConversationSummary> {
    return this.frames
      .nextOfType("summary", (frame) => frame.conversation.id === conversationId && predicate(frame.conversation), timeoutMs)
      .then((frame) => frame.conversation);
  }
}

/**
 * Registers through the server API, as a host's backend would, each of `userIds` the server has
 * never seen, named by their id: sockets may only bring in people who exist (`unknown_user`),
 * and a member never seen was named by their id. People who signed in keep their profile.
 */
export async function registerUnknown(host: string, userIds: readonly string[]): Promise<void> {
  const headers = { authorization: `Bearer ${DEV_VARS.API_KEY}`, "content-type": "application/json" };
  await Promise.all(
    userIds.map(async (userId) => {
      const url = `http://${host}/api/v1/users/${encodeURIComponent(userId)}`;
      const seen = await fetch(url, { headers });
      if (seen.status === 200) return;
      const registered = await fetch(url, { method: "PUT", headers, body: JSON.stringify({ name: userId }) });
      if (!registered.ok) throw new Error(`registering ${userId} failed with ${registered.status}: ${await registered.text()}`);
    }),
  );
}

/** Opens a conversation socket and resolves once it is open (no hello sent yet). */
export async function connectConversation(host: string, conversationId: string, user: User): Promise<ConversationClient> {
  const client = new ConversationClient(host, conversationId, user);
  await client.opened();
  return client;
}

/** Opens an inbox socket and resolves once its listing arrived. */
export async function connectInbox(host: string, user: User): Promise<InboxClient> {
  const client = new InboxClient(host, user);
  try {
    await client.opened();
    client.listing = await client.frames.nextOfType("inbox");
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

/** Opens, uses and closes every socket a test needs, on the server `host()` names. */
export class ClientPool {
  readonly #closers: (() => void)[] = [];

  constructor(private readonly host: () => string) {}

  track<T extends { close(): void }>(client: T): T {
    this.#closers.push(() => client.close());
    return client;
  }

  /** A conversation socket, open, before hello. */
  async connect(conversationId: string, user: User): Promise<ConversationClient> {
    return this.track(await connectConversation(this.host(), conversationId, user));
  }

  /** A conversation socket that said hello, with its welcome. */
  async enter(conversationId: string, user: User, since?: number): Promise<{ client: ConversationClient; welcome: WelcomeFrame }> {
    const client = await this.connect(conversationId, user);
    return { client, welcome: await client.hello(since) };
  }

  /** An inbox socket with its listing. */
  async inbox(user: User): Promise<InboxClient> {
    return this.track(await connectInbox(this.host(), user));
  }

  /**
   * Signs each of `users` in (opens their inbox, and closes it once listed), as someone using
   * the widget would: a socket may only bring into a conversation people who exist.
   */
  async signIn(...users: User[]): Promise<void> {
    await Promise.all(users.map(async (user) => (await connectInbox(this.host(), user)).close()));
  }

  /** Creates a conversation through `creator`'s inbox (closed again after) and resolves with its id. */
  async create(creator: User, spec: ConversationSpec): Promise<string> {
    const inbox = await this.inbox(creator);
    try {
      return await inbox.create(spec);
    } finally {
      inbox.close();
    }
  }

  /** Creates a group of `creator` and `members` (plus whatever else `spec` sets) and resolves with its id. */
  group(creator: User, members: User[], spec: Partial<ConversationSpec> = {}): Promise<string> {
    return this.create(creator, { conversationType: "group", members: members.map((member) => member.userId), ...spec });
  }

  /**
   * Opens a socket of `user`'s to a room that must refuse it at once, sending nothing, and
   * resolves with what it was told; fails when the socket is let in or stays open.
   */
  async refused(party: Party, room: string, user: User, query = ""): Promise<SocketRefusal> {
    const token = await (user.token ? user.token() : tokenFor(user));
    return refusedSocket(socketUrl(this.host(), party, room, `token=${token}${query ? `&${query}` : ""}`));
  }

  closeAll(): void {
    for (const close of this.#closers.splice(0)) close();
  }
}

// ── raw upgrades ────────────────────────────────────────────────────────────

export type UpgradeOutcome = { opened: true } | { opened: false; status: number; body: string };

/** Tries a WebSocket upgrade at `url` and reports whether it opened or what HTTP answer refused it. */
export function tryUpgrade(url: string): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer to the upgrade at ${url} within ${FRAME_TIMEOUT_MS} ms`));
    }, FRAME_TIMEOUT_MS);
    socket.on("open", () => {
      clearTimeout(timer);
      socket.close();
      resolve({ opened: true });
    });
    socket.on("unexpected-response", (request, response) => {
      clearTimeout(timer);
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ opened: false, status: response.statusCode ?? 0, body });
      });
    });
    socket.on("error", (error) => {
      // ws emits an error after `unexpected-response` is handled only if we abort; anything
      // else is a real failure.
      clearTimeout(timer);
      reject(error);
    });
  });
}

// ── tokens and raw sockets, for authorization tests ─────────────────────────

/** The dev JWT_SECRET as a key, for tokens signed like tokenFor's but with chosen claims. */
export const devSecretKey = (): Uint8Array => new TextEncoder().encode(DEV_VARS.JWT_SECRET);

/**
 * A JWT with exactly `claims` (nothing added: no `exp` or `sub` unless given), signed with
 * `key` under `alg`; HS256 with the dev JWT_SECRET by default.
 */
export function signToken(claims: JWTPayload, key: Uint8Array | CryptoKey = devSecretKey(), alg = "HS256"): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(key);
}

/** An unsecured JWT (`alg: none`, empty signature), built by hand as an attacker would. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

/** Seconds since the epoch, `offset` seconds from now: for `exp`, `iat` and `nbf` claims. */
export const epochSeconds = (offset = 0): number => Math.floor(Date.now() / 1000) + offset;

/**
 * A raw `ws` socket (any headers, Origin, URL), every text frame it receives parsed with the
 * protocol's parser for its party, and its close recorded: for sockets PartySocket cannot make.
 */
export class RawSocket {
  readonly socket: WebSocket;
  readonly frames: FrameInbox<ServerFrame | InboxServerFrame>;
  /** Resolves once the upgrade succeeded; rejects with the HTTP status when it was refused. */
  readonly opened: Promise<void>;
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<CloseInfo>;

  constructor(
    readonly url: string,
    options: WebSocket.ClientOptions = {},
  ) {
    this.socket = new WebSocket(url, options);
    const path = new URL(url).pathname;
    const parse = path.startsWith("/parties/inbox/") ? parseInboxServerFrame : parseServerFrame;
    this.frames = new FrameInbox<ServerFrame | InboxServerFrame>(`raw ${path}`, parse);
    this.socket.on("message", (data, isBinary) => this.frames.pushRaw(isBinary ? data : data.toString()));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("unexpected-response", (request, response) => {
        request.destroy();
        reject(new Error(`${path}: upgrade refused with HTTP ${response.statusCode}`));
      });
      // Kept for the socket's life: an error after the open must not crash the test process.
      this.socket.on("error", reject);
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The next unread `error` frame. */
  nextError(timeoutMs?: number): Promise<ErrorFrame> {
    return this.frames.next((frame): frame is ErrorFrame => frame.type === "error", '"error" frame', timeoutMs);
  }

  /** Resolves with the close once the server closed the socket; fails if it stays open. */
  async expectClosed(timeoutMs = FRAME_TIMEOUT_MS): Promise<CloseInfo> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.frames.label}: still open after ${timeoutMs} ms; ${this.frames.describe()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

/** What a refused socket got: the one error frame the server sent, and its close. */
export interface SocketRefusal {
  error: ErrorFrame;
  close: CloseInfo;
  frames: (ServerFrame | InboxServerFrame)[];
}

/**
 * Opens a raw socket that the server should refuse at once (accepted, told why, closed with a
 * 4xxx code) and resolves with what it was told; fails when the upgrade fails or it stays open.
 */
export async function refusedSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<SocketRefusal> {
  const raw = new RawSocket(url, options);
  try {
    await raw.opened;
    const close = await raw.expectClosed();
    const error = await raw.nextError(0);
    return { error, close, frames: raw.frames.received };
  } finally {
    raw.close();
  }
}

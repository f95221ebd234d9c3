/**
 * Real clients for server tests: PartySocket over the `ws` package (Node 20 has no global
 * WebSocket), the widget's ConversationSocket, raw `ws` upgrades for admission checks, and a
 * throwaway wrangler dev with its own storage folder.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PartySocket } from "partysocket";
import WebSocket from "ws";
import { startWrangler, type RunningProcess } from "../../scripts/servers.js";
import type { AckFrame, ClientFrame, Metadata, WelcomeFrame } from "../../src/protocol/index.js";
import {
  ConversationSocket,
  type ConnectionStatus,
} from "../../src/transport/conversation-socket.js";
import { FRAME_TIMEOUT_MS, FrameInbox } from "./frame-inbox.js";

// ── servers ─────────────────────────────────────────────────────────────────

export interface TestServer {
  persistTo: string;
  server: RunningProcess;
  /** `127.0.0.1:port`, as PartySocket wants it. */
  host: string;
}

/** A wrangler dev on a free port with a fresh, empty storage folder. */
export async function startTestServer(): Promise<TestServer> {
  const persistTo = await mkdtemp(join(tmpdir(), "confab-server-test-"));
  const server = await startWrangler({ persistTo });
  return { persistTo, server, host: `127.0.0.1:${server.port}` };
}

/** Stops the server (if it is still running) and removes its storage folder. */
export async function stopTestServer(test: TestServer | undefined): Promise<void> {
  if (!test) return;
  await test.server.stop();
  await rm(test.persistTo, { recursive: true, force: true });
}

// ── ids ─────────────────────────────────────────────────────────────────────

/** A conversation id no other test uses. */
export function freshConversationId(prefix = "conv"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/** A user id no other test uses. */
export function freshUserId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export const messageId = (): string => randomUUID();

// ── PartySocket clients ─────────────────────────────────────────────────────

export interface ClientOptions {
  host: string;
  conversationId: string;
  userId: string;
  name?: string;
}

export interface TestClient {
  readonly userId: string;
  readonly socket: PartySocket;
  readonly inbox: FrameInbox;
  /** Sends `frame` as JSON text. */
  send(frame: ClientFrame | Record<string, unknown>): void;
  /** Sends text or binary data exactly as given. */
  sendRaw(data: string | Uint8Array<ArrayBuffer>): void;
  /** Sends `hello` and resolves with the welcome. */
  hello(since?: number): Promise<WelcomeFrame>;
  /** Sends a message and resolves with its ack. */
  say(text: string, options?: { id?: string; metadata?: Metadata }): Promise<AckFrame>;
  close(): void;
}

/** Opens a PartySocket to the conversation and resolves once it is open (no hello sent yet). */
export function connectClient(options: ClientOptions): Promise<TestClient> {
  const query: Record<string, string> = { user: options.userId };
  if (options.name !== undefined) query.name = options.name;
  const socket = new PartySocket({
    host: options.host,
    party: "conversation",
    room: options.conversationId,
    query,
    WebSocket,
    // A test that loses its socket should fail, not quietly reconnect.
    maxRetries: 0,
    maxEnqueuedMessages: 0,
  });
  const inbox = new FrameInbox(`${options.userId}@${options.conversationId}`);
  socket.addEventListener("message", (event: MessageEvent) => inbox.pushRaw(event.data));

  const client: TestClient = {
    userId: options.userId,
    socket,
    inbox,
    send(frame) {
      socket.send(JSON.stringify(frame));
    },
    sendRaw(data) {
      socket.send(data);
    },
    async hello(since) {
      client.send(since === undefined ? { type: "hello" } : { type: "hello", since });
      return inbox.nextOfType("welcome");
    },
    async say(text, { id = messageId(), metadata } = {}) {
      const frame: ClientFrame = metadata ? { type: "send", id, text, metadata } : { type: "send", id, text };
      client.send(frame);
      return inbox.nextOfType("ack", (ack) => ack.id === id);
    },
    close() {
      socket.close();
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`${inbox.label}: socket did not open within ${FRAME_TIMEOUT_MS} ms`));
    }, FRAME_TIMEOUT_MS);
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      resolve(client);
    }, { once: true });
  });
}

/** Connects, says hello, and resolves with the client and its welcome. */
export async function joinConversation(
  options: ClientOptions,
  since?: number,
): Promise<{ client: TestClient; welcome: WelcomeFrame }> {
  const client = await connectClient(options);
  try {
    return { client, welcome: await client.hello(since) };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** Closes every client a test opened, whatever state it is in. */
export class ClientPool {
  readonly #closers: (() => void)[] = [];

  track<T extends { close(): void }>(client: T): T {
    this.#closers.push(() => client.close());
    return client;
  }

  async connect(options: ClientOptions): Promise<TestClient> {
    return this.track(await connectClient(options));
  }

  async join(options: ClientOptions, since?: number): Promise<{ client: TestClient; welcome: WelcomeFrame }> {
    const joined = await joinConversation(options, since);
    this.track(joined.client);
    return joined;
  }

  closeAll(): void {
    for (const close of this.#closers.splice(0)) close();
  }
}

// ── ConversationSocket (the widget's transport) ─────────────────────────────

export interface TransportClient {
  readonly socket: ConversationSocket;
  readonly inbox: FrameInbox;
  readonly statuses: ConnectionStatus[];
  close(): void;
}

/** Opens the widget's ConversationSocket, which says hello with `lastSeq()` on open by itself. */
export function openTransport(options: ClientOptions & { since?: number }): TransportClient {
  const inbox = new FrameInbox(`transport ${options.userId}@${options.conversationId}`);
  const statuses: ConnectionStatus[] = [];
  const socket = new ConversationSocket({
    host: options.host,
    conversationId: options.conversationId,
    userId: options.userId,
    ...(options.name !== undefined ? { name: options.name } : {}),
    lastSeq: () => options.since,
    onFrame: (frame) => inbox.push(frame),
    onStatus: (status) => statuses.push(status),
    WebSocket,
  });
  return { socket, inbox, statuses, close: () => socket.close() };
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

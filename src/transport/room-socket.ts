/**
 * One reconnecting socket (partysocket's) to one room of the Confab server (a conversation or the user's inbox). It
 * validates every frame it receives, reports its status, greets the server on every
 * (re)connect, and matches answers to requests by `ref`. It knows nothing of stores or
 * elements: callers hand it callbacks.
 */
import ReconnectingWebSocket from "partysocket/ws";
import { CLOSE_CODES, type DoneFrame, type ErrorFrame, type PageFrame, type PeopleFrame } from "../protocol/index.js";
import { ChatError } from "./chat-error.js";
import type { Parsed } from "../protocol/parse.js";
import { httpOrigin, type TokenSource } from "./token-source.js";

export type ConnectionStatus = "connecting" | "online" | "offline" | "refused";


export interface RoomSocketOptions<In extends { type: string }, Out> {
  /** Server host, e.g. `chat.example.com` or `127.0.0.1:8787`. */
  host: string;
  party: "conversation" | "inbox";
  room: string;
  tokens: TokenSource;
  /** More parameters of the room's address, read again on every (re)connect. */
  query?: () => Record<string, string>;
  parse: (raw: unknown) => Parsed<In>;
  /** The first frame after each (re)connect, if the room expects one. */
  greeting?: () => Out;
  /** Whether `frame` means the room is ready (its welcome or first listing). */
  isReady: (frame: In) => boolean;
  onFrame: (frame: In) => void;
  onStatus: (status: ConnectionStatus, reason?: string) => void;
  /** A WebSocket implementation, for runtimes without a global one (Node 20). */
  WebSocket?: unknown;
}

/** The frames that answer a request by its `ref`. */
type Answer = DoneFrame | PageFrame | PeopleFrame;
const ANSWER_TYPES = new Set(["done", "page", "people", "error"]);

interface PendingRequest {
  frame: string;
  resolve: (answer: never) => void;
  reject: (error: ChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

const REQUEST_TIMEOUT_MS = 15_000;
const WEBSOCKET_OPEN = 1;

/**
 * How the socket (re)connects. A handshake may take its time on a slow mobile network (TLS, the
 * Worker's token check, a Durable Object waking): partysocket's default of 4 s gave up on a
 * 4.5 s handshake and retried forever, so an attempt gets 15 s. Between attempts it waits 1-5 s
 * (partysocket's randomised first delay, which spreads a fleet reconnecting after a deploy),
 * growing 1.3× a try up to 5 s, so a user back online waits at most a few seconds.
 */
const RECONNECTING = {
  connectionTimeout: 15_000,
  minReconnectionDelay: 1_000,
  reconnectionDelayGrowFactor: 1.3,
  maxReconnectionDelay: 5_000,
} as const;

/** Close codes 4000-4999 are the server refusing us (not a member, removed): do not retry. */
const isRefusal = (code: number) => code >= 4000 && code < 5000;

/** After a token refusal, a fresh token is tried at most this often. */
const TOKEN_RETRY_MS = 10_000;

export class RoomSocket<In extends { type: string }, Out extends { type: string }> {
  readonly #socket: ReconnectingWebSocket;
  readonly #options: RoomSocketOptions<In, Out>;
  readonly #requests = new Map<string, PendingRequest>();
  #ready = false;
  #lastTokenRetry = 0;

  constructor(options: RoomSocketOptions<In, Out>) {
    this.#options = options;
    // The room's address the way partyserver routes it, built again on every (re)connect so a
    // refreshed token is used from then on.
    const url = `${httpOrigin(options.host).replace(/^http/, "ws")}/parties/${options.party}/${encodeURIComponent(options.room)}`;
    this.#socket = new ReconnectingWebSocket(async () => `${url}?${new URLSearchParams({ ...options.query?.(), token: await options.tokens.get() })}`, [], {
      // Callers resend what was not acknowledged once the room is ready again; a socket-level
      // queue would send it twice.
      maxEnqueuedMessages: 0,
      ...RECONNECTING,
      shouldReconnectOnClose: (event) => !isRefusal(event.code),
      WebSocket: options.WebSocket,
    });
    options.onStatus("connecting");
    this.#socket.addEventListener("open", this.#handleOpen);
    this.#socket.addEventListener("message", this.#handleMessage);
    this.#socket.addEventListener("close", this.#handleClose);
  }

  /** Sends `frame` if the socket is open; returns false when it could not. */
  send(frame: Out): boolean {
    if (this.#socket.readyState !== WEBSOCKET_OPEN) return false;
    return this.#socket.send(JSON.stringify(frame));
  }

  /**
   * Sends a frame carrying `ref` once the room is ready and resolves with the server's answer
   * (`done`, or `page` for history), or rejects with its `error`.
   */
  request(frame: Out & { ref: string }): Promise<Extract<In, Answer>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#requests.delete(frame.ref);
        reject(new ChatError("timeout", `no answer to ${frame.type} within ${REQUEST_TIMEOUT_MS / 1000} s`));
      }, REQUEST_TIMEOUT_MS);
      this.#requests.set(frame.ref, { frame: JSON.stringify(frame), resolve, reject, timer });
      if (this.#ready) this.#socket.send(JSON.stringify(frame));
    });
  }

  close(): void {
    this.#socket.removeEventListener("close", this.#handleClose);
    this.#socket.close();
    this.#failRequests(new ChatError("closed", "the connection was closed"));
    this.#options.onStatus("offline");
  }

  /** Drops the current socket and connects again, as after a network change. */
  reconnect(): void {
    this.#socket.reconnect();
  }

  readonly #handleOpen = (): void => {
    const greeting = this.#options.greeting?.();
    if (greeting) this.send(greeting);
  };

  readonly #handleMessage = (event: MessageEvent): void => {
    const parsed = this.#options.parse(event.data);
    if (!parsed.ok) {
      console.warn(`confab: ignored an invalid frame from the server: ${parsed.error.message}`);
      return;
    }
    if (parsed.skipped) console.warn(`confab: left out what this widget cannot read in a ${parsed.frame.type} frame: ${parsed.skipped.join("; ")}`);
    const frame = parsed.frame;
    if (this.#settle(frame)) return;
    if (this.#options.isReady(frame)) this.#becomeReady();
    this.#options.onFrame(frame);
  };

  readonly #handleClose = (event: CloseEvent): void => {
    this.#ready = false;
    if (event.code === CLOSE_CODES.unauthorized && this.#retryWithFreshToken()) return;
    if (isRefusal(event.code)) {
      this.#failRequests(new ChatError("forbidden", event.reason || "the server refused this connection"));
      this.#options.onStatus("refused", event.reason);
      return;
    }
    this.#options.onStatus(navigatorOnline() ? "connecting" : "offline");
  };

  /** Gets a new token and connects again, unless that was just tried; true when it tries. */
  #retryWithFreshToken(): boolean {
    const { tokens } = this.#options;
    if (!tokens.canRefresh || Date.now() - this.#lastTokenRetry < TOKEN_RETRY_MS) return false;
    this.#lastTokenRetry = Date.now();
    this.#options.onStatus("connecting");
    tokens.refresh().then(
      () => this.#socket.reconnect(),
      (error: unknown) => {
        this.#failRequests(new ChatError("unauthorized", String(error)));
        this.#options.onStatus("refused", String(error));
      },
    );
    return true;
  }

  #becomeReady(): void {
    this.#ready = true;
    this.#options.onStatus("online");
    // Requests made while connecting go out now, in the order they were made.
    for (const request of this.#requests.values()) this.#socket.send(request.frame);
  }

  /** Resolves the request a `done` or `error` frame answers; true when it answered one. */
  #settle(frame: { type: string }): boolean {
    if (!ANSWER_TYPES.has(frame.type)) return false;
    const answer = frame as Answer | ErrorFrame;
    const request = answer.ref === undefined ? undefined : this.#requests.get(answer.ref);
    if (!request) return false;
    this.#requests.delete(answer.ref!);
    clearTimeout(request.timer);
    if (answer.type === "error") request.reject(new ChatError(answer.code, answer.message));
    else request.resolve(answer as never);
    return true;
  }

  #failRequests(error: ChatError): void {
    for (const request of this.#requests.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.#requests.clear();
  }
}

function navigatorOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

/**
 * One PartySocket per open conversation. It greets the server with `hello {since}` on every
 * (re)connect, validates every frame it receives, and reports its status. It knows nothing
 * of stores or elements: callers hand it callbacks.
 */
import { PartySocket } from "partysocket";
import { parseServerFrame, type ClientFrame, type ServerFrame } from "../protocol/index.js";

export type ConnectionStatus = "connecting" | "online" | "offline";

export interface ConversationSocketOptions {
  /** Server host, e.g. `chat.example.com` or `127.0.0.1:8787`. */
  host: string;
  conversationId: string;
  userId: string;
  name?: string;
  /** Highest seq the caller holds, read at each (re)connect. */
  lastSeq: () => number | undefined;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** A WebSocket implementation, for runtimes without a global one (Node). */
  WebSocket?: unknown;
}

export class ConversationSocket {
  readonly #socket: PartySocket;
  readonly #options: ConversationSocketOptions;

  constructor(options: ConversationSocketOptions) {
    this.#options = options;
    const query: Record<string, string> = { user: options.userId };
    if (options.name) query.name = options.name;
    this.#socket = new PartySocket({
      host: options.host,
      party: "conversation",
      room: options.conversationId,
      query,
      // The caller resends what was not acked after each welcome; a socket-level queue
      // would send it twice.
      maxEnqueuedMessages: 0,
      maxReconnectionDelay: 5000,
      WebSocket: options.WebSocket,
    });
    options.onStatus("connecting");
    this.#socket.addEventListener("open", this.#handleOpen);
    this.#socket.addEventListener("message", this.#handleMessage);
    this.#socket.addEventListener("close", this.#handleClose);
  }

  /** Sends `frame` if the socket is open; returns false when it could not. */
  send(frame: ClientFrame): boolean {
    if (this.#socket.readyState !== WebSocketState.open) return false;
    return this.#socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.#socket.removeEventListener("close", this.#handleClose);
    this.#socket.close();
    this.#options.onStatus("offline");
  }

  /** Drops the current socket and connects again, as after a network change. */
  reconnect(): void {
    this.#socket.reconnect();
  }

  readonly #handleOpen = (): void => {
    const since = this.#options.lastSeq();
    this.send(since === undefined ? { type: "hello" } : { type: "hello", since });
  };

  readonly #handleMessage = (event: MessageEvent): void => {
    const parsed = parseServerFrame(event.data);
    if (!parsed.ok) {
      console.warn(`confab: ignored an invalid frame from the server: ${parsed.error.message}`);
      return;
    }
    if (parsed.frame.type === "welcome") this.#options.onStatus("online");
    this.#options.onFrame(parsed.frame);
  };

  readonly #handleClose = (): void => {
    this.#options.onStatus(navigatorOnline() ? "connecting" : "offline");
  };
}

const WebSocketState = { open: 1 } as const;

function navigatorOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

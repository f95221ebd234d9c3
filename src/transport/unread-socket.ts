/**
 * The launcher's live unread count before the rest of Confab has loaded: the user's inbox
 * socket, read only for each conversation's unread count and muted flag. The full store opens
 * its own inbox socket once it loads, and the launcher then closes this one.
 *
 * It reconnects on its own, in a few lines, instead of through partysocket (as RoomSocket
 * does): partysocket is 2.7 KB gzip, a quarter of the launcher's 12 KB first load, and is
 * loaded with the rest anyway. Frames are read by hand, not with valibot, for the same reason:
 * whatever it cannot read it leaves out, and the full store shows it all once loaded.
 */
import { CLOSE_CODES } from "../protocol/close-codes.js";
import { unreadTotal } from "../store/unread-total.js";
import { httpOrigin, type TokenSource } from "./token-source.js";

export interface UnreadSocketOptions {
  host: string;
  userId: string;
  tokens: TokenSource;
  /** The unread count, after each change. */
  onCount: (count: number) => void;
  /** The server refused this user (a bad token, a deleted user…): it does not retry. */
  onRefused: (reason: string) => void;
}

/** As RoomSocket waits between attempts: 1-5 s, randomised, growing 1.3× a try. */
const retryDelay = (attempt: number) => Math.min(5_000, 1_000 * 1.3 ** attempt * (1 + Math.random()));

type Counted = { unread: number; muted?: boolean };

/** What a conversation row counts for, or undefined when the row is not one this can read. */
function countedOf(row: unknown): [string, Counted] | undefined {
  const { id, unread, muted } = (row ?? {}) as { id?: unknown; unread?: unknown; muted?: unknown };
  if (typeof id !== "string" || typeof unread !== "number") return undefined;
  return [id, { unread, muted: muted === true }];
}

/** Opens the socket and keeps counting until the returned function is called. */
export function watchUnread(options: UnreadSocketOptions): () => void {
  const rows = new Map<string, Counted>();
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let tokenRetried = false;
  let stopped = false;

  const receive = (data: unknown) => {
    let frame: { type?: unknown; conversations?: unknown; conversation?: unknown; conversationId?: unknown };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === "inbox" && Array.isArray(frame.conversations)) {
      rows.clear();
      for (const row of frame.conversations.map(countedOf)) if (row) rows.set(...row);
    } else if (frame.type === "summary") {
      const row = countedOf(frame.conversation);
      if (!row) return;
      rows.set(...row);
    } else if (frame.type === "removed" && typeof frame.conversationId === "string") {
      rows.delete(frame.conversationId);
    } else {
      return;
    }
    options.onCount(unreadTotal([...rows.values()]));
  };

  const connect = async () => {
    let token: string;
    try {
      token = await options.tokens.get();
    } catch (error) {
      return options.onRefused(String(error));
    }
    if (stopped) return;
    const url = `${httpOrigin(options.host).replace(/^http/, "ws")}/parties/inbox/${encodeURIComponent(options.userId)}`;
    const opening = (socket = new WebSocket(`${url}?${new URLSearchParams({ token })}`));
    // Stopped while connecting: closed once open, as closing a connecting socket logs an error.
    opening.onopen = () => (stopped ? opening.close() : (attempt = 0));
    opening.onmessage = (event) => {
      // Accepted: a later refusal of this token (it expired) may get a fresh one again.
      tokenRetried = false;
      receive(event.data);
    };
    opening.onclose = (event) => {
      if (stopped) return;
      if (event.code === CLOSE_CODES.unauthorized && options.tokens.canRefresh && !tokenRetried) {
        tokenRetried = true;
        options.tokens.refresh().then(connect, (error: unknown) => options.onRefused(String(error)));
        return;
      }
      if (event.code >= 4000 && event.code < 5000) return options.onRefused(event.reason || `closed with ${event.code}`);
      timer = setTimeout(connect, retryDelay(attempt++));
    };
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (socket?.readyState) socket.close();
  };
}

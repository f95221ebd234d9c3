/**
 * When a conversation's socket is open: while anyone holds it (a subscriber, a listener, a request
 * in flight, unsent work), never before the cached copy is restored, with the cache rewritten
 * once per turn of changes. Held only in the background (`sync`), the socket is away.
 */
import { atom } from "nanostores";
import { AWAY_PARAM, parseServerFrame, type ClientFrame, type ServerFrame } from "../protocol/index.js";
import { RoomSocket, type ConnectionStatus } from "../transport/room-socket.js";
import type { ConversationSnapshot, Outbox } from "./cache.js";
import type { ConversationContext } from "./conversation.js";
import { newMessageId } from "./message-id.js";
import { createSocketHolds } from "./socket-holds.js";

/** What the lifetime needs from the conversation it opens the socket for. */
export interface LifetimeOwner {
  /** The seq the greeting resumes from. */
  lastSeq(): number | undefined;
  onFrame(frame: ServerFrame): void;
  /** Another connection status, with the server's reason when it refused. */
  onStatus(status: ConnectionStatus, reason?: string): void;
  restore(snapshot: ConversationSnapshot | undefined, outbox: Outbox | undefined): void;
  snapshot(): ConversationSnapshot;
  /** Last words before the socket closes. */
  closing(): void;
}

/** A frame the server answers by its ref: done, a page, or an error. */
type RequestFrame = Extract<ClientFrame, { ref: string }>;
/** A request as callers write it: the lifetime gives it its ref. */
export type ConversationRequest = RequestFrame extends infer Frame ? (Frame extends unknown ? Omit<Frame, "ref"> : never) : never;

export type ConversationLifetime = ReturnType<typeof createLifetime>;

export function createLifetime(id: string, context: ConversationContext, { lastSeq, onFrame, onStatus, restore, snapshot, closing }: LifetimeOwner) {
  const $status = atom<ConnectionStatus>("offline");
  let socket: RoomSocket<ServerFrame, ClientFrame> | null = null;
  let saveQueued = false;
  /** Whether the server has this socket as away: what its address said, or the last `here` sent. */
  let toldAway: boolean | undefined;
  const holds = createSocketHolds({ first: connect, last: disconnect, awayChanged: tellAway });

  /** The cached conversation and its outbox, restored before the first socket opens. */
  const restored = Promise.all([context.cache?.loadConversation(id), context.cache?.loadOutbox(id)]).then(
    ([snapshot, outbox]) => restore(snapshot, outbox),
    () => {},
  );

  function connect(): void {
    void restored.then(() => {
      if (holds.held() && !socket) socket = openSocket();
    });
  }

  function openSocket(): RoomSocket<ServerFrame, ClientFrame> {
    return new RoomSocket<ServerFrame, ClientFrame>({
      host: context.host,
      party: "conversation",
      room: id,
      tokens: context.tokens,
      query: (): Record<string, string> => ((toldAway = holds.away()) ? { [AWAY_PARAM]: "1" } : {}),
      parse: parseServerFrame,
      // JSON leaves out an undefined `since`: a first hello asks for the latest page.
      greeting: () => ({ type: "hello", since: lastSeq() }),
      isReady: (frame) => frame.type === "welcome",
      onFrame,
      onStatus: (status, reason) => {
        $status.set(status);
        if (status === "online") tellAway();
        onStatus(status, reason);
      },
      WebSocket: context.WebSocket,
    });
  }

  function disconnect(): void {
    closing();
    socket?.close();
    socket = null;
  }

  /** Tells the server whether the socket is away now, once it is connected, if that changed. */
  function tellAway(): void {
    const away = holds.away();
    if (away !== toldAway && $status.value === "online" && socket?.send({ type: "here", on: !away })) toldAway = away;
  }

  /** Keeps the socket open until the returned release is called; `inBackground` only to follow. */
  const retain = (inBackground?: boolean): (() => void) => holds.retain(inBackground);

  return {
    status: $status,
    retain,
    /** Sends `frame` if the socket is open; a frame that must arrive is resent on the next greeting. */
    send(frame: ClientFrame): void {
      socket?.send(frame);
    },

    /** Sends `request` with a fresh ref once connected, and resolves with the server's answer. */
    async request(request: ConversationRequest) {
      const release = retain();
      try {
        await restored;
        return await socket!.request({ ...request, ref: newMessageId() } as RequestFrame);
      } finally {
        release();
      }
    },

    /** Writes the conversation to the cache once per turn, however many changes it had. */
    save(): void {
      if (!context.cache || saveQueued) return;
      saveQueued = true;
      queueMicrotask(() => {
        saveQueued = false;
        context.cache?.saveConversation(id, snapshot());
      });
    },

    /** Connects again after a refusal, as when the user has been added back. */
    revive(): void {
      if ($status.value !== "refused" || !holds.held()) return;
      disconnect();
      connect();
    },

    /** Closes the socket whoever still holds it. */
    dispose(): void {
      holds.clear();
      disconnect();
    },
  };
}

/**
 * The rooms a latency benchmark sends through, behind one shape: a Confab conversation, the
 * bare partyserver room, and the bare Node `ws` room. Each frame carries its send time.
 */
import { randomUUID } from "node:crypto";
import type WebSocket from "ws";
import { bareRoomUrl, conversationUrl, createGroup, hello, inboxUrl, open } from "./harness.js";

export interface Target {
  name: string;
  /** Prepares the room for users u0…u(clients-1) before anyone connects. */
  setUp: (clients: number) => Promise<void>;
  /** Resolves the socket address for `user`. */
  url: (user: string) => Promise<string>;
  /** Resolves once the socket may receive: Confab needs its hello answered first. */
  ready: (socket: WebSocket) => Promise<unknown>;
  frame: (sentAt: number) => string;
  /** The send time a frame carries, when it is a relayed message. */
  sentAtOf: (data: string) => number | undefined;
  /** Closes what `setUp` opened besides the room's sockets. */
  tearDown?: () => void;
  /** The wrangler serving the room, whose workerd's CPU time a run counts (`servedBy`). */
  serverPid?: number;
}

/** `target` with the wrangler `server` serving it, so a run counts that server's CPU time. */
export const servedBy = (target: Target, server: { pid: number }): Target => ({ ...target, serverPid: server.pid });

const bareFrame = (sentAt: number) => JSON.stringify({ sentAt });
const bareSentAt = (data: string) => (JSON.parse(data) as { sentAt?: number }).sentAt;

export function confabTarget(port: number, room: string): Target {
  return {
    name: "Confab conversation (validated, stored in SQLite)",
    setUp: (clients) => createGroup(port, room, "u0", Array.from({ length: clients - 1 }, (_, index) => `u${index + 1}`)),
    url: (user) => conversationUrl(port, room, user),
    ready: hello,
    frame: (sentAt) => JSON.stringify({ type: "send", id: randomUUID(), text: `t=${sentAt}` }),
    sentAtOf: (data) => {
      const frame = JSON.parse(data) as { type: string; event?: { kind: string; message?: { text: string } } };
      return frame.event?.kind === "message" ? Number(frame.event.message!.text.slice(2)) : undefined;
    },
  };
}

/**
 * The Confab conversation with every member's conversation list open too (an inbox socket
 * each, as the widget keeps), so each change also updates 100 lists live.
 */
export function confabListsOpenTarget(port: number, room: string): Target {
  const lists: WebSocket[] = [];
  const conversation = confabTarget(port, room);
  return {
    ...conversation,
    name: "Confab conversation, every member's list open",
    async setUp(clients) {
      await conversation.setUp(clients);
      for (let index = 0; index < clients; index++) lists.push(await open(await inboxUrl(port, `u${index}`)));
    },
    tearDown: () => lists.forEach((socket) => socket.terminate()),
  };
}

export function bareRoomTarget(port: number, room: string): Target {
  return {
    name: "bare partyserver room (relay only)",
    setUp: async () => {},
    url: async () => bareRoomUrl(port, room),
    ready: async () => {},
    frame: bareFrame,
    sentAtOf: bareSentAt,
  };
}

export function bareWsTarget(port: number): Target {
  return {
    name: "bare Node ws room (floor)",
    setUp: async () => {},
    url: async () => `ws://127.0.0.1:${port}/`,
    ready: async () => {},
    frame: bareFrame,
    sentAtOf: bareSentAt,
  };
}

/** Sets the room up and opens a ready socket for each of `clients` users. */
export async function connectAll(target: Target, clients: number): Promise<WebSocket[]> {
  await target.setUp(clients);
  const sockets: WebSocket[] = [];
  for (let index = 0; index < clients; index++) {
    const socket = await open(await target.url(`u${index}`));
    await target.ready(socket);
    sockets.push(socket);
  }
  return sockets;
}

/**
 * The base of both Durable Objects (Conversation, Inbox): the one place a socket is admitted,
 * its frames screened, parsed and dispatched, and each answered. Subclasses say who may be
 * here (`refusalFor`), how frames parse (`parse`) and what each does (`handle`, returning what
 * it came to); the answer goes out in `reply`, and a handler that throws is answered too.
 *
 * Admission happens in `fetch`, before partyserver accepts the socket: a refused socket (not a
 * member, no such room, too many sockets of that user) is never a connection of the room. It
 * gets a socket of its own that says why and closes at once (`refuse`), so it is counted
 * nowhere, tagged with nothing and reached by no broadcast. The connection id is the server's
 * (a client's `_pk` is replaced), and every tag the room uses is namespaced with a colon,
 * which neither a connection id (a UUID) nor a user id can contain.
 */
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { CLOSE_CODES, isAwaySocket, type InboxServerFrame, type Failure, type Parsed, type ServerFrame } from "../protocol/index.js";
import { identityOf, type Identity } from "./identity.js";
import { serverLimits } from "./limits.js";
import { RateLimiter } from "./rate-limit.js";
import { refuse, type Refusal } from "./refusal.js";

/**
 * A socket's state: who it is, whether it has sent its first frame (its greeting), and whether
 * it only follows the room in the background (`isAwaySocket`).
 */
export type RoomSocket = Connection<Identity & { greeted?: boolean; away?: boolean }>;

/** Any frame a room sends. */
type RoomFrame = ServerFrame | InboxServerFrame;

/**
 * What handling a frame came to, for `reply`: nothing to answer, `done` (naming the
 * conversation it concerns), an answer frame of its own, or an error. `afterReply` runs once
 * the answer is sent: leaving closes the very socket that asked.
 */
export type Handled = undefined | Failure | ({ ok: true; answer?: RoomFrame; conversationId?: string } & { afterReply?: () => void });

/** The id an answer carries back: a request's ref, or a send's message id. */
const refOf = (frame: object): string | undefined =>
  "ref" in frame && typeof frame.ref === "string" ? frame.ref : "id" in frame && typeof frame.id === "string" ? frame.id : undefined;

/** The tag on every socket of `userId` in a room. */
const userTag = (userId: string): string => `user:${userId}`;

const tooManyConnections = (limit: number): Refusal => ({
  status: 429,
  closeCode: CLOSE_CODES.tooManyConnections,
  code: "too_many_connections",
  reason: `at most ${limit} connections per user to one conversation or inbox; close a tab and try again`,
});

/** A hello frame as the widget sends it (its type first); anything else pays its way. */
const HELLO = /^\{"type":"hello"[,}]/;

export abstract class Room<Frame extends { type: string }> extends Server {
  protected readonly limits = serverLimits(this.env);
  /** Frames per user, shared by all their sockets here and kept across their reconnects. */
  readonly #rateLimiter = new RateLimiter(this.limits);

  /** Why `identity` may not open a socket to this room now, or undefined when they may. */
  protected abstract refusalFor(identity: Identity): Refusal | undefined;

  /** Called for each admitted socket, its state already the verified identity. */
  protected abstract onAdmitted(connection: RoomSocket, identity: Identity): void | Promise<void>;

  /** Raw socket text as a valid frame of this room, or the error that says why not. */
  protected abstract parse(raw: WSMessage): Parsed<Frame>;

  /** Does what `frame` asks for `connection`'s user, who may be here. */
  protected abstract handle(connection: RoomSocket, frame: Frame): Handled | Promise<Handled>;

  /** The conversation a plain `done` names. */
  protected abstract get conversationId(): string | undefined;

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return super.fetch(request);
    const identity = identityOf(request);
    const refusal = this.refusalFor(identity) ?? this.capRefusal(identity.userId);
    if (refusal) return refuse(request, refusal);
    // partyserver names a connection by the client's `_pk`; here the name is always ours.
    const url = new URL(request.url);
    url.searchParams.set("_pk", crypto.randomUUID());
    return super.fetch(new Request(url, request));
  }

  getConnectionTags(_connection: Connection, context: ConnectionContext): string[] {
    return [userTag(identityOf(context.request).userId)];
  }

  async onConnect(connection: RoomSocket, context: ConnectionContext): Promise<void> {
    const identity = identityOf(context.request);
    connection.setState(isAwaySocket(context.request.url) ? { ...identity, away: true } : identity);
    await this.onAdmitted(connection, identity);
  }

  async onMessage(connection: RoomSocket, raw: WSMessage): Promise<void> {
    if (!this.screen(connection, raw)) return;
    // Still allowed: a member removed since admission whose socket outlived the close.
    const refusal = this.refusalFor(connection.state!);
    if (refusal) {
      sendFrame(connection, { type: "error", code: refusal.code, message: refusal.reason });
      connection.close(refusal.closeCode, refusal.reason);
      return;
    }
    const parsed = this.parse(raw);
    if (!parsed.ok) return sendFrame(connection, parsed.error);
    const { frame } = parsed;
    const ref = refOf(frame);
    try {
      this.reply(connection, ref, await this.handle(connection, frame));
    } catch (error) {
      // The room keeps serving: the sender learns its frame failed and may retry it.
      console.error(`${this.constructor.name} ${this.name}: ${frame.type} failed`, error);
      sendFrame(connection, { type: "error", code: "internal", message: `the server could not handle this ${frame.type} frame; try again`, ref });
    }
  }

  /** Answers the frame `ref` named with what handling it came to. */
  protected reply(connection: RoomSocket, ref: string | undefined, handled: Handled): void {
    if (!handled) return;
    if (!handled.ok) return sendFrame(connection, { type: "error", code: handled.code, message: handled.message, ref });
    if (handled.answer) sendFrame(connection, handled.answer);
    else if (ref !== undefined) sendFrame(connection, { type: "done", ref, conversationId: handled.conversationId ?? this.conversationId });
    handled.afterReply?.();
  }

  /**
   * Sends `frame` to every socket here but those `without`: every one was admitted. Not
   * partyserver's `broadcast`, which deserializes each socket's attachment (our sockets carry
   * the member's identity in it) on every call to find its sockets and their ids: a busy room
   * paid that per member per message. Every socket the object holds is a partyserver connection
   * (a refused one is never accepted here), and its id is its first tag, read once.
   */
  protected broadcastFrame(frame: RoomFrame, without: string[] = []): void {
    const text = JSON.stringify(frame);
    for (const socket of this.ctx.getWebSockets()) {
      if (socket.readyState !== WebSocket.READY_STATE_OPEN) continue;
      if (without.length > 0 && without.includes(this.#idOf(socket))) continue;
      try {
        socket.send(text);
      } catch {
        socket.close(1011, "Unexpected error");
      }
    }
  }

  /** Each socket's connection id, by the socket: tags never change, and a socket gone is forgotten. */
  readonly #socketIds = new WeakMap<WebSocket, string>();

  #idOf(socket: WebSocket): string {
    let id = this.#socketIds.get(socket);
    if (id === undefined) {
      id = this.ctx.getTags(socket)[0]!;
      this.#socketIds.set(socket, id);
    }
    return id;
  }

  /** Refusal when `userId` already holds as many sockets here as one user may. */
  private capRefusal(userId: string): Refusal | undefined {
    const held = [...this.getConnections(userTag(userId))].length;
    return held >= this.limits.connectionsPerUser ? tooManyConnections(this.limits.connectionsPerUser) : undefined;
  }

  /** The sockets `userId` holds here. */
  protected socketsOfUser(userId: string): RoomSocket[] {
    return [...(this.getConnections(userTag(userId)) as Iterable<RoomSocket>)];
  }

  /**
   * Whether a frame may be handled; when not, it has been answered and dropped. A socket's first
   * frame, when it is a hello, always is: a user who spent their rate and reconnects must still
   * be welcomed, and sockets are already bounded per user and per address.
   */
  protected screen(connection: RoomSocket, raw: WSMessage): boolean {
    if (!connection.state!.greeted) {
      connection.setState({ ...connection.state!, greeted: true });
      if (typeof raw === "string" && HELLO.test(raw)) return true;
    }
    if (this.#rateLimiter.allow(connection.state!.userId)) return true;
    sendFrame(connection, this.#rateLimiter.refusal(raw));
    return false;
  }
}

export function sendFrame(connection: Connection, frame: RoomFrame): void {
  connection.send(JSON.stringify(frame));
}

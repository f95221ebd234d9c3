/**
 * What every Confab room guards alike, before anything else runs: who may open a socket here,
 * what the socket is called, and how fast its user may send.
 *
 * Admission happens in `fetch`, before partyserver accepts the socket: a refused socket (not a
 * member, no such room, too many sockets of that user) is never a connection of the room. It
 * gets a socket of its own that says why and closes at once (`refuse`), so it is counted
 * nowhere, tagged with nothing and reached by no broadcast. The connection id is the server's
 * (a client's `_pk` is replaced), and every tag the room uses is namespaced with a colon,
 * which neither a connection id (a UUID) nor a user id can contain.
 */
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { CLOSE_CODES, type ServerFrame } from "../protocol/index.js";
import { identityOf, type Identity } from "./identity.js";
import { serverLimits } from "./limits.js";
import { RateLimiter } from "./rate-limit.js";
import { refuse, type Refusal } from "./refusal.js";

/** A socket's state: who it is, and whether it has sent its first frame (its greeting). */
export type GuardedSocket = Connection<Identity & { greeted?: boolean }>;

/** The tag on every socket of `userId` in a room. */
export const userTag = (userId: string): string => `user:${userId}`;

const tooManyConnections = (limit: number): Refusal => ({
  status: 429,
  closeCode: CLOSE_CODES.tooManyConnections,
  code: "too_many_connections",
  reason: `at most ${limit} connections per user to one conversation or inbox; close a tab and try again`,
});

/** A hello frame as the widget sends it (its type first); anything else pays its way. */
const HELLO = /^\{"type":"hello"[,}]/;

export abstract class GuardedServer extends Server {
  protected readonly limits = serverLimits(this.env);
  /** Frames per user, shared by all their sockets here and kept across their reconnects. */
  readonly #rateLimiter = new RateLimiter(this.limits);

  /** Why `identity` may not open a socket to this room now, or undefined when they may. */
  protected abstract refusalFor(identity: Identity): Refusal | undefined;

  /** Called for each admitted socket, its state already the verified identity. */
  protected abstract onAdmitted(connection: GuardedSocket, identity: Identity): void | Promise<void>;

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

  async onConnect(connection: GuardedSocket, context: ConnectionContext): Promise<void> {
    const identity = identityOf(context.request);
    connection.setState(identity);
    await this.onAdmitted(connection, identity);
  }

  /** Refusal when `userId` already holds as many sockets here as one user may. */
  private capRefusal(userId: string): Refusal | undefined {
    const held = [...this.getConnections(userTag(userId))].length;
    return held >= this.limits.connectionsPerUser ? tooManyConnections(this.limits.connectionsPerUser) : undefined;
  }

  /** The sockets `userId` holds here. */
  protected socketsOfUser(userId: string): GuardedSocket[] {
    return [...(this.getConnections(userTag(userId)) as Iterable<GuardedSocket>)];
  }

  /**
   * Whether a frame may be handled; when not, it has been answered and dropped. A socket's first
   * frame, when it is a hello, always is: a user who spent their rate and reconnects must still
   * be welcomed, and sockets are already bounded per user and per address.
   */
  protected screen(connection: GuardedSocket, raw: WSMessage): boolean {
    if (!connection.state!.greeted) {
      connection.setState({ ...connection.state!, greeted: true });
      if (typeof raw === "string" && HELLO.test(raw)) return true;
    }
    if (this.#rateLimiter.allow(connection.state!.userId)) return true;
    sendFrame(connection, this.#rateLimiter.refusal(raw));
    return false;
  }
}

export function sendFrame(connection: Connection, frame: ServerFrame): void {
  connection.send(JSON.stringify(frame));
}

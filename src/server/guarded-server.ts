/**
 * What every Confab room guards alike: sockets per user, and frames per second per socket.
 * A socket over the limit is told at once and closed on its first frame (a close issued while
 * the upgrade is being answered never reaches the client); a frame over the rate is answered
 * with `rate_limited` and dropped, and the connection is kept.
 */
import { Server, type Connection, type WSMessage } from "partyserver";
import { CLOSE_CODES, type ServerFrame } from "../protocol/index.js";
import type { Identity } from "./identity.js";
import { serverLimits } from "./limits.js";
import { RateLimiter } from "./rate-limit.js";

export type GuardedSocket = Connection<Identity & { overLimit?: boolean }>;

const tooManyConnections = (limit: number) =>
  `at most ${limit} connections per user to one conversation or inbox; close a tab and try again`;

export abstract class GuardedServer extends Server {
  protected readonly limits = serverLimits(this.env);
  readonly #rateLimiter = new RateLimiter(this.limits);

  /** Records who `connection` is; false (and the client told why) when they hold too many. */
  protected admit(connection: GuardedSocket, identity: Identity, sockets: Iterable<Connection>): boolean {
    const count = [...sockets].length;
    const overLimit = count > this.limits.connectionsPerUser;
    connection.setState(overLimit ? { ...identity, overLimit } : identity);
    if (overLimit) sendFrame(connection, { type: "error", code: "too_many_connections", message: tooManyConnections(this.limits.connectionsPerUser) });
    return !overLimit;
  }

  /** Whether a frame may be handled; when not, it has been answered (and the socket maybe closed). */
  protected screen(connection: GuardedSocket, raw: WSMessage): boolean {
    if (connection.state?.overLimit) {
      const reason = tooManyConnections(this.limits.connectionsPerUser);
      sendFrame(connection, { type: "error", code: "too_many_connections", message: reason });
      connection.close(CLOSE_CODES.tooManyConnections, "too many connections");
      return false;
    }
    if (this.#rateLimiter.allow(connection.id)) return true;
    sendFrame(connection, this.#rateLimiter.refusal(raw));
    return false;
  }

  onClose(connection: Connection): void {
    this.#rateLimiter.forget(connection.id);
  }
}

export function sendFrame(connection: Connection, frame: ServerFrame): void {
  connection.send(JSON.stringify(frame));
}

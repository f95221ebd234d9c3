/**
 * The baseline: a partyserver room that only relays each frame to the others, with no
 * validation or storage. Same engine and machine as Confab, so the gap is Confab's own cost.
 */
import { routePartykitRequest, Server, type Connection, type WSMessage } from "partyserver";

export class BareRoom extends Server {
  static options = { hibernate: true };

  onMessage(connection: Connection, message: WSMessage): void {
    this.broadcast(message, [connection.id]);
  }
}

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    if (new URL(request.url).pathname === "/health") return new Response("ok");
    return (await routePartykitRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
};

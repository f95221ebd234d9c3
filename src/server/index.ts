/**
 * The Confab Worker: resolves who is connecting, then routes each socket to its
 * conversation's Durable Object (`/parties/conversation/:id`).
 */
import { routePartykitRequest, type Lobby } from "partyserver";
import { CONVERSATION_ID_PATTERN } from "../protocol/index.js";
import { resolveIdentity, withIdentity } from "./identity.js";

export { Conversation } from "./conversation.js";

function admitSocket(request: Request, lobby: Lobby): Request | Response {
  if (!CONVERSATION_ID_PATTERN.test(lobby.name)) {
    return new Response("Conversation ids are 1-64 letters, digits, _ or -", { status: 400 });
  }
  const identity = resolveIdentity(request);
  return identity instanceof Response ? identity : withIdentity(request, identity);
}

function refuseHttp(): Response {
  return new Response("Conversations are reached over WebSocket", { status: 426 });
}

export default {
  async fetch(request, env): Promise<Response> {
    if (new URL(request.url).pathname === "/health") return new Response("ok");
    const routed = await routePartykitRequest(request, env, {
      onBeforeConnect: admitSocket,
      onBeforeRequest: refuseHttp,
    });
    return routed ?? new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Cloudflare.Env>;

/**
 * The Confab Worker: resolves who is connecting, then routes each socket to its Durable
 * Object: `/parties/conversation/:id` or `/parties/inbox/:userId` (one's own inbox only).
 */
import { routePartykitRequest, type Lobby } from "partyserver";
import { CONVERSATION_ID_PATTERN, USER_ID_PATTERN } from "../protocol/index.js";
import { resolveIdentity, withIdentity } from "./identity.js";

export { Conversation } from "./conversation.js";
export { Inbox } from "./inbox.js";

function admitSocket(request: Request, lobby: Lobby): Request | Response {
  const isInbox = lobby.className === "Inbox";
  if (!(isInbox ? USER_ID_PATTERN : CONVERSATION_ID_PATTERN).test(lobby.name)) {
    return new Response(
      isInbox ? "Inbox ids are user ids: 1-64 letters, digits, or . _ @ -" : "Conversation ids are 1-64 letters, digits, _ or -",
      { status: 400 },
    );
  }
  const identity = resolveIdentity(request);
  if (identity instanceof Response) return identity;
  if (isInbox && lobby.name !== identity.userId) {
    return new Response("An inbox is open to its own user only", { status: 403 });
  }
  return withIdentity(request, identity);
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

/**
 * The Confab Worker: checks the page's origin and the user's token before anything else, then
 * routes each socket to its Durable Object: `/parties/conversation/:id` or
 * `/parties/inbox/:userId` (one's own inbox only). `POST /auth/guest` issues guest tokens when
 * guest mode is on; `/attachments/…` uploads and serves files (src/server/attachments.ts);
 * `/api/v1/…` is the host backend's server API (src/server/api/api.ts), with its own key and no CORS.
 */
import { routePartykitRequest, type Lobby } from "partyserver";
import * as v from "valibot";
import { CLOSE_CODES, CONVERSATION_ID_PATTERN, CONVERSATION_ID_RULE, LIMITS, USER_ID_PATTERN, USER_ID_RULE, UserId, guestId } from "../protocol/index.js";
import { addressRefusal } from "./address-limits.js";
import { API_PREFIX, handleApiRequest } from "./api/api.js";
import { handleAttachmentRequest } from "./attachments.js";
import { AuthError, guestModeOn, issueGuestToken } from "./auth.js";
import { resolveIdentity, withIdentity } from "./identity.js";
import { corsHeaders, originAllowed } from "./origins.js";
import { refuse } from "./refusal.js";

export { Conversation } from "./conversation/conversation.js";
export { Inbox } from "./inbox/inbox.js";

const forbiddenOrigin = {
  status: 403,
  closeCode: CLOSE_CODES.forbiddenOrigin,
  code: "forbidden",
  reason: "this page's origin is not allowed to use this chat server (ALLOWED_ORIGINS)",
} as const;

async function admitSocket(request: Request, lobby: Lobby, env: Cloudflare.Env): Promise<Request | Response> {
  const busy = await addressRefusal(request, env, "connect");
  if (busy) return refuse(request, busy);
  const isInbox = lobby.className === "Inbox";
  if (!(isInbox ? USER_ID_PATTERN : CONVERSATION_ID_PATTERN).test(lobby.name)) {
    return refuse(request, {
      status: 400,
      closeCode: CLOSE_CODES.badRequest,
      code: "bad_frame",
      reason: isInbox ? `inbox ids are user ids: ${USER_ID_RULE}` : CONVERSATION_ID_RULE,
    });
  }
  try {
    const identity = await resolveIdentity(request, env);
    if (isInbox && lobby.name !== identity.userId) {
      return refuse(request, { status: 403, closeCode: CLOSE_CODES.forbidden, code: "forbidden", reason: "an inbox is open to its own user only" });
    }
    return withIdentity(request, identity);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return refuse(request, { status: 401, closeCode: CLOSE_CODES.unauthorized, code: "unauthorized", reason: error.message });
  }
}

const GuestRequest = v.object({
  user: UserId,
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.titleLength))),
});

async function handleGuest(request: Request, env: Cloudflare.Env): Promise<Response> {
  const headers = corsHeaders(request);
  if (!guestModeOn(env)) return new Response("guest mode is off on this server", { status: 404, headers });
  if (request.method !== "POST") return new Response("POST {user, name} to get a guest token", { status: 405, headers });
  const busy = await addressRefusal(request, env, "guest");
  if (busy) return refuse(request, busy, headers);
  const body = v.safeParse(GuestRequest, await request.json().catch(() => undefined));
  if (!body.success) {
    return new Response(`expected JSON {user, name}: ${body.issues[0].message}`, { status: 400, headers });
  }
  const { name } = body.output;
  // The id a guest picks is theirs among guests only: "alice" is "~alice", never the host's alice.
  const userId = guestId(body.output.user);
  const issued = await issueGuestToken(env, userId, name || body.output.user);
  return Response.json({ ...issued, userId, name: name || body.output.user }, { headers });
}

export default {
  async fetch(request, env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return new Response("ok");
    // Before the page-origin checks and CORS: the server API answers no browser.
    if (pathname.startsWith(API_PREFIX)) return handleApiRequest(request, env);
    if (!originAllowed(request, env)) return refuse(request, forbiddenOrigin);
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders(request) });
    if (pathname === "/auth/guest") return handleGuest(request, env);
    if (pathname.startsWith("/attachments/")) return handleAttachmentRequest(request, env);
    const routed = await routePartykitRequest(request, env, {
      onBeforeConnect: (socketRequest, lobby) => admitSocket(socketRequest, lobby, env),
      onBeforeRequest: () => new Response("Conversations are reached over WebSocket", { status: 426 }),
    });
    return routed ?? new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Cloudflare.Env>;

/**
 * Who is connecting. The Worker resolves the identity once, here, and hands it to the
 * Durable Object in a header the client cannot forge (the Worker overwrites it). The auth
 * issue replaces `resolveIdentity` with verified tokens; nothing else needs to change.
 */
import { USER_ID_PATTERN } from "../protocol/index.js";

export interface Identity {
  userId: string;
  name: string;
}

const IDENTITY_HEADER = "x-confab-identity";

/** The identity a request claims, or the response that refuses it. */
export function resolveIdentity(request: Request): Identity | Response {
  const params = new URL(request.url).searchParams;
  const userId = params.get("user");
  if (!userId || !USER_ID_PATTERN.test(userId)) {
    return new Response(
      "Missing or invalid `user` query parameter: 1-64 letters, digits, or . _ @ -",
      { status: 401 },
    );
  }
  const name = (params.get("name") ?? userId).trim().slice(0, 80) || userId;
  return { userId, name };
}

/** A copy of `request` carrying `identity` for the Durable Object. */
export function withIdentity(request: Request, identity: Identity): Request {
  const forwarded = new Request(request);
  forwarded.headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  return forwarded;
}

/** The identity the Worker attached; only requests routed through the Worker reach a DO. */
export function identityOf(request: Request): Identity {
  const header = request.headers.get(IDENTITY_HEADER);
  if (!header) throw new Error(`request reached the Durable Object without ${IDENTITY_HEADER}`);
  return JSON.parse(header) as Identity;
}

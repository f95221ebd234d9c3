/**
 * Who is connecting. The Worker resolves the identity once, here, from a verified token, and
 * hands it to the Durable Object in a header the client cannot forge (the Worker overwrites
 * it). The user id always comes from the token, never from a frame.
 */
import { AuthError, verifyToken } from "./auth.js";

export interface Identity {
  userId: string;
  name: string;
  avatar?: string;
}

const IDENTITY_HEADER = "x-confab-identity";

/**
 * The token a request carries: a Bearer header, or on a socket (browsers cannot set a socket's
 * headers) `?token=`. Plain HTTP never takes one from the URL, where logs, history and shared
 * links would keep it.
 */
function tokenOf(request: Request): string | null {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) return bearer;
  const isSocket = request.headers.get("upgrade")?.toLowerCase() === "websocket";
  if (!isSocket && new URL(request.url).searchParams.has("token")) {
    throw new AuthError("tokens go in the Authorization: Bearer header here, never in the URL");
  }
  return isSocket ? new URL(request.url).searchParams.get("token") : null;
}

/** The verified identity of `request`; throws AuthError when its token proves nothing. */
export async function resolveIdentity(request: Request, env: Cloudflare.Env): Promise<Identity> {
  return verifyToken(tokenOf(request), env);
}

/**
 * Headers partyserver reads in a Durable Object that only the Worker may set: a client's copy
 * would hand the room props or a name of its choosing (and a malformed one, a stack trace).
 */
const PARTYSERVER_HEADERS = ["x-partykit-props", "x-partykit-room"];

/** A copy of `request` carrying `identity` for the Durable Object, and nothing else the client claims. */
export function withIdentity(request: Request, identity: Identity): Request {
  const forwarded = new Request(request);
  for (const header of PARTYSERVER_HEADERS) forwarded.headers.delete(header);
  forwarded.headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  return forwarded;
}

/** The identity the Worker attached; only requests routed through the Worker reach a DO. */
export function identityOf(request: Request): Identity {
  const header = request.headers.get(IDENTITY_HEADER);
  if (!header) throw new Error(`request reached the Durable Object without ${IDENTITY_HEADER}`);
  return JSON.parse(header) as Identity;
}

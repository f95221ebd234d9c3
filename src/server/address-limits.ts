/**
 * Limits per client address, at the Worker, for what happens before there is a user to count:
 * opening sockets and minting guest tokens. Counted by Cloudflare's rate-limiting bindings
 * (wrangler.jsonc `ratelimits`; miniflare keeps them in memory under wrangler dev), keyed by
 * the address Cloudflare saw (`CF-Connecting-IP`). Per user and per room, Room (src/server/room.ts) limits
 * sockets and frames once the token is known.
 */
import { CLOSE_CODES } from "../protocol/index.js";
import { addressKey } from "./address-key.js";
import type { Refusal } from "./refusal.js";

export type AddressAction = "connect" | "guest";

const REFUSALS: Record<AddressAction, Refusal> = {
  connect: {
    status: 429,
    // Not a 4xxx: the widget treats those as final, and this one passes with time.
    closeCode: CLOSE_CODES.tryAgainLater,
    code: "rate_limited",
    reason: "too many connections from this address; wait a minute and try again",
  },
  guest: {
    status: 429,
    closeCode: CLOSE_CODES.tryAgainLater,
    code: "rate_limited",
    reason: "too many guest sign-ins from this address; wait a minute and try again",
  },
};

/** Why `request`'s address may not `action` now, or undefined when it may. */
export async function addressRefusal(request: Request, env: Cloudflare.Env, action: AddressAction): Promise<Refusal | undefined> {
  if (env.ADDRESS_LIMITS === "off") return undefined;
  const limiter = action === "connect" ? env.CONNECT_LIMITER : env.GUEST_LIMITER;
  if (!limiter) return undefined;
  const key = addressKey(request.headers.get("cf-connecting-ip") ?? "unknown");
  const { success } = await limiter.limit({ key });
  return success ? undefined : REFUSALS[action];
}

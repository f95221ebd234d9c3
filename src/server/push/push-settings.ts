/**
 * The host's Web Push settings, read from the Worker's env: the VAPID key (without it no push is
 * sent and browsers are offered none), who push services may write to, how long a message waits
 * for an offline browser, whether notifications show what was written, and which push services
 * the server sends to. Subscriptions come from browsers, so their endpoints are checked against
 * that list: the server never POSTs to an address a client chose.
 */
import type { PushSettings } from "./push-request.js";

/** The push services of Chrome, Edge, Firefox and Safari; `*.` matches any subdomain. */
export const DEFAULT_PUSH_SERVICES = [
  "https://fcm.googleapis.com",
  "https://updates.push.services.mozilla.com",
  "https://*.notify.windows.com",
  "https://web.push.apple.com",
];

const DAY_SECONDS = 86_400;
/** RFC 8030 sets no ceiling, push services do: four weeks is the longest any keeps a message. */
const MAX_TTL_SECONDS = 28 * DAY_SECONDS;

export interface PushConfig extends PushSettings {
  /** Whether a notification shows the sender and the words, or only "New message". */
  previews: boolean;
  /** Origins pushes may go to, `https://*.example.com` matching any subdomain. */
  services: string[];
}

/** The settings' names in the Worker's env (src/server/env.d.ts). */
interface PushEnv {
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  PUSH_TTL_SECONDS?: string;
  PUSH_PREVIEWS?: string;
  PUSH_SERVICES?: string;
}

/** The settings, or undefined when pushes are off (no VAPID key); a key that cannot be read throws. */
export function pushConfigOf(env: PushEnv): PushConfig | undefined {
  if (!env.VAPID_PRIVATE_KEY) return undefined;
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(env.VAPID_PRIVATE_KEY) as JsonWebKey;
  } catch {
    throw new Error("VAPID_PRIVATE_KEY is not JSON: set the private JWK of a P-256 key pair");
  }
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.x || !jwk.y) {
    throw new Error("VAPID_PRIVATE_KEY is not a private P-256 JWK (kty EC, crv P-256, with d, x and y)");
  }
  const ttl = Number(env.PUSH_TTL_SECONDS);
  return {
    vapidPrivateJwk: jwk,
    contact: env.VAPID_SUBJECT || "mailto:webmaster@localhost",
    ttlSeconds: Number.isInteger(ttl) && ttl >= 0 ? Math.min(ttl, MAX_TTL_SECONDS) : DAY_SECONDS,
    previews: env.PUSH_PREVIEWS !== "off",
    services: env.PUSH_SERVICES ? env.PUSH_SERVICES.split(",").map((entry) => entry.trim()).filter(Boolean) : DEFAULT_PUSH_SERVICES,
  };
}

/** Whether `endpoint` belongs to one of `services`: same scheme and port, the host equal or under a `*.` entry. */
export function isAllowedEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return services.some((service) => {
    const wildcard = service.includes("://*.");
    let allowed: URL;
    try {
      allowed = new URL(service.replace("://*.", "://"));
    } catch {
      return false;
    }
    if (allowed.protocol !== url.protocol || allowed.port !== url.port) return false;
    return wildcard ? url.hostname.endsWith(`.${allowed.hostname}`) : url.hostname === allowed.hostname;
  });
}

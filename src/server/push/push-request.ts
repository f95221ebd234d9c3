/**
 * One Web Push message for one browser subscription, as the push service takes it: the payload
 * encrypted for that browser (RFC 8291, aes128gcm, padded so its length says nothing) with
 * @block65/webcrypto-web-push, and the request signed with the server's VAPID key (RFC 8292,
 * an ES256 JWT by jose). Pure: it builds the request; sending it, and forgetting a subscription
 * the service answers 404 or 410, is the caller's.
 */
import { encryptNotification } from "@block65/webcrypto-web-push";
import { importJWK, SignJWT } from "jose";
import type { PushPayload } from "../../protocol/index.js";

/** A browser's subscription as `PushSubscription.toJSON()` gives it. */
export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSettings {
  /** The VAPID key pair's private half, a P-256 JWK (its `x` and `y` are the public key browsers subscribe with). */
  vapidPrivateJwk: JsonWebKey;
  /** Who the push services may write to about this server (`mailto:` or an https URL). */
  contact: string;
  /** How long the push service keeps the message for a browser that is offline, seconds. */
  ttlSeconds: number;
}

/** A VAPID token lives at most 24 hours (RFC 8292 §2): 12 leaves room for clocks that differ. */
const VAPID_TOKEN_SECONDS = 12 * 3600;

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const bytesOf = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0));

/** The application server key browsers subscribe with: the uncompressed P-256 point, base64url. */
export function vapidPublicKey(privateJwk: JsonWebKey): string {
  return base64url(new Uint8Array([4, ...bytesOf(privateJwk.x ?? ""), ...bytesOf(privateJwk.y ?? "")]));
}

/**
 * The push service's `Topic` for a conversation: a waiting message of the same topic is replaced
 * by a newer one, so a browser offline for a while gets one per conversation. A topic is at most
 * 32 characters of the URL-safe base64 alphabet (RFC 8030): a conversation id is hashed into one.
 */
export async function topicOf(conversationId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(conversationId)));
  return base64url(digest).slice(0, 32);
}

/** The request that delivers `payload` to `subscription`'s browser through its push service. */
export async function pushRequest(subscription: WebPushSubscription, payload: PushPayload, settings: PushSettings): Promise<Request> {
  const body = await encryptNotification({ ...subscription, expirationTime: null }, new TextEncoder().encode(JSON.stringify(payload)));
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setAudience(new URL(subscription.endpoint).origin)
    .setExpirationTime(Math.floor(Date.now() / 1000) + VAPID_TOKEN_SECONDS)
    .setSubject(settings.contact)
    .sign(await importJWK(settings.vapidPrivateJwk, "ES256"));
  return new Request(subscription.endpoint, {
    method: "POST",
    headers: {
      authorization: `vapid t=${token}, k=${vapidPublicKey(settings.vapidPrivateJwk)}`,
      ttl: String(settings.ttlSeconds),
      topic: await topicOf(payload.conversationId),
      urgency: "normal",
      "content-encoding": "aes128gcm",
      "content-type": "application/octet-stream",
    },
    body,
  });
}

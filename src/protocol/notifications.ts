/**
 * Reaching a user who has no page open: their notification level, and a browser's Web Push
 * subscription as the widget sends it (what a push carries is in push-payload.ts).
 */
import * as v from "valibot";

/** What reaches a user who is away: a push (and digest) for every message, only when mentioned, or none. */
export const NotifyLevel = v.picklist(["all", "mentions", "none"], 'a notification level is "all", "mentions" or "none"');
export type NotifyLevel = v.InferOutput<typeof NotifyLevel>;
export const DEFAULT_NOTIFY_LEVEL: NotifyLevel = "all";

/** Most push subscriptions one user keeps (browsers, devices): a newer one replaces the oldest. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

const base64url = (bytes: number, what: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}={0,2}$`), `${what} is ${bytes} bytes, base64url`));

/** A browser's subscription, as `PushSubscription.toJSON()` gives it (expiry aside). */
export const PushSubscriptionValue = v.object({
  endpoint: v.pipe(v.string(), v.maxLength(1024, "a push endpoint is at most 1024 characters"), v.url("a push endpoint is a URL")),
  keys: v.object({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64url(65, "p256dh"),
    /** The browser's authentication secret (16 bytes). */
    auth: base64url(16, "auth"),
  }),
});
export type PushSubscriptionValue = v.InferOutput<typeof PushSubscriptionValue>;

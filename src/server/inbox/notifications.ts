/**
 * A user's notifications while away: their level (every message, mentions only, none), the
 * push subscriptions of their browsers, and the pushes sent to those. A subscription names an
 * endpoint only among the push services the host allows (push-settings.ts), and one a push
 * service answers 404 or 410 (gone: the browser unsubscribed or expired) is forgotten.
 */
import {
  DEFAULT_NOTIFY_LEVEL,
  MAX_PUSH_SUBSCRIPTIONS,
  failure,
  type NotificationsFrame,
  type NotifyLevel,
  type Outcome,
  type PushSubscriptionValue,
} from "../../protocol/index.js";
import { payloadOf, type AwayNews } from "../push/away-news.js";
import { PushBudget, PushPacer } from "../push/push-pacer.js";
import { pushRequest, vapidPublicKey } from "../push/push-request.js";
import { isAllowedEndpoint, pushConfigOf, type PushConfig } from "../push/push-settings.js";

/** What a user's conversations should push them about while they are away (`none` without a subscription). */
export type PushAlerts = NotifyLevel;

/** What a conversation needs to know of a member's Inbox: whether their list is open, and what to push them while it is not. */
export interface InboxWatch {
  open: boolean;
  alerts: PushAlerts;
}

/** The user's settings as the widget reads them. */
export type NotificationSettings = Omit<NotificationsFrame, "type">;

/** The user's settings as the server API shows them: the level, and how many browsers are subscribed. */
export interface NotificationsView {
  level: NotifyLevel;
  pushSubscriptions: number;
}

/** Time a push service gets to take one message. */
const PUSH_TIMEOUT_MS = 10_000;

type SubscriptionRow = { endpoint: string; p256dh: string; auth: string };

/** The host's push settings; a key that cannot be read turns pushes off, said once in the log. */
function configOf(env: Cloudflare.Env): PushConfig | undefined {
  try {
    return pushConfigOf(env);
  } catch (error) {
    console.error(`Web Push is off: ${(error as Error).message}`);
    return undefined;
  }
}

export class Notifications {
  readonly #config: PushConfig | undefined;
  /** At most one push per conversation every few seconds, the newest (push-pacer.ts). */
  readonly #pacer = new PushPacer<AwayNews>();
  /** At most a burst of pushes across every conversation, then one every few seconds. */
  readonly #budget = new PushBudget();

  constructor(
    private readonly sql: SqlStorage,
    env: Cloudflare.Env,
    /** The user's id, for the log; read when logging (an object woken by its alarm may learn its name late). */
    private readonly userId: () => string,
  ) {
    this.#config = configOf(env);
  }

  /** The user's level; every message until they choose. Readable before anything is stored. */
  level(stored: boolean): NotifyLevel {
    if (!stored) return DEFAULT_NOTIFY_LEVEL;
    return this.sql.exec<{ level: NotifyLevel }>("SELECT level FROM notify_settings").toArray()[0]?.level ?? DEFAULT_NOTIFY_LEVEL;
  }

  setLevel(level: NotifyLevel): void {
    this.sql.exec("INSERT INTO notify_settings (singleton, level) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET level = excluded.level", level);
  }

  settings(stored: boolean): NotificationSettings {
    const config = this.#config;
    return { level: this.level(stored), ...(config ? { pushKey: vapidPublicKey(config.vapidPrivateJwk) } : {}) };
  }

  /** The user's settings as the server API shows them. */
  view(stored: boolean): NotificationsView {
    return { level: this.level(stored), pushSubscriptions: stored ? this.subscriptionCount() : 0 };
  }

  /** What conversations push about: the level while a browser is subscribed, else nothing. */
  alerts(stored: boolean): PushAlerts {
    if (!stored || !this.#config) return "none";
    return this.subscriptionCount() > 0 ? this.level(true) : "none";
  }

  /** Keeps `subscription` (the newest replacing the oldest past MAX_PUSH_SUBSCRIPTIONS), or says why not. */
  subscribe(subscription: PushSubscriptionValue): Outcome {
    const config = this.#config;
    if (!config) return failure("forbidden", "this server sends no push notifications (it has no VAPID key)");
    if (!isAllowedEndpoint(subscription.endpoint, config.services)) {
      return failure("bad_frame", "the push endpoint is not one of the push services this server sends to");
    }
    this.sql.exec(
      "INSERT INTO push_subscriptions (endpoint, p256dh, auth, at) VALUES (?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, at = excluded.at",
      subscription.endpoint,
      subscription.keys.p256dh,
      subscription.keys.auth,
      Date.now(),
    );
    this.sql.exec(
      "DELETE FROM push_subscriptions WHERE endpoint NOT IN (SELECT endpoint FROM push_subscriptions ORDER BY at DESC, rowid DESC LIMIT ?)",
      MAX_PUSH_SUBSCRIPTIONS,
    );
    return { ok: true };
  }

  private subscriptionCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM push_subscriptions").one().n;
  }

  unsubscribe(endpoint: string): void {
    this.sql.exec("DELETE FROM push_subscriptions WHERE endpoint = ?", endpoint);
  }

  /**
   * Pushes `news` now, or when its conversation's last push is a few seconds old (newer news
   * replacing it meanwhile), if the user is `stillAway` then. Says whether a subscription was
   * forgotten on the way (the push service said it is gone).
   */
  async pushPaced(news: AwayNews, stillAway: () => boolean): Promise<boolean> {
    const now = Date.now();
    this.#pacer.prune(now);
    const offer = this.#pacer.offer(news.conversationId, news, now);
    if ("send" in offer) return this.push(offer.send);
    if (offer.wakeAt === undefined) return false;
    await new Promise((resolve) => setTimeout(resolve, offer.wakeAt! - now));
    const due = this.#pacer.due(news.conversationId, Date.now());
    return due && stillAway() ? this.push(due) : false;
  }

  /** Drops the push of `conversationId` still waiting for its pace: its message is deleted, or the user left. */
  withdraw(conversationId: string): void {
    this.#pacer.withdraw(conversationId);
  }

  /** Pushes `news` to every subscription the user's level and budget let it reach; says whether one was forgotten. */
  private async push(news: AwayNews): Promise<boolean> {
    const config = this.#config;
    const level = this.level(true);
    if (!config || level === "none" || (level === "mentions" && !news.mentioned) || !this.#budget.take(Date.now())) return false;
    const allowed: SubscriptionRow[] = [];
    let forgot = false;
    for (const row of this.sql.exec<SubscriptionRow>("SELECT endpoint, p256dh, auth FROM push_subscriptions").toArray()) {
      // Checked again when sending: one kept before the host narrowed PUSH_SERVICES is forgotten, never POSTed to.
      if (isAllowedEndpoint(row.endpoint, config.services)) allowed.push(row);
      else {
        this.unsubscribe(row.endpoint);
        forgot = true;
      }
    }
    const payload = payloadOf(news, config.previews);
    await Promise.all(
      allowed.map(async ({ endpoint, p256dh, auth }) => {
        try {
          const request = await pushRequest({ endpoint, keys: { p256dh, auth } }, payload, config);
          // Never followed: a push service does not redirect, and the endpoint was checked, not where it points.
          const response = await fetch(request, { redirect: "manual", signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
          await response.body?.cancel();
          if (response.status === 404 || response.status === 410) {
            this.unsubscribe(endpoint);
            forgot = true;
          } else if (!response.ok) console.error(`push to ${new URL(endpoint).origin} for ${this.userId()}: HTTP ${response.status}`);
        } catch (error) {
          console.error(`push to ${new URL(endpoint).origin} for ${this.userId()} failed`, error);
        }
      }),
    );
    return forgot;
  }
}

/**
 * Webhooks: each Conversation Durable Object tells the host's backend what happened in it, and
 * each Inbox what its user missed (`unread.digest`, src/server/inbox/digests.ts). An event is
 * queued in the object's own SQLite (one row per endpoint) in the same step as the change that
 * caused it, then POSTed from the object's alarm, signed, and retried with
 * exponential backoff until the endpoint answers 2xx or the attempts run out. The queue lives
 * in storage, so retries survive restarts; the event id is fixed when queued, so a receiver
 * can drop a delivery it has seen.
 *
 * Settings (wrangler vars / secrets): WEBHOOK_URLS (comma-separated), WEBHOOK_SECRET (signs
 * every delivery; without it nothing is sent), WEBHOOK_MAX_ATTEMPTS (default 8),
 * WEBHOOK_RETRY_BASE_MS (first retry after this, doubling each time; default 2000).
 */
import { toHex, type ConversationEvent, type ConversationMeta, type Member, type StoredMessage } from "../protocol/index.js";
import type { UnreadDigest } from "./inbox/digest-plan.js";

/** The webhook deliveries waiting in an object's SQLite: both objects' schemas make this table. */
export const WEBHOOK_DELIVERIES_TABLE = `
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL
  );`;

export type WebhookType =
  | "unread.digest"
  | "message.created"
  | "message.updated"
  | "message.deleted"
  | "conversation.created"
  | "conversation.deleted"
  | "member.added"
  | "member.removed";

/** What each conversation's event type carries in `data`. */
export interface WebhookData {
  conversationId: string;
  /** The event's place in the conversation (absent on conversation.deleted: the log is gone). */
  seq?: number;
  actorId?: string;
  message?: StoredMessage;
  member?: Member;
  conversation?: ConversationMeta;
  /** message.updated: "edited" or "reacted"; member.added: "added" or "joined"; member.removed: "left" or "kicked". */
  op?: string;
}

/** The body of every delivery. */
export interface WebhookEvent {
  /** Unique, and the same on every attempt to deliver this event. */
  id: string;
  type: WebhookType;
  /** Milliseconds since the epoch, when the change happened. */
  createdAt: number;
  data: WebhookData | UnreadDigest;
}

export const SIGNATURE_HEADER = "confab-signature";

/** The webhook events a logged conversation event means. */
export function webhookEventsOf(conversationId: string, event: ConversationEvent): [WebhookType, WebhookData][] {
  const { seq } = event;
  switch (event.kind) {
    case "message":
      return [["message.created", { conversationId, seq, message: event.message }]];
    case "change":
      return [[event.op === "deleted" ? "message.deleted" : "message.updated", { conversationId, seq, op: event.op, message: event.message, actorId: event.actorId }]];
    case "member":
      if (event.op === "added" || event.op === "joined") return [["member.added", { conversationId, seq, op: event.op, member: event.member, actorId: event.actorId }]];
      if (event.op === "left" || event.op === "kicked") return [["member.removed", { conversationId, seq, op: event.op, member: event.member, actorId: event.actorId }]];
      return [];
    case "meta":
      return [];
  }
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: what a receiver recomputes to trust a delivery. */
export async function signWebhook(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`;
}

interface WebhookSettings {
  urls: string[];
  secret: string;
  maxAttempts: number;
  retryBaseMs: number;
}

const ATTEMPT_TIMEOUT_MS = 10_000;
/** Deliveries sent per alarm; more wait for the next one, set at once. */
const BATCH_SIZE = 50;

function settingsOf(env: Cloudflare.Env): WebhookSettings | undefined {
  const urls = (env.WEBHOOK_URLS ?? "").split(",").map((url) => url.trim()).filter(Boolean);
  if (urls.length === 0) return undefined;
  if (!env.WEBHOOK_SECRET) {
    console.error("WEBHOOK_URLS is set but WEBHOOK_SECRET is not: no webhooks are sent unsigned");
    return undefined;
  }
  const positive = (value: string | undefined, fallback: number) => {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : fallback;
  };
  return {
    urls,
    secret: env.WEBHOOK_SECRET,
    maxAttempts: Math.floor(positive(env.WEBHOOK_MAX_ATTEMPTS, 8)),
    retryBaseMs: positive(env.WEBHOOK_RETRY_BASE_MS, 2000),
  };
}

// ── the queue ───────────────────────────────────────────────────────────────

type DeliveryRow = { id: number; url: string; body: string; attempts: number };

function dueDeliveries(sql: SqlStorage, now: number): DeliveryRow[] {
  return sql
    .exec<DeliveryRow>("SELECT id, url, body, attempts FROM webhook_deliveries WHERE next_at <= ? ORDER BY id LIMIT ?", now, BATCH_SIZE)
    .toArray();
}

/** The webhooks of one Durable Object: queued with its changes, sent by its alarm. */
export class Webhooks {
  readonly #settings: WebhookSettings | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    env: Cloudflare.Env,
  ) {
    // The table comes with the object's others (WEBHOOK_DELIVERIES_TABLE in each schema).
    this.#settings = settingsOf(env);
  }

  /** Whether webhooks are on (WEBHOOK_URLS and WEBHOOK_SECRET set). */
  get on(): boolean {
    return this.#settings !== undefined;
  }

  /**
   * Queues `type` for every endpoint, to be sent at once, and returns the event's id; nothing
   * when webhooks are off. An update to a message replaces its updates still queued: the newest
   * carries the whole state, so a slow endpoint does not make a thousand reactions a thousand
   * copies of the message.
   */
  enqueue(type: WebhookType, data: WebhookData | UnreadDigest): string | undefined {
    if (!this.#settings) return undefined;
    const now = Date.now();
    if (type === "message.updated" && "message" in data && data.message) {
      this.ctx.storage.sql.exec(
        "DELETE FROM webhook_deliveries WHERE json_extract(body, '$.type') = 'message.updated' AND json_extract(body, '$.data.message.id') = ?",
        data.message.id,
      );
    }
    const event: WebhookEvent = { id: `evt_${crypto.randomUUID().replaceAll("-", "")}`, type, createdAt: now, data };
    const body = JSON.stringify(event);
    for (const url of this.#settings.urls) {
      this.ctx.storage.sql.exec("INSERT INTO webhook_deliveries (url, body, next_at) VALUES (?, ?, ?)", url, body, now);
    }
    // Now is the earliest an alarm can be, so this never postpones one already set.
    void this.ctx.storage.setAlarm(now);
    return event.id;
  }

  /**
   * Rewrites the queued deliveries that carry `message` to its state now (a deletion's
   * tombstone): nothing sent after a deletion says what the message said.
   */
  redact(message: StoredMessage): void {
    this.ctx.storage.sql.exec(
      "UPDATE webhook_deliveries SET body = json_set(body, '$.data.message', json(?)) WHERE json_extract(body, '$.data.message.id') = ?",
      JSON.stringify(message),
      message.id,
    );
  }

  /** Sends what is due and reschedules failures; the object sets its alarm for `nextDueAt` after. */
  async deliverDue(): Promise<void> {
    const settings = this.#settings;
    const sql = this.ctx.storage.sql;
    if (!settings) {
      // Turned off since these were queued.
      sql.exec("DELETE FROM webhook_deliveries");
      return;
    }
    const due = dueDeliveries(sql, Date.now());
    await Promise.all(
      due.map(async (delivery) => {
        const failure = await attempt(settings.secret, delivery);
        if (!failure) {
          sql.exec("DELETE FROM webhook_deliveries WHERE id = ?", delivery.id);
          return;
        }
        const attempts = delivery.attempts + 1;
        if (attempts >= settings.maxAttempts) {
          console.error(`webhook to ${delivery.url} dropped after ${attempts} attempts: ${failure}`);
          sql.exec("DELETE FROM webhook_deliveries WHERE id = ?", delivery.id);
          return;
        }
        const retryAt = Date.now() + settings.retryBaseMs * 2 ** (attempts - 1);
        sql.exec("UPDATE webhook_deliveries SET attempts = ?, next_at = ? WHERE id = ?", attempts, retryAt, delivery.id);
      }),
    );
  }

  /** When the next delivery is due (milliseconds since the epoch), or undefined when none waits. */
  nextDueAt(): number | undefined {
    const { next } = this.ctx.storage.sql.exec<{ next: number | null }>("SELECT MIN(next_at) AS next FROM webhook_deliveries").one();
    return next ?? undefined;
  }
}

/** One POST of a delivery; the reason it failed, or undefined when the endpoint took it. */
async function attempt(secret: string, delivery: DeliveryRow): Promise<string | undefined> {
  const event = JSON.parse(delivery.body) as WebhookEvent;
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Confab-Webhooks/1",
        "confab-event-id": event.id,
        "confab-event-type": event.type,
        [SIGNATURE_HEADER]: await signWebhook(secret, Math.floor(Date.now() / 1000), delivery.body),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return String(error);
  }
}

/**
 * What the user's conversations know of them: whether their list is open (their presence and
 * whether rows or only "stale" are sent) and what to push them while it is not. Told to every
 * conversation they are in when either changes, and only then.
 */
import type { InboxServerFrame } from "../../protocol/index.js";
import type { AwayNews } from "../push/away-news.js";
import { conversationOf } from "../stubs.js";
import { listStale, listSummaries, listUnlisted } from "./inbox-sql.js";
import type { InboxWatch, Notifications } from "./notifications.js";

/** What telling needs of the Inbox. */
export interface WatchedInbox {
  ctx: DurableObjectState;
  env: Cloudflare.Env;
  notifications: Notifications;
  userId(): string;
  /** Whether the Inbox has its tables (a deleted user's have gone). */
  stored(): boolean;
  /** Whether the user's list is open anywhere now. */
  open(): boolean;
  broadcast(frame: InboxServerFrame): void;
}

/** The conversations the user is in: those with a row, those whose row is to come, and those with none yet. */
export function conversationIdsOf(db: SqlStorage): Set<string> {
  return new Set([...listSummaries(db).map((summary) => summary.id), ...listStale(db), ...listUnlisted(db)]);
}

export class Watchers {
  constructor(private readonly inbox: WatchedInbox) {}

  /** What a conversation of the user's needs to know of them. */
  watch(open = this.inbox.open()): InboxWatch {
    return { open, alerts: this.inbox.notifications.alerts(this.inbox.stored()) };
  }

  /** Tells each of the user's conversations that their list opened or closed (`open`), or what to push them now. */
  tell(open = this.inbox.open()): void {
    const { ctx, env } = this.inbox;
    // A deleted user's sockets close after their tables are gone: nothing to tell.
    if (!this.inbox.stored()) return;
    const userId = this.inbox.userId();
    const watch = this.watch(open);
    const told = [...conversationIdsOf(ctx.storage.sql)].map((conversationId) =>
      conversationOf(env, conversationId)
        .inboxPresence(userId, watch)
        .catch((error: unknown) => console.error(`inbox ${userId}: presence for ${conversationId} failed`, error)),
    );
    ctx.waitUntil(Promise.all(told));
  }

  /**
   * Makes `change` to the user's settings: their open widgets show them, and their conversations
   * are told only when what to push them changed (a frame is not a call to each conversation).
   */
  changeSettings<T>(change: () => T): T {
    const { notifications } = this.inbox;
    const alerts = notifications.alerts(this.inbox.stored());
    const result = change();
    this.inbox.broadcast({ type: "notifications", ...notifications.settings(true) });
    if (notifications.alerts(true) !== alerts) this.tell();
    return result;
  }

  /** Pushes `news` while the user is away; their last subscription gone, conversations stop sending news. */
  async pushAway(news: AwayNews): Promise<void> {
    const { notifications } = this.inbox;
    const forgot = await notifications.pushPaced(news, () => !this.inbox.open());
    if (forgot && notifications.alerts(true) === "none") this.tell();
  }
}

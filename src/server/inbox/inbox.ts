/**
 * One Durable Object per user (room name = user id): their conversation list with last
 * message and unread count, kept current by the Conversation objects. The user's widget holds
 * one socket here, through which it also creates and joins conversations.
 */
import type { WSMessage } from "partyserver";
import {
  CLOSE_CODES,
  failure,
  parseInboxClientFrame,
  type ConversationSummary,
  type InboxClientFrame,
  type Metadata,
  type NotifyLevel,
  type Outcome,
  type Parsed,
} from "../../protocol/index.js";
import { directConversationId } from "../direct-id.js";
import type { AwayNews } from "../push/away-news.js";
import { conversationOf } from "../stubs.js";
import type { Identity } from "../identity.js";
import { LazyTables } from "../lazy-tables.js";
import type { Refusal } from "../refusal.js";
import { Room, sendFrame as send, type Handled, type RoomSocket } from "../room.js";
import { Allowances, type Allowance } from "./allowances.js";
import { InboxAlarm, type AwayUser } from "./inbox-alarm.js";
import { refreshStale, type StaleRows } from "./stale-rows.js";
import { createConversation, doneIn, joinConversation, type RequestingInbox } from "./conversation-requests.js";
import { Notifications, type InboxWatch, type NotificationsView } from "./notifications.js";
import { Watchers, conversationIdsOf } from "./watchers.js";
import { listInDirectory } from "./directory-listing.js";
import { findPeople, findPerson, searcherOf } from "./people.js";
import {
  deleteSummary,
  isBlocked,
  listBlocked,
  listSummaries,
  markStale,
  setUnlisted,
  setBlocked,
  hasSummary,
  isStale,
  putSummary,
  readProfile,
  readProfileMetadata,
  saveProfile,
  saveProfileMetadata,
  type Profile,
} from "./inbox-sql.js";
import { INBOX_MIGRATIONS } from "./schema.js";

/** A user as the server API shows them. */
export interface UserView extends Profile {
  id: string;
  metadata?: Metadata;
}

export class Inbox extends Room<InboxClientFrame> {
  static options = { hibernate: true };

  /**
   * The tables, made with the first write: a user nobody has seen (a conversation asking for
   * their profile, an API read) reads as empty and stores nothing. Here rather than in onStart:
   * RPC calls from a Conversation do not run onStart.
   */
  private readonly tables = new LazyTables(this.ctx.storage.sql, "profile", INBOX_MIGRATIONS);

  private readonly allowances = new Allowances(this.ctx.storage.sql, this.limits);

  /** Unsent uploads, webhooks and unread digests: what runs on the alarm (inbox-alarm.ts). */
  private readonly later = new InboxAlarm(this.ctx, this.env, this.limits);

  /** What reaches the user while away: their level, their browsers' subscriptions, the pushes. */
  private readonly notifications = new Notifications(this.ctx.storage.sql, this.env, () => this.name);

  /** What the user's conversations know of them: list open, what to push (watchers.ts). */
  private readonly watchers = new Watchers({
    ctx: this.ctx,
    env: this.env,
    notifications: this.notifications,
    userId: () => this.name,
    stored: () => this.tables.stored,
    open: () => this.listOpen(),
    broadcast: (frame) => this.broadcastFrame(frame),
  });

  async alarm(): Promise<void> {
    if (this.tables.stored) await this.later.run(this.awayUser());
  }

  /** Development servers only (TEST_CLOCK, test-clock.ts): moves this Inbox's clock on and runs what is due then. */
  async advanceClock(ms: number): Promise<{ digest?: string; pending: string[] }> {
    return this.later.advanceTestClock(ms, this.tables.stored ? this.awayUser() : undefined);
  }

  private awayUser(): AwayUser {
    return { userId: this.name, online: () => this.listOpen(), level: this.notifications.level(true) };
  }

  /** Whether this user has their conversation list open anywhere now. */
  private listOpen(): boolean {
    return [...this.getConnections()].length > 0;
  }

  private get db(): SqlStorage {
    return this.ctx.storage.sql;
  }

  // ── RPC from Conversation ─────────────────────────────────────────────────

  /**
   * A conversation's row, sent while this user's list is open: it is shown at once. A row
   * already stored is marked stale once rather than rewritten on every change of a busy room;
   * whoever reads the list next (a socket opening, the server API) asks for it afresh.
   */
  async putConversation(summary: ConversationSummary): Promise<void> {
    this.tables.store();
    // Its newest message was deleted: a push of it still waiting for its pace must not go.
    if (summary.lastMessage?.deleted) this.notifications.withdraw(summary.id);
    if (this.ctx.getWebSockets().length > 0 && hasSummary(this.db, summary.id)) {
      if (!isStale(this.db, summary.id)) markStale(this.db, summary.id);
    } else {
      setUnlisted(this.db, summary.id, false);
      putSummary(this.db, summary);
    }
    this.broadcastFrame({ type: "summary", conversation: summary });
  }

  async removeConversation(conversationId: string): Promise<void> {
    if (!this.tables.stored) return;
    this.notifications.withdraw(conversationId);
    setUnlisted(this.db, conversationId, false);
    if (deleteSummary(this.db, conversationId)) this.broadcastFrame({ type: "removed", conversationId });
  }

  /**
   * The user is in `conversationId` but it has no row for them (a one-to-one nobody wrote to
   * them in, or whose only message was deleted): any row goes, and the conversation is still
   * told when their list opens or closes.
   */
  async unlistConversation(conversationId: string): Promise<void> {
    this.tables.store();
    setUnlisted(this.db, conversationId, true);
    if (deleteSummary(this.db, conversationId)) this.broadcastFrame({ type: "removed", conversationId });
  }

  /**
   * A conversation changed while this user's list was closed: its row is asked for afresh
   * before the list is next read, or now if the list opened meanwhile. `news` of a message
   * goes to the user's browsers as a push while they are still away.
   */
  async markStale(conversationId: string, news?: AwayNews): Promise<void> {
    this.tables.store();
    markStale(this.db, conversationId);
    if (await this.online()) return refreshStale(this.staleRows, true);
    // Sent in the background: a slow push service does not hold up the conversation's round.
    if (news) this.ctx.waitUntil(this.watchers.pushAway(news));
    await this.later.digests.noteAway(conversationId);
  }

  /** Whether this user has their conversation list open anywhere. */
  async online(): Promise<boolean> {
    return this.listOpen();
  }

  /** What a conversation of this user's needs to know of them (also told to each when it changes). */
  async watch(): Promise<InboxWatch> {
    return this.watchers.watch();
  }

  /**
   * This user as someone `inviterId` wants to add to a conversation: the name and avatar they
   * last connected with, and whether they block the inviter (blocking covers group adds, not
   * only one-to-one messages).
   */
  async invitee(inviterId: string): Promise<{ profile?: Profile; blocksInviter: boolean }> {
    if (!this.tables.stored) return { blocksInviter: false };
    return { profile: readProfile(this.db), blocksInviter: isBlocked(this.db, inviterId) };
  }

  /**
   * Takes `count` from this user's hourly allowance of `kind` (conversations created, people
   * added), or says why not and takes nothing.
   */
  async spend(kind: Allowance, count: number): Promise<Outcome> {
    return this.spendAll([[kind, count]]);
  }

  /** The Worker, before storing an upload of this user's: within their quota of unsent files? */
  async reserveUpload(conversationId: string, attachmentId: string, bytes: number): Promise<Outcome> {
    this.tables.store();
    return this.later.uploads.reserve(conversationId, attachmentId, bytes);
  }

  /** The uploads are in a message now (a Conversation says), or were never stored (the Worker says). */
  async releaseUploads(conversationId: string, attachmentIds: string[]): Promise<void> {
    if (this.tables.stored) this.later.uploads.release(conversationId, attachmentIds);
  }

  // ── RPC from the server API ───────────────────────────────────────────────

  /**
   * Sets the user's profile: the name and avatar conversations show (each of theirs gets a
   * `member updated` event when they change) and the host's metadata. A socket opened later
   * with a token naming them otherwise takes the token's name and avatar.
   */
  async upsertUser(profile: { name: string; avatar?: string; metadata?: Metadata }): Promise<UserView> {
    this.tables.store();
    saveProfile(this.db, profile);
    if (profile.metadata !== undefined) saveProfileMetadata(this.db, profile.metadata);
    listInDirectory(this.ctx, this.env, this.name);
    const person: Identity = { userId: this.name, ...readProfile(this.db)! };
    await Promise.all(
      [...conversationIdsOf(this.db)].map((conversationId) =>
        conversationOf(this.env, conversationId)
          .refreshMember(person)
          .catch((error: unknown) => console.error(`inbox ${this.name}: renaming in ${conversationId} failed`, error)),
      ),
    );
    return (await this.user())!;
  }

  /** The user's notification level, and how many browsers are subscribed to pushes. */
  async notificationsView(): Promise<NotificationsView> {
    return this.notifications.view(this.tables.stored);
  }

  /** Sets the user's level, and tells their open widgets and their conversations. */
  async setNotificationLevel(level: NotifyLevel): Promise<NotificationsView> {
    this.tables.store();
    this.watchers.changeSettings(() => this.notifications.setLevel(level));
    return this.notifications.view(true);
  }

  /** The profile, or undefined for a user never seen. */
  async user(): Promise<UserView | undefined> {
    const profile = this.tables.stored ? readProfile(this.db) : undefined;
    if (!profile) return undefined;
    const metadata = readProfileMetadata(this.db);
    return { id: this.name, ...profile, ...(metadata ? { metadata } : {}) };
  }

  /**
   * Blocks (`on`) or unblocks `userId` for this user, and tells their one-to-one conversation,
   * which hides what the blocked user sends from now on. Idempotent.
   */
  async block(userId: string, on: boolean): Promise<Outcome> {
    if (userId === this.name) return failure("bad_frame", "you cannot block yourself");
    this.tables.store();
    setBlocked(this.db, userId, on);
    const conversationId = await directConversationId(this.name, userId);
    await conversationOf(this.env, conversationId).setBlock(this.name, userId, on);
    return { ok: true };
  }

  /**
   * What deleting this user must visit: whether anything of theirs is stored here, and every
   * conversation they are in (with a row, one whose row is to come, or none yet).
   */
  async deletionTargets(): Promise<{ known: boolean; conversationIds: string[] }> {
    if (!this.tables.stored) return { known: false, conversationIds: [] };
    return { known: true, conversationIds: [...conversationIdsOf(this.db)] };
  }

  /**
   * Empties this Inbox for good, the last step of deleting its user: their sockets close with
   * `deleted` (the widget does not reconnect), their unsent uploads leave R2, and every table
   * goes. A sign-in afterwards makes an empty user.
   */
  async erase(): Promise<void> {
    for (const socket of this.getConnections()) socket.close(CLOSE_CODES.deleted, "this user was deleted");
    if (this.tables.stored) await this.later.uploads.deleteAll();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.tables.forget();
  }

  /** The users this user blocks. */
  async blocked(): Promise<string[]> {
    return this.tables.stored ? listBlocked(this.db) : [];
  }

  /** The conversation list, most recent first, with unread counts. */
  async conversations(): Promise<ConversationSummary[]> {
    await refreshStale(this.staleRows, false);
    return this.tables.stored ? listSummaries(this.db) : [];
  }

  // ── sockets ───────────────────────────────────────────────────────────────

  /** Only the inbox's own user, whatever the Worker let through. */
  protected refusalFor(identity: Identity): Refusal | undefined {
    if (identity.userId === this.name) return undefined;
    return { status: 403, closeCode: CLOSE_CODES.forbidden, code: "forbidden", reason: "an inbox is open to its own user only" };
  }

  protected async onAdmitted(connection: RoomSocket, identity: Identity): Promise<void> {
    this.tables.store();
    saveProfile(this.db, { name: identity.name, avatar: identity.avatar });
    listInDirectory(this.ctx, this.env, this.name);
    const first = [...this.getConnections()].length === 1;
    // Told before the rows are read, so conversations send this list rows again from now on.
    if (first) this.watchers.tell(true);
    // Rows that went stale while the list was closed are fetched first: the welcome is current.
    await refreshStale(this.staleRows, !first);
    send(connection, { type: "inbox", conversations: listSummaries(this.db), notifications: this.notifications.settings(true) });
  }

  onClose(connection: RoomSocket): void {
    const others = [...this.getConnections()].filter((socket) => socket.id !== connection.id);
    if (connection.state && others.length === 0) this.watchers.tell(false);
  }

  protected get conversationId(): undefined {
    return undefined;
  }

  protected parse(raw: WSMessage): Parsed<InboxClientFrame> {
    return parseInboxClientFrame(raw);
  }

  protected async handle(connection: RoomSocket, frame: InboxClientFrame): Promise<Handled> {
    const identity = connection.state!;
    switch (frame.type) {
      case "create":
        return createConversation(this.requesting, identity, frame);
      case "join":
        return joinConversation(this.requesting, identity, frame);
      case "block":
      case "unblock":
        return doneIn("", await this.block(frame.userId, frame.type === "block"));
      case "find_people":
        return findPeople(this.env, searcherOf(this.db, identity.userId), frame);
      case "find_person":
        return findPerson(this.env, searcherOf(this.db, identity.userId), frame);
      case "set_notifications":
        await this.setNotificationLevel(frame.level);
        return { ok: true };
      case "push_subscribe":
        return this.watchers.changeSettings(() => this.notifications.subscribe(frame.subscription));
      case "push_unsubscribe":
        this.watchers.changeSettings(() => this.notifications.unsubscribe(frame.endpoint));
        return { ok: true };
    }
  }

  /** What refreshing stale rows needs of this Inbox. */
  private get staleRows(): StaleRows {
    return { env: this.env, db: this.db, userId: this.name, stored: this.tables.stored, broadcast: (frame) => this.broadcastFrame(frame) };
  }

  /** What `create` and `join` need of this Inbox. */
  private get requesting(): RequestingInbox {
    return { env: this.env, db: this.db, spendAll: (costs) => this.spendAll(costs) };
  }

  /** Takes each of `costs` from the user's hourly allowances, all or none. */
  private spendAll(costs: [Allowance, number][]): Outcome {
    this.tables.store();
    return this.allowances.spend(costs);
  }
}

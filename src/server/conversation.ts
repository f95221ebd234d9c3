/**
 * One Durable Object per conversation (room name = conversation id). It owns the
 * conversation's meta, members and event log in SQLite, gives every durable change the next
 * seq, fans changes out to members' sockets, and keeps each member's Inbox up to date.
 * Every action checks membership and role first.
 */
import type { WSMessage } from "partyserver";
import {
  CLOSE_CODES,
  LIMITS,
  attachPreview,
  edit,
  firstLink,
  mentionedIn,
  react,
  remove,
  parseClientFrame,
  type AddFrame,
  type ConversationEvent,
  type ConversationMeta,
  type ConversationSummary,
  type Change,
  type DeleteFrame,
  type EditFrame,
  failure,
  type Failure,
  type Outcome,
  type HelloFrame,
  type BanFrame,
  type KickFrame,
  type LinkPreview,
  type Member,
  type PresenceFrame,
  type ReactFrame,
  type ReadFrame,
  type SearchFrame,
  type SendFrame,
  type ServerFrame,
  type StoredMessage,
  type TypingFrame,
  type UpdateFrame,
  type WelcomeFrame,
  canModerate,
} from "../protocol/index.js";
import {
  appendEvent,
  clearConversation,
  countMembers,
  countNewMessage,
  uncountMessage,
  countUnread,
  createConversationTables,
  deleteMember,
  eventsAfter,
  hasMessages,
  messagesAfter,
  messagesBefore,
  rewriteMessage,
  findMember,
  findMessage,
  forgetPreview,
  lastEventAt,
  lastSeq,
  latestEvents,
  latestMessage,
  listMembers,
  updateMember,
  insertMember,
  readMeta,
  setUnread,
  unreadCounts,
  writeMeta,
  blocks,
  cachePreview,
  cachedPreview,
  deleteBan,
  hiddenFromOf,
  insertBan,
  isBanned,
  listBans,
  mutedMembers,
  searchExpression,
  searchMessages,
  setBlock,
  setMuted,
  setInboxStale,
  setMentions,
  staleInboxes,
  unreadMentionCounts,
  type NewEvent,
} from "./conversation-tables.js";
import { wordFilterOf } from "./word-filter.js";
import { attachmentsPreview, checkAttachments, deleteAttachments, deleteConversationAttachments, storePreviewPicture } from "./attachments.js";
import type { Identity } from "./identity.js";
import { LazyTables } from "./lazy-tables.js";
import type { Refusal as SocketRefusal } from "./refusal.js";
import { GuardedServer, sendFrame as send, type GuardedSocket } from "./guarded-server.js";
import { inboxOf } from "./inbox.js";
import { fetchLinkPreview, fetchPreviewPicture, previewSettingsOf } from "./link-preview.js";
import { Webhooks, webhookEventsOf } from "./webhooks.js";

type Socket = GuardedSocket;

/** What an Inbox asks for when its user creates a conversation. */
export interface ConversationSpec {
  type: ConversationMeta["type"];
  /** Everyone but the creator. */
  memberIds: string[];
  title?: string;
  avatar?: string;
  metadata?: ConversationMeta["metadata"];
  joinable?: boolean;
}

const notFound = failure("not_found", "no such conversation");

/** An answer to the server API: what it asked for, or why not. */
export type ApiOutcome<T> = { ok: true; value: T } | Failure;

/** A conversation as the server API shows it. */
export interface ConversationView {
  conversation: ConversationMeta;
  members: Member[];
  lastSeq: number;
}

/** What an update may change; `avatar: null` removes it. */
export interface MetaChanges {
  title?: string;
  avatar?: string | null;
  metadata?: ConversationMeta["metadata"];
  joinable?: boolean;
}

/** A message to post, from a socket's send or the server API. */
export type MessagePost = Omit<SendFrame, "type">;

/** A page of history: the `limit` oldest after `after`, or else the `limit` newest before `before`. */
export interface PageRequest {
  before?: number;
  after?: number;
  limit: number;
}

/** Who the server API acts as in events' actorId: never a user id (they have no colon). */
export const API_ACTOR = "confab:api";
/** The server API deletes messages with an owner's rights. */
const API_MODERATOR: Member = { userId: API_ACTOR, name: "", role: "owner", lastReadSeq: 0, joinedAt: 0 };
/** The sender of system messages: the conversation itself. */
const SYSTEM_SENDER = { userId: "", name: "" };
/**
 * Most link previews waiting in one conversation. Each may take a few seconds (a page, then its
 * picture); links sent faster than that, past this many, get no card rather than a queue that
 * keeps the object fetching long after.
 */
const MAX_QUEUED_PREVIEWS = 20;
/** Link previews are attached by the conversation itself too (actorId ""). */
const PREVIEWER: Member = { ...SYSTEM_SENDER, role: "member", lastReadSeq: 0, joinedAt: 0 };

const messagesOf = (events: ConversationEvent[]): StoredMessage[] =>
  events.flatMap((event) => (event.kind === "message" ? [event.message] : []));

/** Whom a message's mentions count for: neither its sender nor the peer it is hidden from. */
const countedMentions = (message: StoredMessage, hiddenFrom?: string): string[] =>
  (message.mentions ?? []).filter((userId) => userId !== message.senderId && userId !== hiddenFrom);

const bannedFailure = (userId: string) => failure("forbidden", `${userId} is banned from this conversation; unban them first`);

/** A user banned from a group, as the server API lists them. */
export interface Ban {
  userId: string;
  actorId: string;
  at: number;
}

/**
 * Inbox rounds this large count as busy: the next round waits in proportion to the last one's
 * size (10 inboxes: 100 ms; 100 or more: 1 s), so a busy room spends about the same effort on
 * its members' lists whatever its size, and each list is at most about a second behind.
 */
const BUSY_ROUND_SIZE = 10;

/**
 * What a member's Inbox is owed: their row ("put": only while their list is open, else it is
 * marked stale), the row even to a closed list ("scrub": the stored row previews a message
 * just deleted), or the conversation's removal.
 */
type InboxUpdate = "put" | "scrub" | "remove";
const PAUSE_PER_INBOX_MS = 10;
const MAX_ROUND_PAUSE_MS = 1_000;


export class Conversation extends GuardedServer {
  static options = { hibernate: true };

  /**
   * Inbox updates owed, by user: the latest summary ("put") or the conversation's removal.
   * Changes that come faster than inboxes take them are coalesced: each round sends every
   * owed user one update computed at send time, so an inbox never sees an older state after a
   * newer one and busy conversations do not queue one call per member per message.
   */
  readonly #inboxesOwed = new Map<string, InboxUpdate>();
  #inboxRound: Promise<void> | null = null;

  /**
   * Whether each member has their conversation list open, as their Inbox last said. Kept in
   * memory: after a restart every Inbox is asked again (see `knowInboxPresence`).
   */
  readonly #inboxOnline = new Map<string, boolean>();

  /** Events for the host's backend, queued with the changes that cause them (src/server/webhooks.ts). */
  private readonly webhooks: Webhooks;

  /** The BLOCKED_WORDS check every member's send and edit passes. */
  private readonly words = wordFilterOf(this.env);

  /** LINK_PREVIEWS and PREVIEW_ALLOW_HOSTS (src/server/link-preview.ts). */
  private readonly previews = previewSettingsOf(this.env);
  /**
   * Link previews are made one at a time, in the order messages came: a burst of links costs
   * one outgoing fetch at a time, and a repeated link finds the first one's card in the cache.
   */
  #previewQueue: Promise<void> = Promise.resolve();
  /** Previews queued and not yet made: past MAX_QUEUED_PREVIEWS, a message's link gets no card. */
  #previewsQueued = 0;

  /** The tables, made when the conversation is created (`establish`). Here rather than in onStart: RPC calls from an Inbox do not run onStart. */
  private readonly tables = new LazyTables(this.ctx.storage.sql, "meta", createConversationTables);

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.webhooks = new Webhooks(ctx, env);
  }

  /** The conversation's meta; undefined when it does not exist (or never did). */
  private meta(): ConversationMeta | undefined {
    return this.tables.stored ? readMeta(this.db) : undefined;
  }

  /** Sends the webhooks that are due; set by Webhooks whenever one is queued or retried. */
  async alarm(): Promise<void> {
    await this.webhooks.deliverDue();
  }

  private get db(): SqlStorage {
    return this.ctx.storage.sql;
  }

  // ── RPC from Inbox ────────────────────────────────────────────────────────

  /** Creates this conversation with `creator` and `spec.memberIds` in it. */
  async create(conversationId: string, spec: ConversationSpec, creator: Identity): Promise<Outcome> {
    const invited = await this.inviteesOf(spec.memberIds, creator.userId);
    // Whoever blocks the creator is not put in their group (a one-to-one hides their messages instead).
    const people = spec.type === "group" ? invited.filter((person) => !person.blocksInviter) : invited;
    const creatorRole = spec.type === "group" ? "owner" : "member";
    const members = people.map(({ userId, name, avatar }) => ({ userId, name, avatar, role: "member" as const }));
    const outcome = this.establish(conversationId, spec, [{ ...creator, role: creatorRole }, ...members], creator.userId);
    // A new one-to-one keeps the peer's block of the creator (the creator's own Inbox refused to
    // create one with someone they block), as `importBlocks` does for the server API.
    const [peer] = invited;
    if (outcome.ok && spec.type === "direct" && peer?.blocksInviter) setBlock(this.db, peer.userId, creator.userId, true);
    return outcome;
  }

  /**
   * Creates this conversation with `people` in it, in that order; a one-to-one conversation
   * that exists already brings back whichever of the pair had left.
   */
  private establish(
    conversationId: string,
    spec: Omit<ConversationSpec, "memberIds">,
    people: (Identity & { role: Member["role"] })[],
    actorId: string,
  ): Outcome {
    // No await here: the existence check and the writes happen as one step.
    this.tables.store();
    const existing = this.meta();
    if (existing && (spec.type === "group" || existing.type !== "direct")) {
      return failure("exists", `conversation ${conversationId} already exists`);
    }
    if (existing) {
      for (const person of people) {
        // Whoever left and blocks the one reopening it stays out: the blocked one is not told.
        if (!findMember(this.db, person.userId) && !blocks(this.db, person.userId, actorId)) this.addMember(person, "member", actorId, "added");
      }
      this.notifyInboxes();
      return { ok: true };
    }
    const now = Date.now();
    const meta: ConversationMeta = {
      id: conversationId,
      type: spec.type,
      title: spec.title ?? "",
      avatar: spec.avatar,
      metadata: spec.metadata,
      joinable: spec.type === "group" && spec.joinable === true,
      createdAt: now,
    };
    writeMeta(this.db, meta);
    const created = this.record({ kind: "meta", meta, actorId, at: now });
    this.webhooks.enqueue("conversation.created", { conversationId, seq: created.seq, conversation: meta, actorId });
    for (const { role, ...person } of people) this.addMember(person, spec.type === "group" ? role : "member", actorId, "added");
    this.notifyInboxes();
    return { ok: true };
  }

  /** Adds `user` to a conversation that lets anyone with its id join. */
  async join(user: Identity): Promise<Outcome> {
    const meta = this.meta();
    if (!meta) return failure("not_found", "no such conversation");
    if (findMember(this.db, user.userId)) return { ok: true };
    if (isBanned(this.db, user.userId)) return failure("forbidden", "you are banned from this conversation");
    if (!meta.joinable) return failure("forbidden", "this conversation is by invitation only");
    if (countMembers(this.db) >= this.limits.groupMembers) return failure("forbidden", "this conversation is full");
    this.addMember(user, "member", user.userId, "joined");
    this.notifyInboxes();
    return { ok: true };
  }

  /** The user's Inbox saying they opened (or closed) their conversation list. */
  async inboxPresence(userId: string, online: boolean): Promise<void> {
    this.#inboxOnline.set(userId, online);
    if (this.meta() && findMember(this.db, userId)) this.announcePresence(userId);
  }

  /**
   * `userId`'s row of this conversation, asked by their Inbox for a row it was told is stale:
   * null when they are no longer a member (or the conversation is gone).
   */
  async inboxRow(userId: string): Promise<ConversationSummary | null> {
    if (!this.meta()) return null;
    setInboxStale(this.db, userId, false);
    if (!findMember(this.db, userId)) return null;
    return this.summaries().get(userId) ?? null;
  }

  /** Whether `userId` is a member now: the Worker asks on every attachment upload and download. */
  async isMember(userId: string): Promise<boolean> {
    return this.meta() !== undefined && findMember(this.db, userId) !== undefined;
  }

  /**
   * The blocker's Inbox saying they block (or no longer block) `blockedId`: this is their
   * one-to-one conversation. Only messages sent while blocked are hidden. One that does not exist
   * yet stores nothing (blocking anyone must not make objects): it reads the pair's blocks from
   * their Inboxes when it is created (`importBlocks`).
   */
  async setBlock(blockerId: string, blockedId: string, on: boolean): Promise<void> {
    if (this.tables.stored) setBlock(this.db, blockerId, blockedId, on);
  }

  /** A new one-to-one of `a` and `b` takes over the blocks either Inbox holds of the other. */
  private async importBlocks(a: string, b: string): Promise<void> {
    const [bOfA, aOfB] = await Promise.all([inboxOf(this.env, b).invitee(a), inboxOf(this.env, a).invitee(b)]);
    if (bOfA.blocksInviter) setBlock(this.db, b, a, true);
    if (aOfB.blocksInviter) setBlock(this.db, a, b, true);
  }

  /** The Inbox of a user whose profile changed through the server API: their member row follows. */
  async refreshMember(person: Identity): Promise<void> {
    const member = this.meta() && findMember(this.db, person.userId);
    if (member) this.rename(member, person);
  }

  // ── RPC from the server API (src/server/api.ts) ───────────────────────────
  // The same steps the socket handlers take, with the API acting as an owner would: every
  // change gets its seq and reaches members' sockets, inboxes and webhooks alike.

  /** Creates this conversation with `people`, each with their role (one-to-one: members). */
  async apiCreate(conversationId: string, spec: Omit<ConversationSpec, "memberIds">, people: { userId: string; role: Member["role"] }[]): Promise<ApiOutcome<ConversationView>> {
    const profiles = await this.profilesOf(people.map((person) => person.userId));
    const outcome = this.establish(conversationId, spec, profiles.map((profile, index) => ({ ...profile, role: people[index]!.role })), API_ACTOR);
    if (outcome.ok && spec.type === "direct") await this.importBlocks(people[0]!.userId, people[1]!.userId);
    return outcome.ok ? { ok: true, value: this.view()! } : outcome;
  }

  /** Meta, members and last seq, or not_found. */
  async apiGet(): Promise<ApiOutcome<ConversationView>> {
    const view = this.view();
    return view ? { ok: true, value: view } : notFound;
  }

  async apiUpdate(changes: MetaChanges): Promise<ApiOutcome<ConversationView>> {
    const meta = this.meta();
    if (!meta) return notFound;
    if (meta.type !== "group") return failure("forbidden", "a one-to-one conversation has no title or avatar to change");
    this.updateMeta(meta, changes, API_ACTOR);
    return { ok: true, value: this.view()! };
  }

  /** Deletes the conversation: members lose it from their lists, and their sockets here are closed. */
  async apiDelete(): Promise<ApiOutcome<{ deleted: true }>> {
    const meta = this.meta();
    if (!meta) return notFound;
    const members = listMembers(this.db);
    clearConversation(this.db);
    for (const socket of this.getConnections()) socket.close(CLOSE_CODES.removed, "conversation deleted");
    for (const member of members) this.owe(member.userId, "remove");
    this.webhooks.enqueue("conversation.deleted", { conversationId: this.name, actorId: API_ACTOR });
    this.ctx.waitUntil(deleteConversationAttachments(this.env, this.name));
    return { ok: true, value: { deleted: true } };
  }

  /** Adds `userId` with `role`, or gives a member `role` (a `member updated` event). */
  async apiPutMember(userId: string, role: Member["role"]): Promise<ApiOutcome<{ member: Member; added: boolean }>> {
    if (!this.meta()) return notFound;
    const [person] = await this.profilesOf([userId]);
    // Read again after the wait: the conversation may have changed meanwhile.
    const meta = this.meta();
    if (!meta) return notFound;
    const existing = findMember(this.db, userId);
    if (existing) {
      if (existing.role !== role) this.setRole(existing, role, API_ACTOR);
      return { ok: true, value: { member: findMember(this.db, userId)!, added: false } };
    }
    if (meta.type !== "group") return failure("forbidden", "members cannot be added to a one-to-one conversation");
    if (isBanned(this.db, userId)) return bannedFailure(userId);
    if (countMembers(this.db) >= this.limits.groupMembers) return failure("forbidden", `groups have at most ${this.limits.groupMembers} members`);
    this.addMember(person!, role, API_ACTOR, "added");
    this.notifyInboxes();
    return { ok: true, value: { member: findMember(this.db, userId)!, added: true } };
  }

  async apiRemoveMember(userId: string): Promise<ApiOutcome<{ removed: true }>> {
    const meta = this.meta();
    if (!meta) return notFound;
    if (meta.type !== "group") return failure("forbidden", "nobody can be removed from a one-to-one conversation");
    const member = findMember(this.db, userId);
    if (!member) return failure("not_member", `${userId} is not a member`);
    this.removeMember(member, API_ACTOR, "kicked");
    return { ok: true, value: { removed: true } };
  }

  /** Bans `userId` from the group (removing them if a member), as an owner would. */
  async apiBan(userId: string): Promise<ApiOutcome<{ banned: true }>> {
    if (!this.meta()) return notFound;
    const outcome = this.ban(API_MODERATOR, userId);
    return outcome.ok ? { ok: true, value: { banned: true } } : outcome;
  }

  async apiUnban(userId: string): Promise<ApiOutcome<{ banned: false }>> {
    if (!this.meta()) return notFound;
    deleteBan(this.db, userId);
    return { ok: true, value: { banned: false } };
  }

  async apiBans(): Promise<ApiOutcome<{ bans: Ban[] }>> {
    if (!this.meta()) return notFound;
    return { ok: true, value: { bans: listBans(this.db) } };
  }

  /** Mutes or unmutes the conversation for the member `userId`. */
  async apiMute(userId: string, muted: boolean): Promise<ApiOutcome<{ muted: boolean }>> {
    if (!this.meta()) return notFound;
    const member = findMember(this.db, userId);
    if (!member) return failure("not_member", `${userId} is not a member`);
    this.setMuted(member, muted);
    return { ok: true, value: { muted } };
  }

  /** Messages matching `query`, newest first; as `userId` sees them when given. */
  async apiSearch(query: string, limit: number, userId?: string): Promise<ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }>> {
    if (!this.meta()) return notFound;
    if (userId !== undefined && !findMember(this.db, userId)) return failure("not_member", `${userId} is not a member`);
    const found = this.search(query, limit, userId ?? "");
    return found.ok ? { ok: true, value: { messages: messagesOf(found.events), hasMore: found.hasMore } } : found;
  }

  /** Posts as the member `post.userId`, or as the conversation itself (`post.system`). */
  async apiPost(post: Omit<MessagePost, "id"> & { id?: string; userId?: string; system?: boolean }): Promise<ApiOutcome<{ message: StoredMessage; created: boolean }>> {
    if (!this.meta()) return notFound;
    const sender = post.system ? SYSTEM_SENDER : findMember(this.db, post.userId!);
    if (!sender) return failure("not_member", `${post.userId} is not a member of this conversation`);
    const posted = this.postMessage(sender, { ...post, id: post.id ?? crypto.randomUUID() }, [], post.system === true);
    return posted.ok ? { ok: true, value: { message: posted.message, created: posted.created } } : posted;
  }

  async apiMessages(page: PageRequest): Promise<ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }>> {
    if (!this.meta()) return notFound;
    const { events, hasMore } = this.historyPage(page);
    return { ok: true, value: { messages: messagesOf(events), hasMore } };
  }

  async apiDeleteMessage(messageId: string): Promise<ApiOutcome<{ deleted: true }>> {
    if (!this.meta()) return notFound;
    const outcome = this.changeMessage(API_MODERATOR, messageId, "deleted", (message) => remove(message, API_MODERATOR, Date.now()));
    return outcome.ok ? { ok: true, value: { deleted: true } } : outcome;
  }

  /** Meta, members and the last seq, as the API shows a conversation. */
  private view(): ConversationView | undefined {
    const meta = this.meta();
    return meta && { conversation: meta, members: listMembers(this.db), lastSeq: lastSeq(this.db) };
  }

  // ── sockets ───────────────────────────────────────────────────────────────

  /**
   * Every socket here was admitted as a member (GuardedServer.fetch), and removing a member
   * closes their sockets, so the room's sockets are its members'.
   */
  protected onAdmitted(connection: Socket, identity: Identity): void {
    const member = findMember(this.db, identity.userId);
    // Removed between admission and here: nothing was sent to this socket yet.
    if (!member) return connection.close(CLOSE_CODES.removed, "removed from conversation");
    // Its welcome says who is here, this socket included.
    if (this.socketsOf(identity.userId).length === 1) this.announcePresence(identity.userId, { id: connection.id, closing: false });
    this.rename(member, identity);
  }

  /** Gives `member` the name and avatar `identity` carries, when they differ. */
  private rename(member: Member, identity: Identity): void {
    if (member.name === identity.name && member.avatar === identity.avatar) return;
    const renamed: Member = { ...member, name: identity.name, avatar: identity.avatar };
    updateMember(this.db, renamed);
    this.record({ kind: "member", op: "updated", member: renamed, actorId: identity.userId, at: Date.now() });
    this.notifyInboxes();
  }

  async onMessage(connection: Socket, raw: WSMessage): Promise<void> {
    if (!this.screen(connection, raw)) return;
    const refusal = this.refusalFor(connection.state!);
    if (refusal) {
      send(connection, { type: "error", code: refusal.code, message: refusal.reason });
      connection.close(refusal.closeCode, refusal.reason);
      return;
    }
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) {
      send(connection, parsed.error);
      return;
    }
    const { frame } = parsed;
    const member = findMember(this.db, connection.state!.userId)!;
    try {
      switch (frame.type) {
        case "hello":
          return await this.handleHello(connection, frame);
        case "send":
          if (frame.attachments?.length) return await this.handleSendWithAttachments(connection, member, frame);
          return this.handleSend(connection, member, frame);
        case "read":
          return this.handleRead(connection, member, frame);
        case "history":
          return send(connection, { type: "page", ref: frame.ref, ...this.historyPage(frame, member.userId) });
        case "search":
          return this.handleSearch(connection, member, frame);
        case "mute":
        case "unmute":
          this.setMuted(member, frame.type === "mute");
          return this.answer(connection, frame.ref, { ok: true });
        case "ban":
          return this.answer(connection, frame.ref, this.handleBan(member, frame));
        case "unban":
          return this.answer(connection, frame.ref, this.handleUnban(member, frame));
        case "add":
          return this.answer(connection, frame.ref, await this.handleAdd(member, frame));
        case "kick":
          return this.answer(connection, frame.ref, this.handleKick(member, frame));
        case "update":
          return this.answer(connection, frame.ref, this.handleUpdate(member, frame));
        case "edit":
          return this.answer(connection, frame.ref, this.handleEdit(member, frame));
        case "delete":
          return this.answer(connection, frame.ref, this.handleDelete(member, frame));
        case "react":
          return this.answer(connection, frame.ref, this.handleReact(member, frame));
        case "typing":
          return this.handleTyping(member, frame);
        case "leave":
          // Answer first: leaving closes this very socket.
          this.answer(connection, frame.ref, { ok: true });
          return this.removeMember(member, member.userId, "left");
      }
    } catch (error) {
      // The room keeps serving: the sender learns its frame failed and may retry it.
      console.error(`conversation ${this.name}: ${frame.type} failed`, error);
      send(connection, {
        type: "error",
        code: "internal",
        message: `the server could not handle this ${frame.type} frame; try again`,
        ref: "id" in frame ? frame.id : "ref" in frame ? frame.ref : undefined,
      });
    }
  }

  async onClose(connection: Socket): Promise<void> {
    const userId = connection.state?.userId;
    if (!userId) return;
    // Woken by this close, the object has not heard yet whether their list is open elsewhere.
    await this.knowInboxPresence([userId]);
    if (this.socketsOf(userId, connection.id).length === 0) this.announcePresence(userId, { id: connection.id, closing: true });
  }

  onError(connection: Socket, error: unknown): void {
    console.error(`conversation ${this.name}: connection ${connection.id} failed`, error);
  }

  /** Why `identity` may not use this conversation, or undefined when they may. */
  protected refusalFor({ userId }: Identity): SocketRefusal | undefined {
    if (!this.meta()) {
      return { status: 404, code: "not_found", closeCode: CLOSE_CODES.notFound, reason: "no such conversation" };
    }
    if (!findMember(this.db, userId)) {
      return { status: 403, code: "not_member", closeCode: CLOSE_CODES.forbidden, reason: "not a member of this conversation" };
    }
    return undefined;
  }

  // ── actions ───────────────────────────────────────────────────────────────

  private async handleHello(connection: Socket, hello: HelloFrame): Promise<void> {
    await this.knowInboxPresence();
    const members = listMembers(this.db);
    send(connection, {
      type: "welcome",
      conversationId: this.name,
      userId: connection.state!.userId,
      meta: this.meta()!,
      members,
      ...this.catchUp(hello.since, connection.state!.userId),
      online: members.filter((member) => this.isOnline(member.userId)).map((member) => member.userId),
      here: members.filter((member) => this.socketsOf(member.userId).length > 0).map((member) => member.userId),
    });
  }

  /** What a client holding everything up to `since` is missing, bounded by the replay limit. */
  private catchUp(since: number | undefined, viewer: string): Pick<WelcomeFrame, "lastSeq" | "events" | "reset"> {
    const last = lastSeq(this.db);
    // Counted in events, not seqs: a message's earlier changes are folded into its newest.
    const missed = since !== undefined && since <= last ? eventsAfter(this.db, since, LIMITS.replayLimit + 1, viewer) : undefined;
    if (missed && missed.length <= LIMITS.replayLimit) return { lastSeq: last, events: missed, reset: false };
    return { lastSeq: last, events: latestEvents(this.db, LIMITS.latestPageSize, viewer), reset: since !== undefined };
  }

  private handleSend(connection: Socket, sender: Member, request: SendFrame): void {
    const posted = this.postMessage(sender, request, [connection.id]);
    if (!posted.ok) return send(connection, { type: "error", code: posted.code, message: posted.message, ref: request.id });
    send(connection, { type: "ack", id: posted.message.id, seq: posted.message.seq, createdAt: posted.message.createdAt });
  }

  /**
   * Stores a message once (a known id from its sender is the stored one again) and tells
   * every member's socket but those `without`, inboxes and webhooks. `system`: from the
   * conversation itself, by no member.
   */
  private postMessage(
    sender: { userId: string; name: string },
    request: MessagePost,
    without: string[],
    system = false,
  ): { ok: true; message: StoredMessage; created: boolean } | Failure {
    if (request.text.length > this.limits.messageTextLength) {
      return failure("bad_frame", `message text must be at most ${this.limits.messageTextLength} characters on this server`);
    }
    if (request.replyTo && !findMessage(this.db, request.replyTo)) {
      return failure("not_found", "the message replied to is not in this conversation");
    }
    const peer = this.directPeerOf(sender.userId);
    if (peer && blocks(this.db, sender.userId, peer.userId)) {
      return failure("forbidden", `you have blocked ${peer.userId}; unblock them to write to them`);
    }
    const existing = findMessage(this.db, request.id);
    if (existing) {
      if (existing.senderId !== sender.userId) {
        return failure("id_conflict", "another sender already used this message id; pick a fresh UUID");
      }
      // A resend after a lost ack: the message it already is, with its seq.
      return { ok: true, message: existing, created: false };
    }
    const screened = system ? { ok: true as const, text: request.text } : this.words.screen(request.text);
    if (!screened.ok) return blockedWord(screened.word);
    // A peer who blocks the sender never gets this message: not live, in replays, pages, counts or search.
    const hiddenFrom = peer && blocks(this.db, peer.userId, sender.userId) ? peer.userId : undefined;
    const mentions = this.keptMentions(screened.text, request.mentions ?? []);
    const event = this.append({
      kind: "message",
      message: {
        id: request.id,
        senderId: sender.userId,
        senderName: sender.name,
        text: screened.text,
        metadata: request.metadata,
        attachments: request.attachments,
        ...(mentions.length ? { mentions } : {}),
        createdAt: Date.now(),
        ...(request.replyTo ? { replyTo: request.replyTo } : {}),
        ...(system ? { system } : {}),
      },
    }, hiddenFrom);
    if (event.kind !== "message") throw new Error("a message was logged as another kind of event");
    const member = findMember(this.db, sender.userId);
    // Sending means the sender has seen everything up to their own message.
    if (member) updateMember(this.db, { ...member, lastReadSeq: event.seq });
    countNewMessage(this.db, sender.userId, hiddenFrom);
    setMentions(this.db, event.seq, countedMentions(event.message, hiddenFrom));
    this.broadcastFrame({ type: "event", event }, [...without, ...this.socketIdsOf(hiddenFrom)]);
    this.notifyInboxes(hiddenFrom ? this.membersBut(hiddenFrom) : undefined);
    this.previewLater(event.message);
    // Sent files no longer count against the sender's quota of unsent ones, nor expire.
    if (request.attachments?.length && !system) {
      const ids = request.attachments.map((attachment) => attachment.id);
      this.ctx.waitUntil(inboxOf(this.env, sender.userId).releaseUploads(this.name, ids).catch((error: unknown) => console.error(`conversation ${this.name}: releasing uploads failed`, error)));
    }
    return { ok: true, message: event.message, created: true };
  }

  /** A send naming attachments: each must be the sender's upload to this conversation. */
  private async handleSendWithAttachments(connection: Socket, sender: Member, request: SendFrame): Promise<void> {
    const checked = await checkAttachments(this.env, this.name, sender.userId, request.attachments!);
    if (!checked.ok) return send(connection, { type: "error", code: checked.code, message: checked.message, ref: request.id });
    // The sender may have been removed while R2 was asked.
    const stillSender = findMember(this.db, sender.userId);
    if (!stillSender) return send(connection, { type: "error", code: "not_member", message: "not a member of this conversation", ref: request.id });
    this.handleSend(connection, stillSender, { ...request, attachments: checked.attachments });
  }

  /** A page of messages (only: other events are in the welcome), older or newer than a seq. */
  private historyPage(request: PageRequest, viewer = ""): { events: ConversationEvent[]; hasMore: boolean } {
    if (request.after !== undefined) {
      const events = messagesAfter(this.db, request.after, request.limit, viewer);
      const after = events.at(-1)?.seq ?? request.after;
      return { events, hasMore: hasMessages(this.db, { after }, viewer) };
    }
    const events = messagesBefore(this.db, request.before ?? lastSeq(this.db) + 1, request.limit, viewer);
    const before = events[0]?.seq ?? request.before ?? 0;
    return { events, hasMore: hasMessages(this.db, { before }, viewer) };
  }

  private handleSearch(connection: Socket, member: Member, request: SearchFrame): void {
    const found = this.search(request.query, request.limit ?? LIMITS.searchResults, member.userId);
    if (!found.ok) return send(connection, { type: "error", ref: request.ref, code: found.code, message: found.message });
    send(connection, { type: "page", ref: request.ref, events: found.events, hasMore: found.hasMore });
  }

  /** Messages `viewer` may see whose text has every word of `query` (the last as a prefix), newest first. */
  private search(query: string, limit: number, viewer: string): { ok: true; events: ConversationEvent[]; hasMore: boolean } | Failure {
    const expression = searchExpression(query);
    if (!expression) return failure("bad_frame", "query: a search needs at least one word (letters or digits)");
    return { ok: true, ...searchMessages(this.db, expression, limit, viewer) };
  }

  private handleEdit(actor: Member, request: EditFrame): Outcome {
    if (request.text.length > this.limits.messageTextLength) {
      return failure("bad_frame", `message text must be at most ${this.limits.messageTextLength} characters on this server`);
    }
    const screened = this.words.screen(request.text);
    if (!screened.ok) return blockedWord(screened.word);
    return this.changeMessage(actor, request.messageId, "edited", (message) => {
      // Without a list the edit keeps the mentions its new text still names.
      const mentions = this.keptMentions(screened.text, request.mentions ?? message.mentions ?? []);
      return edit(message, actor, { ...request, text: screened.text, mentions }, Date.now());
    });
  }

  private handleDelete(actor: Member, request: DeleteFrame): Outcome {
    return this.changeMessage(actor, request.messageId, "deleted", (message) => remove(message, actor, Date.now()));
  }

  private handleReact(actor: Member, request: ReactFrame): Outcome {
    return this.changeMessage(actor, request.messageId, "reacted", (message) => react(message, actor.userId, request.emoji, request.on));
  }

  /** Applies `change` to a message, stores its new state and tells every member. */
  private changeMessage(
    actor: Member,
    messageId: string,
    op: "edited" | "deleted" | "reacted" | "previewed",
    change: (message: StoredMessage) => Change,
  ): Outcome {
    const message = findMessage(this.db, messageId);
    if (!message) return failure("not_found", "no such message in this conversation");
    const changed = change(message);
    if (!changed.ok) return changed;
    // The rules hand the message back as it was when there is nothing to change.
    if (changed.message === message) return { ok: true };
    const hiddenFrom = hiddenFromOf(this.db, messageId);
    rewriteMessage(this.db, changed.message, changed.message.text !== message.text || changed.message.deletedAt !== undefined);
    setMentions(this.db, message.seq, countedMentions(changed.message, hiddenFrom));
    this.record({ kind: "change", op, message: changed.message, actorId: actor.userId, at: Date.now() }, hiddenFrom);
    // A link the message no longer holds (edited away, or deleted) leaves no cached card behind.
    const link = firstLink(message.text);
    if (link && link !== firstLink(changed.message.text)) forgetPreview(this.db, link);
    if (op === "deleted") {
      uncountMessage(this.db, message, hiddenFrom);
      this.webhooks.redact(changed.message);
      if (message.attachments?.length) this.ctx.waitUntil(deleteAttachments(this.env, this.name, message.attachments));
    }
    if (op === "edited") this.previewLater(changed.message);
    // Lists preview the latest message and count unread ones, which edits and deletions change.
    if (op === "deleted" || (op === "edited" && latestMessage(this.db)?.id === messageId)) {
      // A stored row may preview the deleted message even while its list is closed (a member's
      // latest can differ from the room's): every member's row is sent anew.
      this.notifyInboxes(hiddenFrom ? this.membersBut(hiddenFrom) : undefined, op === "deleted" ? "scrub" : "put");
    }
    // An edit that mentions someone else changes the unread mentions of those it adds or drops.
    else if (op === "edited") this.notifyInboxes([...countedMentions(message, hiddenFrom), ...countedMentions(changed.message, hiddenFrom)]);
    return { ok: true };
  }

  /** The `requested` mentions `text` bears out among the members; most messages request none, and read no members. */
  private keptMentions(text: string, requested: readonly string[]): string[] {
    return requested.length === 0 ? [] : mentionedIn(text, requested, listMembers(this.db));
  }

  /**
   * Queues the preview of `message`'s first link, unless it shows that card already: after the
   * message is stored, acked and broadcast, so fetching delays nothing. The card comes as a
   * `previewed` change, like an edit, so live sockets, replays and pages all get it.
   */
  private previewLater(message: StoredMessage): void {
    if (!this.previews.enabled) return;
    const url = firstLink(message.text);
    if (!url || url.length > LIMITS.previewUrlLength || message.preview?.url === url) return;
    if (this.#previewsQueued >= MAX_QUEUED_PREVIEWS) return;
    this.#previewsQueued++;
    this.#previewQueue = this.#previewQueue
      .then(async () => {
        const preview = await this.previewOf(url, message.id);
        if (preview) this.changeMessage(PREVIEWER, message.id, "previewed", (current) => attachPreview(current, preview));
      })
      // One failed preview must not stop the ones queued after it.
      .catch((error) => console.error(`conversation ${this.name}: link preview failed`, error))
      .finally(() => this.#previewsQueued--);
    this.ctx.waitUntil(this.#previewQueue);
  }

  /**
   * The card of `url`, from this conversation's cache or fetched (and cached, even when there is
   * none), unless the message `messageId` that links it was deleted while fetching.
   */
  private async previewOf(url: string, messageId: string): Promise<LinkPreview | undefined> {
    const cached = cachedPreview(this.db, url, Date.now());
    if (cached) return cached.preview;
    const preview = await this.withPicture(await fetchLinkPreview(url, this.previews));
    if (findMessage(this.db, messageId)?.deletedAt) return undefined;
    cachePreview(this.db, url, preview, Date.now());
    return preview;
  }

  /** `preview` with its page's picture kept in R2 as `picture`, when the picture could be had. */
  private async withPicture(preview: LinkPreview | undefined): Promise<LinkPreview | undefined> {
    if (!preview?.image) return preview;
    const picture = await fetchPreviewPicture(preview.image, this.previews);
    if (!picture) return preview;
    const stored = await storePreviewPicture(this.env, this.name, preview.image, picture.bytes, picture.type);
    return stored ? { ...preview, picture: stored } : preview;
  }

  /** Typing is shown to the others and never stored. */
  private handleTyping(typist: Member, request: TypingFrame): void {
    const own = this.socketIdsOf(typist.userId);
    const peer = this.directPeerOf(typist.userId);
    const blocker = peer && blocks(this.db, peer.userId, typist.userId) ? peer.userId : undefined;
    this.broadcastFrame({ type: "typing_by", userId: typist.userId, name: typist.name, on: request.on }, [...own, ...this.socketIdsOf(blocker)]);
  }

  private handleRead(connection: Socket, reader: Member, request: ReadFrame): void {
    const seq = Math.min(request.seq, lastSeq(this.db));
    if (seq <= reader.lastReadSeq) return;
    updateMember(this.db, { ...reader, lastReadSeq: seq });
    setUnread(this.db, reader.userId, countUnread(this.db, reader.userId, seq));
    this.broadcastFrame({ type: "read_by", userId: reader.userId, seq }, [connection.id]);
    this.notifyInboxes([reader.userId]);
  }

  private async handleAdd(actor: Member, request: AddFrame): Promise<Outcome> {
    const refusal = this.addRefusal(actor);
    if (refusal) return refusal;
    if (findMember(this.db, request.userId)) return { ok: true };
    const [person] = await this.inviteesOf([request.userId], actor.userId);
    if (person!.blocksInviter) return failure("forbidden", `${request.userId} cannot be added to a conversation by you`);
    const allowed = await inboxOf(this.env, actor.userId).spend("add", 1);
    if (!allowed.ok) return allowed;
    // The actor may have lost their rights while the name was looked up.
    const stillActor = findMember(this.db, actor.userId);
    if (!stillActor) return failure("not_member", "you are no longer a member of this conversation");
    const lateRefusal = this.addRefusal(stillActor);
    if (lateRefusal) return lateRefusal;
    if (findMember(this.db, request.userId)) return { ok: true };
    if (isBanned(this.db, request.userId)) return bannedFailure(request.userId);
    this.addMember({ userId: person!.userId, name: person!.name, avatar: person!.avatar }, "member", actor.userId, "added");
    this.notifyInboxes();
    return { ok: true };
  }

  private addRefusal(actor: Member): Outcome | undefined {
    if (this.meta()!.type !== "group") return failure("forbidden", "members cannot be added to a one-to-one conversation");
    if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may add members");
    if (countMembers(this.db) >= this.limits.groupMembers) {
      return failure("forbidden", `groups have at most ${this.limits.groupMembers} members`);
    }
    return undefined;
  }

  private handleKick(actor: Member, request: KickFrame): Outcome {
    const meta = this.meta()!;
    if (meta.type !== "group") return failure("forbidden", "nobody can be removed from a one-to-one conversation");
    if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may remove members");
    if (request.userId === actor.userId) return failure("forbidden", "use leave to remove yourself");
    const target = findMember(this.db, request.userId);
    if (!target) return failure("not_member", `${request.userId} is not a member`);
    if (target.role === "owner" && actor.role !== "owner") return failure("forbidden", "only an owner may remove an owner");
    this.removeMember(target, actor.userId, "kicked");
    return { ok: true };
  }

  private handleBan(actor: Member, request: BanFrame): Outcome {
    if (request.userId === actor.userId) return failure("forbidden", "use leave to remove yourself");
    return this.ban(actor, request.userId);
  }

  /** Removes `userId` if a member and keeps them out (join, add) until unbanned. */
  private ban(actor: Member, userId: string): Outcome {
    if (this.meta()!.type !== "group") return failure("forbidden", "nobody can be banned from a one-to-one conversation; block them instead");
    if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may ban");
    const target = findMember(this.db, userId);
    if (target?.role === "owner" && actor.role !== "owner") return failure("forbidden", "only an owner may ban an owner");
    insertBan(this.db, userId, actor.userId);
    if (target) this.removeMember(target, actor.userId, "kicked");
    return { ok: true };
  }

  private handleUnban(actor: Member, request: { userId: string }): Outcome {
    if (this.meta()!.type !== "group") return failure("forbidden", "nobody is banned from a one-to-one conversation");
    if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may unban");
    deleteBan(this.db, request.userId);
    return { ok: true };
  }

  /** A private setting: no event, only the member's own list row changes. */
  private setMuted(member: Member, muted: boolean): void {
    setMuted(this.db, member.userId, muted);
    this.notifyInboxes([member.userId]);
  }

  private handleUpdate(actor: Member, request: UpdateFrame): Outcome {
    const meta = this.meta()!;
    if (meta.type !== "group") return failure("forbidden", "a one-to-one conversation has no title or avatar to change");
    if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may change the conversation");
    this.updateMeta(meta, request, actor.userId);
    return { ok: true };
  }

  /** Changes what `changes` gives (`avatar: null` removes it) and tells everyone. */
  private updateMeta(meta: ConversationMeta, changes: MetaChanges, actorId: string): void {
    const updated: ConversationMeta = {
      ...meta,
      title: changes.title ?? meta.title,
      avatar: changes.avatar === null ? undefined : (changes.avatar ?? meta.avatar),
      metadata: changes.metadata ?? meta.metadata,
      joinable: changes.joinable ?? meta.joinable,
    };
    writeMeta(this.db, updated);
    this.record({ kind: "meta", meta: updated, actorId, at: Date.now() });
    this.notifyInboxes();
  }

  /** Gives `member` a new role: the one way to make an admin is the server API. */
  private setRole(member: Member, role: Member["role"], actorId: string): void {
    const changed: Member = { ...member, role };
    updateMember(this.db, changed);
    this.record({ kind: "member", op: "updated", member: changed, actorId, at: Date.now() });
  }

  // ── shared steps ──────────────────────────────────────────────────────────

  /** In a one-to-one conversation, the member who is not `userId`. */
  private directPeerOf(userId: string): Member | undefined {
    if (this.meta()?.type !== "direct") return undefined;
    return listMembers(this.db).find((member) => member.userId !== userId);
  }

  /** Ids of the member sockets of `userId` (none for undefined). */
  private socketIdsOf(userId: string | undefined): string[] {
    return userId === undefined ? [] : this.socketsOf(userId).map((socket) => socket.id);
  }

  /** Every member's id but `userId`'s. */
  private membersBut(userId: string): string[] {
    return listMembers(this.db).flatMap((member) => (member.userId === userId ? [] : [member.userId]));
  }

  /** The sockets of `userId` here, but `closing`. */
  private socketsOf(userId: string, closing?: string): Socket[] {
    return this.socketsOfUser(userId).filter((socket) => socket.id !== closing);
  }

  /** Online: connected anywhere, here or through their conversation list. */
  private isOnline(userId: string, closing?: string): boolean {
    return this.socketsOf(userId, closing).length > 0 || this.#inboxOnline.get(userId) === true;
  }

  /** Asks the Inbox of each member (or of `userIds`) this object has not heard from whether their list is open. */
  private async knowInboxPresence(userIds = listMembers(this.db).map((member) => member.userId)): Promise<void> {
    const unknown = userIds.filter((userId) => !this.#inboxOnline.has(userId));
    if (unknown.length === 0) return;
    const answers = await Promise.all(unknown.map((userId) => inboxOf(this.env, userId).online().catch(() => false)));
    // A push that came in while asking is newer than the answer.
    unknown.forEach((userId, index) => {
      if (!this.#inboxOnline.has(userId)) this.#inboxOnline.set(userId, answers[index]!);
    });
  }

  /**
   * Tells members where `userId` is now, but the `socket` of theirs that is opening (its welcome
   * says so) or closing; a one-to-one peer's list shows it too.
   */
  private announcePresence(userId: string, socket?: { id: string; closing: boolean }): void {
    const closing = socket?.closing ? socket.id : undefined;
    const frame: PresenceFrame = {
      type: "presence",
      userId,
      online: this.isOnline(userId, closing),
      here: this.socketsOf(userId, closing).length > 0,
    };
    this.broadcastFrame(frame, socket ? [socket.id] : []);
    if (this.meta()?.type === "direct") {
      this.notifyInboxes(listMembers(this.db).flatMap((member) => (member.userId === userId ? [] : [member.userId])));
    }
  }

  private answer(connection: Socket, ref: string, outcome: Outcome): void {
    send(connection, outcome.ok ? { type: "done", ref, conversationId: this.name } : { type: "error", ref, code: outcome.code, message: outcome.message });
  }

  /** Each user as their inbox last saw them, named by their id if never seen: for the server API, whom nobody blocks. */
  private async profilesOf(userIds: string[]): Promise<Identity[]> {
    const people = await this.inviteesOf(userIds, API_ACTOR);
    return people.map(({ userId, name, avatar }) => ({ userId, name, avatar }));
  }

  /** Each user `inviterId` is adding, as their inbox last saw them, and whether they block the inviter. */
  private async inviteesOf(userIds: string[], inviterId: string): Promise<(Identity & { blocksInviter: boolean })[]> {
    const invitees = await Promise.all(userIds.map((userId) => inboxOf(this.env, userId).invitee(inviterId)));
    return userIds.map((userId, index) => ({ userId, name: userId, ...invitees[index]!.profile, blocksInviter: invitees[index]!.blocksInviter }));
  }

  /** Logs `change` under the next seq and sends it to every member's socket (but `hiddenFrom`'s). */
  private record(change: NewEvent, hiddenFrom?: string): ConversationEvent {
    const event = this.append(change, hiddenFrom);
    this.broadcastFrame({ type: "event", event }, this.socketIdsOf(hiddenFrom));
    return event;
  }

  /** Logs `change` under the next seq and queues the webhooks it means. */
  private append(change: NewEvent, hiddenFrom?: string): ConversationEvent {
    const event = appendEvent(this.db, change, hiddenFrom);
    for (const [type, data] of webhookEventsOf(this.name, event)) this.webhooks.enqueue(type, data);
    return event;
  }

  /** Adds a member who has read everything before their arrival: history is there, not unread. */
  private addMember(person: Identity, role: Member["role"], actorId: string, op: "added" | "joined"): void {
    const joinedAt = Date.now();
    const member: Member = { ...person, role, lastReadSeq: lastSeq(this.db) + 1, joinedAt };
    const event = this.record({ kind: "member", op, member, actorId, at: joinedAt });
    insertMember(this.db, member, event.seq);
  }

  /** Removes `member`, closes their sockets here, drops the conversation from their inbox. */
  private removeMember(member: Member, actorId: string, op: "left" | "kicked"): void {
    deleteMember(this.db, member.userId);
    this.record({ kind: "member", op, member, actorId, at: Date.now() });
    if (member.role === "owner") this.handOwnershipOn();
    for (const socket of this.socketsOfUser(member.userId)) {
      socket.close(CLOSE_CODES.removed, op === "kicked" ? "removed from conversation" : "left conversation");
    }
    this.owe(member.userId, "remove");
    this.notifyInboxes();
  }

  /** The last owner leaving makes the longest-standing admin, or else member, the owner. */
  private handOwnershipOn(): void {
    const members = listMembers(this.db);
    if (members.length === 0 || members.some((member) => member.role === "owner")) return;
    const heir = members.find((member) => member.role === "admin") ?? members[0]!;
    const promoted: Member = { ...heir, role: "owner" };
    updateMember(this.db, promoted);
    this.record({ kind: "member", op: "updated", member: promoted, actorId: heir.userId, at: Date.now() });
  }

  /** Sends `frame` to members' sockets: the only sockets a conversation admits. */
  private broadcastFrame(frame: ServerFrame, without: string[] = []): void {
    const text = JSON.stringify(frame);
    for (const socket of this.getConnections()) {
      if (!without.includes(socket.id)) socket.send(text);
    }
  }

  /** Owes each member (or just `userIds`) their row of this conversation for their inbox. */
  private notifyInboxes(userIds?: string[], update: "put" | "scrub" = "put"): void {
    for (const member of listMembers(this.db)) {
      if (!userIds || userIds.includes(member.userId)) this.owe(member.userId, update);
    }
  }

  private owe(userId: string, update: InboxUpdate): void {
    // A row owed even to a closed list stays owed so.
    if (!(update === "put" && this.#inboxesOwed.get(userId) === "scrub")) this.#inboxesOwed.set(userId, update);
    if (this.#inboxRound) return;
    this.#inboxRound = this.deliverInboxUpdates().finally(() => {
      this.#inboxRound = null;
    });
    this.ctx.waitUntil(this.#inboxRound);
  }

  /**
   * Sends what is owed, round after round, until nothing is. A member whose list is closed gets
   * no row: their Inbox is told once that this conversation's row is stale (`markStale`), and
   * asks for it (`inboxRow`) when the list is next opened or read, so a busy room makes no call
   * per change to the inboxes of members who are away.
   */
  private async deliverInboxUpdates(): Promise<void> {
    while (this.#inboxesOwed.size > 0) {
      // Whose list is open decides who gets a row; a one-to-one row also shows whether the peer is online.
      await this.knowInboxPresence(this.meta()?.type === "direct" ? undefined : [...this.#inboxesOwed.keys()]);
      const stale = staleInboxes(this.db);
      const isAway = (userId: string, update: InboxUpdate) => update === "put" && this.#inboxOnline.get(userId) === false;
      // Inboxes already told their row is stale need nothing more, and no row is computed for them.
      const owed = [...this.#inboxesOwed].filter(([userId, update]) => !(isAway(userId, update) && stale.has(userId)));
      this.#inboxesOwed.clear();
      if (owed.length === 0) continue;
      // A deleted conversation owes only removals.
      const summaries = this.meta() ? this.summaries() : new Map<string, ConversationSummary>();
      await Promise.all(
        owed.map(async ([userId, update]) => {
          const summary = summaries.get(userId);
          const inbox = inboxOf(this.env, userId);
          const away = isAway(userId, update) && summary !== undefined;
          // Marked before the call: the Inbox may ask for the row (which unmarks it) before the call returns.
          setInboxStale(this.db, userId, away);
          try {
            if (away) await inbox.markStale(this.name);
            else if (update === "remove" || !summary) await inbox.removeConversation(this.name);
            else await inbox.putConversation(summary);
          } catch (error) {
            if (away) setInboxStale(this.db, userId, false);
            console.error(`conversation ${this.name}: inbox update for ${userId} failed`, error);
          }
        }),
      );
      // A busy, large conversation pauses between rounds, so many changes share one update.
      if (owed.length >= BUSY_ROUND_SIZE && this.#inboxesOwed.size > 0) {
        const pause = Math.min(MAX_ROUND_PAUSE_MS, owed.length * PAUSE_PER_INBOX_MS);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** Each member's row of this conversation for their inbox, as things stand. */
  private summaries(): Map<string, ConversationSummary> {
    const meta = this.meta()!;
    const members = listMembers(this.db);
    const unread = unreadCounts(this.db);
    const unreadMentions = unreadMentionCounts(this.db);
    const muted = mutedMembers(this.db);
    const preview = (last: StoredMessage | undefined) =>
      last && {
        senderId: last.senderId,
        senderName: last.senderName,
        text: last.text || attachmentsPreview(last.attachments),
        createdAt: last.createdAt,
        ...(last.deletedAt ? { deleted: true } : {}),
      };
    // Only one-to-one messages can be hidden from someone, so only they are read per member.
    const shared = meta.type === "group" ? { lastMessage: preview(latestMessage(this.db)), updatedAt: lastEventAt(this.db) ?? meta.createdAt } : undefined;
    return new Map(
      members.map((member) => {
        const { lastMessage, updatedAt } = shared ?? {
          lastMessage: preview(latestMessage(this.db, member.userId)),
          updatedAt: lastEventAt(this.db, member.userId) ?? meta.createdAt,
        };
        const peer = meta.type === "direct" ? members.find((other) => other.userId !== member.userId) : undefined;
        const summary: ConversationSummary = {
          id: meta.id,
          type: meta.type,
          title: meta.title || defaultTitle(meta.type, member, members),
          avatar: meta.avatar ?? peer?.avatar,
          peer: peer && { userId: peer.userId, name: peer.name, avatar: peer.avatar, online: this.isOnline(peer.userId) },
          memberCount: members.length,
          lastMessage,
          unread: unread.get(member.userId) ?? 0,
          unreadMentions: unreadMentions.get(member.userId) ?? 0,
          updatedAt,
          ...(muted.has(member.userId) ? { muted: true } : {}),
        };
        return [member.userId, summary];
      }),
    );
  }
}

const blockedWord = (word: string): Failure =>
  failure("blocked_word", `the word "${word}" is not allowed on this server; change the text and send it again`);

/** A one-to-one conversation is titled by the other person; an untitled group by its members. */
function defaultTitle(type: ConversationMeta["type"], viewer: Member, members: Member[]): string {
  const others = members.filter((member) => member.userId !== viewer.userId).map((member) => member.name);
  if (type === "direct") return others[0] ?? viewer.name;
  return others.length === 0 ? "Just you" : others.slice(0, 3).join(", ") + (others.length > 3 ? ` +${others.length - 3}` : "");
}

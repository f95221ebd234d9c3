/**
 * A conversation as its handlers see it: its tables, and the steps every change takes. Each
 * durable change gets the next seq and reaches members' sockets, their Inboxes (through
 * `InboxFanout`) and the host's webhooks alike. The Durable Object makes one and hands it to
 * every handler.
 */
import {
  CLOSE_CODES,
  failure,
  firstLink,
  mentionedIn,
  type Change,
  type ConversationEvent,
  type ConversationMeta,
  type ConversationSummary,
  type Member,
  type Outcome,
  type PresenceFrame,
  type ServerFrame,
  type StoredMessage,
} from "../../protocol/index.js";
import { deleteAttachments } from "../attachments.js";
import { benchSkipsOf, type BenchPiece } from "../bench-skips.js";
import type { Identity } from "../identity.js";
import { LazyTables } from "../lazy-tables.js";
import type { ServerLimits } from "../limits.js";
import type { RoomSocket } from "../room.js";
import { Webhooks, webhookEventsOf } from "../webhooks.js";
import { wordFilterOf } from "../word-filter.js";
import { DirectoryMemberships } from "./directory-memberships.js";
import { appendEvent, clearConversation, findMessage, forgetPreview, hiddenFromOf, lastSeq, latestMessage, numbered, readMeta, rewriteMessage, writeMeta, type NewEvent } from "./events-sql.js";
import { InboxFanout, type InboxUpdate } from "./inbox-fanout.js";
import { deleteMember, findMember, insertMember, listMembers, memberIds, setMentions, uncountMessage, updateMember } from "./members-sql.js";
import { PreviewQueue } from "./preview-queue.js";
import { CONVERSATION_MIGRATIONS } from "./schema.js";
import { summariesOf } from "./summaries.js";
import { SearchIndex } from "./search-index.js";
import { UnreadCounts } from "./unread-counts.js";

/** The Durable Object behind a ChatRoom: its name and its sockets. */
interface ConversationHost {
  /** The conversation id. */
  readonly name: string;
  /** Sends `frame` to every member socket but those `without`. */
  broadcastFrame(frame: ServerFrame, without?: string[]): void;
  /** The sockets of `userId` here, but `closing`. */
  socketsOf(userId: string, closing?: string): RoomSocket[];
}

/** What an update may change; `avatar: null` removes it. */
export interface MetaChanges {
  title?: string;
  avatar?: string | null;
  metadata?: ConversationMeta["metadata"];
  joinable?: boolean;
  liveTyping?: boolean;
}

/** Whom a message's mentions count for: neither its sender nor the peer it is hidden from. */
export const countedMentions = (message: StoredMessage, hiddenFrom?: string): string[] =>
  (message.mentions ?? []).filter((userId) => userId !== message.senderId && userId !== hiddenFrom);

export class ChatRoom {
  /** The BLOCKED_WORDS check every member's send and edit passes. */
  readonly words: ReturnType<typeof wordFilterOf>;
  /** Events for the host's backend, queued with the changes that cause them (src/server/webhooks.ts). */
  readonly webhooks: Webhooks;
  readonly inboxes: InboxFanout;
  readonly previews: PreviewQueue;
  /** Who is in the conversation, told to the people directory. */
  readonly memberships: DirectoryMemberships;
  /** Members' unread counts, counted on for everyone at once (unread-counts.ts). */
  readonly unread: UnreadCounts;
  /** The search index, written a moment behind the messages (search-index.ts). */
  readonly searchIndex: SearchIndex;

  /** The tables, made when the conversation is created (`establish`). */
  readonly tables: LazyTables;
  /** Pieces of a message's path a benchmark took out (BENCH_SKIP); none anywhere else. */
  readonly #benchSkips: ReadonlySet<BenchPiece>;

  constructor(
    readonly env: Cloudflare.Env,
    readonly ctx: DurableObjectState,
    readonly limits: ServerLimits,
    readonly sockets: ConversationHost,
  ) {
    this.words = wordFilterOf(env);
    this.#benchSkips = benchSkipsOf(env);
    this.tables = new LazyTables(ctx.storage.sql, "meta", CONVERSATION_MIGRATIONS);
    this.webhooks = new Webhooks(ctx, env);
    this.inboxes = new InboxFanout(this);
    this.previews = new PreviewQueue(this);
    this.unread = new UnreadCounts(ctx.storage.sql);
    this.searchIndex = new SearchIndex(ctx.storage.sql);
    this.memberships = new DirectoryMemberships(env, ctx, () => this.name);
    const meta = this.meta();
    if (meta) this.memberships.backfill(this.db, meta);
  }

  /** Whether the message-pieces benchmark took `piece` out of a message's path (src/server/bench-skips.ts). */
  skips(piece: BenchPiece): boolean {
    return this.#benchSkips.has(piece);
  }

  /** The conversation id. */
  get name(): string {
    return this.sockets.name;
  }

  get db(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /**
   * The meta as last read or written (every write passes `saveMeta` or `clear`): a message
   * asks for it several times (admission, the peer, the inbox round), and reading it parsed its
   * JSON each time.
   */
  #meta: { value: ConversationMeta | undefined } | undefined;

  /** The conversation's meta; undefined when it does not exist (or never did). */
  meta(): ConversationMeta | undefined {
    if (!this.tables.stored) return undefined;
    this.#meta ??= { value: readMeta(this.db) };
    return this.#meta.value;
  }

  saveMeta(meta: ConversationMeta): void {
    writeMeta(this.db, meta);
    this.#meta = { value: meta };
  }

  /** Empties the conversation: it no longer exists, and may be created afresh. */
  clear(): void {
    clearConversation(this.db);
    this.#meta = { value: undefined };
    this.unread.forget();
    this.searchIndex.forget();
  }

  /** Logs `change` under the next seq and sends it to every member's socket (but `hiddenFrom`'s). */
  record(change: NewEvent, hiddenFrom?: string): ConversationEvent {
    const event = this.append(change.kind === "member" || change.kind === "meta" ? this.withActorName(change) : change, hiddenFrom);
    this.sockets.broadcastFrame({ type: "event", event }, this.socketIdsOf(hiddenFrom));
    return event;
  }

  /**
   * `change` with its actor's name as it is now, so a system line can say who did it for good,
   * when the actor is a member other than the one the change is about (whose name it carries).
   */
  private withActorName<T extends Extract<NewEvent, { kind: "member" | "meta" }>>(change: T): T {
    if (change.kind === "member" && change.member.userId === change.actorId) return change;
    const actorName = findMember(this.db, change.actorId)?.name;
    return actorName === undefined ? change : { ...change, actorName };
  }

  /**
   * Logs `change` under the next seq and queues the webhooks it means. Every member joining or
   * leaving passes here, so this is where the people directory hears of it.
   */
  append(change: NewEvent, hiddenFrom?: string): ConversationEvent {
    const event = this.skips("insert") ? numbered(change, lastSeq(this.db) + 1) : appendEvent(this.db, change, hiddenFrom);
    if (event.kind === "message" && !this.skips("insert") && !this.skips("search")) this.searchIndex.logged();
    for (const [type, data] of webhookEventsOf(this.name, event)) this.webhooks.enqueue(type, data);
    if (event.kind === "member" && event.op !== "updated") {
      this.memberships.note(event.member.userId, this.meta()!.createdAt, event.seq, event.op === "added" || event.op === "joined");
    }
    return event;
  }

  /**
   * Adds a member who has read everything before their arrival: history is there, not unread.
   * `opened`: they brought it about (the creator, or everyone when the host's backend did).
   */
  addMember(person: Identity, role: Member["role"], actorId: string, op: "added" | "joined", opened = person.userId === actorId): void {
    const joinedAt = Date.now();
    const member: Member = { ...person, role, lastReadSeq: lastSeq(this.db) + 1, joinedAt };
    const event = this.record({ kind: "member", op, member, actorId, at: joinedAt });
    insertMember(this.db, member, event.seq, opened);
  }

  /** Removes `member`, closes their sockets here, drops the conversation from their inbox. */
  removeMember(member: Member, actorId: string, op: "left" | "kicked"): void {
    deleteMember(this.db, member.userId);
    this.record({ kind: "member", op, member, actorId, at: Date.now() });
    if (member.role === "owner") this.handOwnershipOn();
    for (const socket of this.sockets.socketsOf(member.userId)) {
      socket.close(CLOSE_CODES.removed, op === "kicked" ? "removed from conversation" : "left conversation");
    }
    this.inboxes.schedule([member.userId], "remove");
    this.notifyInboxes();
  }

  /** The last owner leaving makes the longest-standing admin, or else member, the owner. */
  private handOwnershipOn(): void {
    const members = listMembers(this.db);
    if (members.length === 0 || members.some((member) => member.role === "owner")) return;
    const heir = members.find((member) => member.role === "admin") ?? members[0]!;
    this.setRole(heir, "owner", heir.userId);
  }

  /** Gives `member` a new role: an owner's leaving, or the server API (the one way to make an admin). */
  setRole(member: Member, role: Member["role"], actorId: string): void {
    const changed: Member = { ...member, role };
    updateMember(this.db, changed);
    this.record({ kind: "member", op: "updated", member: changed, actorId, changed: ["role"], at: Date.now() });
  }

  /** Gives `member` the name and avatar `identity` carries, when they differ. */
  rename(member: Member, identity: Identity): void {
    if (member.name === identity.name && member.avatar === identity.avatar) return;
    const renamed: Member = { ...member, name: identity.name, avatar: identity.avatar };
    updateMember(this.db, renamed);
    const changed = member.name === identity.name ? ["avatar"] : member.avatar === identity.avatar ? ["name"] : ["name", "avatar"];
    this.record({ kind: "member", op: "updated", member: renamed, actorId: identity.userId, changed, at: Date.now() });
    this.notifyInboxes();
  }

  /** Changes what `changes` gives (`avatar: null` removes it) and tells everyone. */
  updateMeta(meta: ConversationMeta, changes: MetaChanges, actorId: string): void {
    const updated: ConversationMeta = {
      ...meta,
      title: changes.title ?? meta.title,
      avatar: changes.avatar === null ? undefined : (changes.avatar ?? meta.avatar),
      metadata: changes.metadata ?? meta.metadata,
      joinable: changes.joinable ?? meta.joinable,
      liveTyping: changes.liveTyping ?? meta.liveTyping,
    };
    this.saveMeta(updated);
    const changed = (["title", "avatar", "metadata", "joinable", "liveTyping"] as const).filter((key) => JSON.stringify(updated[key]) !== JSON.stringify(meta[key]));
    this.record({ kind: "meta", meta: updated, actorId, changed, at: Date.now() });
    this.notifyInboxes();
  }

  /** Applies `change` to a message, stores its new state and tells every member. */
  changeMessage(actor: Member, messageId: string, op: "edited" | "deleted" | "reacted" | "previewed", change: (message: StoredMessage) => Change): Outcome {
    const message = findMessage(this.db, messageId);
    if (!message) return failure("not_found", "no such message in this conversation");
    const changed = change(message);
    if (!changed.ok) return changed;
    // The rules hand the message back as it was when there is nothing to change.
    if (changed.message === message) return { ok: true };
    const hiddenFrom = hiddenFromOf(this.db, messageId);
    // The message's entry, if still to be written, is written before it is rewritten.
    this.searchIndex.flush();
    rewriteMessage(this.db, changed.message, changed.message.text !== message.text || changed.message.deletedAt !== undefined);
    setMentions(this.db, message.seq, countedMentions(changed.message, hiddenFrom));
    this.record({ kind: "change", op, message: changed.message, actorId: actor.userId, at: Date.now() }, hiddenFrom);
    // A link the message no longer holds (edited away, or deleted) leaves no cached card behind.
    const link = firstLink(message.text);
    if (link && link !== firstLink(changed.message.text)) forgetPreview(this.db, link);
    if (op === "deleted") {
      uncountMessage(this.db, message, this.unread.countedTo, hiddenFrom);
      this.webhooks.redact(changed.message);
      if (message.attachments?.length) this.ctx.waitUntil(deleteAttachments(this.env, this.name, message.attachments));
    }
    if (op === "edited") this.previews.queue(changed.message);
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
  keptMentions(text: string, requested: readonly string[]): string[] {
    return requested.length === 0 ? [] : mentionedIn(text, requested, listMembers(this.db));
  }

  /** In a one-to-one conversation, the member who is not `userId`. */
  directPeerOf(userId: string): Member | undefined {
    if (this.meta()?.type !== "direct") return undefined;
    return listMembers(this.db).find((member) => member.userId !== userId);
  }

  /** Every member's id but `userId`'s. */
  membersBut(userId: string): string[] {
    return listMembers(this.db).flatMap((member) => (member.userId === userId ? [] : [member.userId]));
  }

  /** Ids of the member sockets of `userId` (none for undefined). */
  socketIdsOf(userId: string | undefined): string[] {
    return userId === undefined ? [] : this.sockets.socketsOf(userId).map((socket) => socket.id);
  }

  /** Online: connected anywhere, here or through their conversation list. */
  isOnline(userId: string, closing?: string): boolean {
    return this.sockets.socketsOf(userId, closing).length > 0 || this.inboxes.listIsOpen(userId);
  }

  /** Here: this conversation open on a socket not away, but `closing`. */
  isHere(userId: string, closing?: string): boolean {
    return this.sockets.socketsOf(userId, closing).some((socket) => !socket.state?.away);
  }

  /**
   * Tells members where `userId` is now, but the `socket` of theirs that is opening (its welcome
   * says so) or closing; a one-to-one peer's list shows it too.
   */
  announcePresence(userId: string, socket?: { id: string; closing: boolean }): void {
    const closing = socket?.closing ? socket.id : undefined;
    const frame: PresenceFrame = {
      type: "presence",
      userId,
      online: this.isOnline(userId, closing),
      here: this.isHere(userId, closing),
    };
    this.sockets.broadcastFrame(frame, socket ? [socket.id] : []);
    if (this.meta()?.type === "direct") this.notifyInboxes(this.membersBut(userId));
  }

  /** Schedules for each member (or just `userIds`) their row of this conversation for their inbox. */
  notifyInboxes(userIds?: string[], update: Exclude<InboxUpdate, "remove"> = "put"): void {
    if (!userIds) return this.inboxes.scheduleMembers(update);
    const members = memberIds(this.db);
    this.inboxes.schedule(members.filter((userId) => userIds.includes(userId)), update);
  }

  /** Each member's row of this conversation for their inbox (or only `onlyUserId`'s), as things stand. */
  summaries(onlyUserId?: string): Map<string, ConversationSummary> {
    this.unread.settle();
    return summariesOf(this.db, this.meta()!, (userId) => this.isOnline(userId), onlyUserId);
  }
}

/**
 * One Durable Object per conversation (room name = conversation id): its lifecycle, and the
 * dispatch of socket frames, Inbox calls and server API calls to the handlers
 * (messages.ts, membership.ts, history.ts), which act on the `ChatRoom`.
 */
import type { WSMessage } from "partyserver";
import { CLOSE_CODES, parseClientFrame, type ClientFrame, type ConversationSummary, type Member, type Outcome, type Parsed, type StoredMessage } from "../../protocol/index.js";
import type { Identity } from "../identity.js";
import type { InboxWatch } from "../inbox/notifications.js";
import type { Refusal } from "../refusal.js";
import { setEarliestAlarm } from "../alarms.js";
import { Room, type Handled, type RoomSocket } from "../room.js";
import { ChatRoom } from "./chat-room.js";
import { historyPage, searchFor, welcome } from "./history.js";
import { add, ban, create, join, kick, leave, mute, unban, update, type ConversationSpec } from "./membership.js";
import { deleteMessage, editMessage, reactTo, read, send, showing, typing } from "./messages.js";
import { keystrokes } from "./keystrokes.js";
import { digestFor, type DigestAnswer } from "./unread-digest.js";
import { findMember, setInboxStale, writeBlock } from "./members-sql.js";
import * as api from "./conversation-api.js";
import type { ApiOutcome, Ban, ConversationView, UserDeletionStep } from "./conversation-api.js";
import type { MetaChanges } from "./chat-room.js";
import type { PageRequest } from "./history.js";
import type { MessagePost } from "./messages.js";

export class Conversation extends Room<ClientFrame> {
  static options = { hibernate: true };

  #chatRoom?: ChatRoom;

  /** Made on first use rather than in onStart: RPC calls from an Inbox or the API do not run onStart. */
  get #room(): ChatRoom {
    if (this.#chatRoom) return this.#chatRoom;
    const conversation = this;
    this.#chatRoom = new ChatRoom(this.env, this.ctx, this.limits, {
      get name() {
        return conversation.name;
      },
      broadcastFrame: (frame, without) => this.broadcastFrame(frame, without),
      socketsOf: (userId, closing) => this.socketsOfUser(userId).filter((socket) => socket.id !== closing),
    });
    return this.#chatRoom;
  }

  /** Sends the webhooks that are due; set by Webhooks whenever one is queued, and here for retries. */
  async alarm(): Promise<void> {
    const { webhooks } = this.#room;
    await webhooks.deliverDue();
    await setEarliestAlarm(this.ctx.storage, [webhooks.nextDueAt()]);
  }

  protected get conversationId(): string {
    return this.name;
  }

  // ── RPC from an Inbox ─────────────────────────────────────────────────────

  /** Creates this conversation with `creator` and `spec.memberIds` in it. */
  async create(spec: ConversationSpec, creator: Identity): Promise<Outcome> {
    return create(this.#room, spec, creator);
  }

  /** Adds `user` to a conversation that lets anyone with its id join. */
  async join(user: Identity): Promise<Outcome> {
    return join(this.#room, user);
  }

  /** The user's Inbox saying they opened (or closed) their conversation list, or what to push them. */
  async inboxPresence(userId: string, watch: InboxWatch): Promise<void> {
    // A change of what to push them is no news to the others: only their list opening or closing is.
    const opened = this.#room.inboxes.watched(userId, watch);
    if (opened && this.#room.meta() && findMember(this.#room.db, userId)) this.#room.announcePresence(userId);
  }

  /**
   * `userId`'s row of this conversation, asked by their Inbox for a row it was told is stale:
   * "unlisted" when they are a member with no row (a one-to-one nobody wrote to them in), null
   * when they are no longer a member (or the conversation is gone).
   */
  async inboxRow(userId: string): Promise<ConversationSummary | "unlisted" | null> {
    if (!this.#room.meta()) return null;
    setInboxStale(this.#room.db, userId, false);
    if (!findMember(this.#room.db, userId)) return null;
    return this.#room.summaries(userId).get(userId) ?? "unlisted";
  }

  /**
   * `userId`'s part of their unread digest: what they have not read here after `afterSeq` (the
   * last seq their previous digest covered), only what mentions them with `mentionsOnly`.
   */
  async digestFor(userId: string, afterSeq: number, mentionsOnly: boolean): Promise<DigestAnswer> {
    return digestFor(this.#room, userId, afterSeq, mentionsOnly);
  }

  /** Whether `userId` is a member now: the Worker asks on every attachment upload and download. */
  async isMember(userId: string): Promise<boolean> {
    return this.#room.meta() !== undefined && findMember(this.#room.db, userId) !== undefined;
  }

  /**
   * The blocker's Inbox saying they block (or no longer block) `blockedId`: this is their
   * one-to-one conversation. Only messages sent while blocked are hidden. One that does not exist
   * yet stores nothing (blocking anyone must not make objects): it reads the pair's blocks from
   * their Inboxes when it is created.
   */
  async setBlock(blockerId: string, blockedId: string, on: boolean): Promise<void> {
    if (this.#room.tables.stored) writeBlock(this.#room.db, blockerId, blockedId, on);
  }

  /** The Inbox of a user whose profile changed through the server API: their member row follows. */
  async refreshMember(person: Identity): Promise<void> {
    const member = this.#room.meta() && findMember(this.#room.db, person.userId);
    if (member) this.#room.rename(member, person);
  }

  // ── RPC from the server API (src/server/api/api.ts) ───────────────────────────

  async apiCreate(spec: Omit<ConversationSpec, "memberIds">, people: { userId: string; role: Member["role"] }[]): Promise<ApiOutcome<ConversationView>> {
    return api.createConversation(this.#room, spec, people);
  }
  async apiGet(): Promise<ApiOutcome<ConversationView>> {
    return api.getConversation(this.#room);
  }
  async apiUpdate(changes: MetaChanges): Promise<ApiOutcome<ConversationView>> {
    return api.updateConversation(this.#room, changes);
  }
  async apiDelete(): Promise<ApiOutcome<{ deleted: true }>> {
    return api.deleteConversation(this.#room, (code, reason) => {
      for (const socket of this.getConnections()) socket.close(code, reason);
    });
  }
  async apiPutMember(userId: string, role: Member["role"]): Promise<ApiOutcome<{ member: Member; added: boolean }>> {
    return api.putConversationMember(this.#room, userId, role);
  }
  async apiRemoveMember(userId: string): Promise<ApiOutcome<{ removed: true }>> {
    return api.removeConversationMember(this.#room, userId);
  }
  async apiBan(userId: string): Promise<ApiOutcome<{ banned: true }>> {
    return api.banUser(this.#room, userId);
  }
  async apiUnban(userId: string): Promise<ApiOutcome<{ banned: false }>> {
    return api.unbanUser(this.#room, userId);
  }
  async apiBans(): Promise<ApiOutcome<{ bans: Ban[] }>> {
    return api.bans(this.#room);
  }
  async apiMute(userId: string, muted: boolean): Promise<ApiOutcome<{ muted: boolean }>> {
    return api.muteFor(this.#room, userId, muted);
  }
  async apiSearch(query: string, limit: number, userId?: string): Promise<ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }>> {
    return api.searchMessages(this.#room, query, limit, userId);
  }
  async apiPost(post: Omit<MessagePost, "id"> & { id?: string; userId?: string; system?: boolean }): Promise<ApiOutcome<{ message: StoredMessage; created: boolean }>> {
    return api.post(this.#room, post);
  }
  async apiMessages(page: PageRequest): Promise<ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }>> {
    return api.messages(this.#room, page);
  }
  /** One step of the server API deleting `userId`; answered once the directory heard of a removal. */
  async apiDeleteUser(userId: string, erase: boolean, afterSeq: number): Promise<ApiOutcome<UserDeletionStep>> {
    const step = api.deleteUserStep(this.#room, userId, erase, afterSeq);
    await this.#room.memberships.settled();
    return step;
  }
  async apiDeleteMessage(messageId: string): Promise<ApiOutcome<{ deleted: true }>> {
    return api.deleteMessageAsApi(this.#room, messageId);
  }

  // ── sockets ───────────────────────────────────────────────────────────────

  /** Why `identity` may not use this conversation, or undefined when they may. */
  protected refusalFor({ userId }: Identity): Refusal | undefined {
    if (!this.#room.meta()) return { status: 404, code: "not_found", closeCode: CLOSE_CODES.notFound, reason: "no such conversation" };
    if (!findMember(this.#room.db, userId)) {
      return { status: 403, code: "not_member", closeCode: CLOSE_CODES.forbidden, reason: "not a member of this conversation" };
    }
    return undefined;
  }

  /**
   * Every socket here was admitted as a member (Room.fetch), and removing a member closes their
   * sockets, so the room's sockets are its members'.
   */
  protected onAdmitted(connection: RoomSocket, identity: Identity): void {
    const member = findMember(this.#room.db, identity.userId);
    // Removed between admission and here: nothing was sent to this socket yet.
    if (!member) return connection.close(CLOSE_CODES.removed, "removed from conversation");
    // Its welcome says who is here, this socket included. Announced when it brings the user
    // online, or here (not away) where no other socket of theirs was.
    const arrives = this.socketsOfUser(identity.userId).length === 1 || (!connection.state!.away && !this.#room.isHere(identity.userId, connection.id));
    if (arrives) this.#room.announcePresence(identity.userId, { id: connection.id, closing: false });
    this.#room.rename(member, identity);
  }

  protected parse(raw: WSMessage): Parsed<ClientFrame> {
    if (this.#room.skips("validation") && typeof raw === "string") return { ok: true, frame: JSON.parse(raw) as ClientFrame };
    return parseClientFrame(raw);
  }

  protected handle(connection: RoomSocket, frame: ClientFrame): Handled | Promise<Handled> {
    const room = this.#room;
    // refusalFor has just found them a member.
    const member: Member = findMember(room.db, connection.state!.userId)!;
    switch (frame.type) {
      case "hello":
        return welcome(room, member, frame);
      case "send":
        return send(room, member, frame, connection.id);
      case "read":
        return read(room, member, frame, connection.id);
      case "typing":
        return typing(room, member, frame);
      case "here":
        return showing(room, connection, frame);
      case "keystrokes":
        return keystrokes(room, member, frame);
      case "history":
        return { ok: true, answer: { type: "page", ref: frame.ref, ...historyPage(room, frame, member.userId) } };
      case "search":
        return searchFor(room, member, frame);
      case "edit":
        return editMessage(room, member, frame);
      case "delete":
        return deleteMessage(room, member, frame);
      case "react":
        return reactTo(room, member, frame);
      case "add":
        return add(room, member, frame);
      case "kick":
        return kick(room, member, frame);
      case "ban":
        return ban(room, member, frame);
      case "unban":
        return unban(room, member, frame);
      case "update":
        return update(room, member, frame);
      case "mute":
      case "unmute":
        return mute(room, member, frame.type === "mute");
      case "leave":
        return leave(room, member);
    }
  }

  async onClose(connection: RoomSocket): Promise<void> {
    const userId = connection.state?.userId;
    if (!userId) return;
    // Woken by this close, the object has not heard yet whether their list is open elsewhere.
    await this.#room.inboxes.askWhoseListIsOpen([userId]);
    const others = this.socketsOfUser(userId).filter((socket) => socket.id !== connection.id);
    const leavesHere = !connection.state!.away && !this.#room.isHere(userId, connection.id);
    if (others.length === 0 || leavesHere) this.#room.announcePresence(userId, { id: connection.id, closing: true });
  }

  onError(connection: RoomSocket, error: unknown): void {
    console.error(`conversation ${this.name}: connection ${connection.id} failed`, error);
  }
}

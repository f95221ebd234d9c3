/**
 * The server API's calls into a conversation (src/server/api/api.ts), through the same handlers as
 * members' sockets with the API acting as an owner would: every change gets its seq and
 * reaches members' sockets, inboxes and webhooks alike.
 */
import { CLOSE_CODES, failure, type ConversationMeta, type Failure, type Member, type StoredMessage } from "../../protocol/index.js";
import { deleteConversationAttachments } from "../attachments.js";
import { inboxOf } from "../stubs.js";
import type { ChatRoom, MetaChanges } from "./chat-room.js";
import { lastSeq, liveMessagesOf } from "./events-sql.js";
import { messagesOf, historyPage, search, type PageRequest } from "./history.js";
import { ban, establish, inviteesOf, kick, mute, notMember, putMember, update, type ConversationSpec } from "./membership.js";
import { deleteBan, deleteBlocksBy, findMember, listBans, listMembers, writeBlock } from "./members-sql.js";
import { deleteMessage, postMessage, type MessagePost } from "./messages.js";

/** An answer to the server API: what it asked for, or why not. */
export type ApiOutcome<T> = { ok: true; value: T } | Failure;

/** A conversation as the server API shows it. */
export interface ConversationView {
  conversation: ConversationMeta;
  members: Member[];
  lastSeq: number;
}

/** A user banned from a group, as the server API lists them. */
export interface Ban {
  userId: string;
  actorId: string;
  at: number;
}

/** Who the server API acts as in events' actorId: never a user id (they have no colon). */
const API_ACTOR = "confab:api";
/** The server API acts with an owner's rights. */
const API_MODERATOR: Member = { userId: API_ACTOR, name: "", role: "owner", lastReadSeq: 0, joinedAt: 0 };
/** The sender of system messages: the conversation itself. */
const SYSTEM_SENDER = { userId: "", name: "" };

const notFound = failure("not_found", "no such conversation");

const valued = <T>(outcome: { ok: true } | Failure, value: () => T): ApiOutcome<T> => (outcome.ok ? { ok: true, value: value() } : outcome);

/** Meta, members and the last seq, as the API shows a conversation. */
function view(room: ChatRoom): ConversationView | undefined {
  const meta = room.meta();
  return meta && { conversation: meta, members: listMembers(room.db), lastSeq: lastSeq(room.db) };
}

/** Each user as their inbox last saw them, named by their id if never seen: for the server API, whom nobody blocks. */
async function profilesOf(room: ChatRoom, userIds: string[]) {
  const people = await inviteesOf(room, userIds, API_ACTOR);
  return people.map(({ userId, name, avatar }) => ({ userId, name, avatar }));
}

/** Creates the conversation with `people`, each with their role (one-to-one: members). */
export async function createConversation(room: ChatRoom, spec: Omit<ConversationSpec, "memberIds">, people: { userId: string; role: Member["role"] }[]): Promise<ApiOutcome<ConversationView>> {
  const profiles = await profilesOf(room, people.map((person) => person.userId));
  const outcome = establish(room, spec, profiles.map((profile, index) => ({ ...profile, role: people[index]!.role })), API_ACTOR, true);
  // A new one-to-one takes over the blocks either Inbox holds of the other.
  if (outcome.ok && spec.type === "direct") {
    const [a, b] = [people[0]!.userId, people[1]!.userId];
    const [bOfA, aOfB] = await Promise.all([inboxOf(room.env, b).invitee(a), inboxOf(room.env, a).invitee(b)]);
    if (bOfA.blocksInviter) writeBlock(room.db, b, a, true);
    if (aOfB.blocksInviter) writeBlock(room.db, a, b, true);
  }
  return valued(outcome, () => view(room)!);
}

export function getConversation(room: ChatRoom): ApiOutcome<ConversationView> {
  const found = view(room);
  return found ? { ok: true, value: found } : notFound;
}

export function updateConversation(room: ChatRoom, changes: MetaChanges): ApiOutcome<ConversationView> {
  if (!room.meta()) return notFound;
  return valued(update(room, API_MODERATOR, changes), () => view(room)!);
}

/** Deletes the conversation: members lose it from their lists, and their sockets here are closed. */
export function deleteConversation(room: ChatRoom, closeAll: (code: number, reason: string) => void): ApiOutcome<{ deleted: true }> {
  const meta = room.meta();
  if (!meta) return notFound;
  const members = listMembers(room.db);
  // Gone from the directory too, past every member event this generation logged.
  const gone = lastSeq(room.db) + 1;
  for (const member of members) room.memberships.note(member.userId, meta.createdAt, gone, false);
  room.clear();
  closeAll(CLOSE_CODES.removed, "conversation deleted");
  room.inboxes.schedule(members.map((member) => member.userId), "remove");
  room.webhooks.enqueue("conversation.deleted", { conversationId: room.name, actorId: API_ACTOR });
  room.ctx.waitUntil(deleteConversationAttachments(room.env, room.name));
  return { ok: true, value: { deleted: true } };
}

/** Adds `userId` with `role`, or gives a member `role` (a `member updated` event). */
export async function putConversationMember(room: ChatRoom, userId: string, role: Member["role"]): Promise<ApiOutcome<{ member: Member; added: boolean }>> {
  if (!room.meta()) return notFound;
  const [person] = await profilesOf(room, [userId]);
  // Read again after the wait: the conversation may have changed meanwhile.
  if (!room.meta()) return notFound;
  const put = putMember(room, API_MODERATOR, person!, role);
  return put.ok ? { ok: true, value: { member: findMember(room.db, userId)!, added: put.added } } : put;
}

export function removeConversationMember(room: ChatRoom, userId: string): ApiOutcome<{ removed: true }> {
  if (!room.meta()) return notFound;
  return valued(kick(room, API_MODERATOR, { userId }), () => ({ removed: true as const }));
}

/** Bans `userId` from the group (removing them if a member), as an owner would. */
export function banUser(room: ChatRoom, userId: string): ApiOutcome<{ banned: true }> {
  if (!room.meta()) return notFound;
  return valued(ban(room, API_MODERATOR, { userId }), () => ({ banned: true as const }));
}

export function unbanUser(room: ChatRoom, userId: string): ApiOutcome<{ banned: false }> {
  if (!room.meta()) return notFound;
  deleteBan(room.db, userId);
  return { ok: true, value: { banned: false } };
}

export function bans(room: ChatRoom): ApiOutcome<{ bans: Ban[] }> {
  if (!room.meta()) return notFound;
  return { ok: true, value: { bans: listBans(room.db) } };
}

/** Mutes or unmutes the conversation for the member `userId`. */
export function muteFor(room: ChatRoom, userId: string, muted: boolean): ApiOutcome<{ muted: boolean }> {
  if (!room.meta()) return notFound;
  const member = findMember(room.db, userId);
  if (!member) return notMember(userId);
  return valued(mute(room, member, muted), () => ({ muted }));
}

/** Messages matching `query`, newest first; as `userId` sees them when given. */
export function searchMessages(room: ChatRoom, query: string, limit: number, userId?: string): ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }> {
  if (!room.meta()) return notFound;
  if (userId !== undefined && !findMember(room.db, userId)) return notMember(userId);
  const found = search(room, query, limit, userId ?? "");
  return found.ok ? { ok: true, value: { messages: messagesOf(found.events), hasMore: found.hasMore } } : found;
}

/** Posts as the member `post.userId`, or as the conversation itself (`post.system`). */
export function post(room: ChatRoom, request: Omit<MessagePost, "id"> & { id?: string; userId?: string; system?: boolean }): ApiOutcome<{ message: StoredMessage; created: boolean }> {
  if (!room.meta()) return notFound;
  const sender = request.system ? SYSTEM_SENDER : findMember(room.db, request.userId!);
  if (!sender) return failure("not_member", `${request.userId} is not a member of this conversation`);
  const posted = postMessage(room, sender, { ...request, id: request.id ?? crypto.randomUUID() }, [], request.system === true);
  return posted.ok ? { ok: true, value: { message: posted.message, created: posted.created } } : posted;
}

export function messages(room: ChatRoom, page: PageRequest): ApiOutcome<{ messages: StoredMessage[]; hasMore: boolean }> {
  if (!room.meta()) return notFound;
  const { events, hasMore } = historyPage(room, page);
  return { ok: true, value: { messages: messagesOf(events), hasMore } };
}

export function deleteMessageAsApi(room: ChatRoom, messageId: string): ApiOutcome<{ deleted: true }> {
  if (!room.meta()) return notFound;
  return valued(deleteMessage(room, API_MODERATOR, { messageId }), () => ({ deleted: true as const }));
}

/**
 * Most of a deleted user's messages erased in one step: the room answers its members' frames
 * between steps, so it is held for one batch of deletions at a time, however many they sent.
 */
export const ERASE_BATCH = 50;

/** Where deleting a user stands in this conversation after one step. */
export interface UserDeletionStep {
  /** Nothing is left to do here. */
  done: boolean;
  /** The seq the next step erases after. */
  afterSeq: number;
  /** Messages deleted in this step. */
  erased: number;
  /** Whether this step removed them as a member. */
  removed: boolean;
}

/**
 * One step of deleting `userId` (src/server/api/user-deletion.ts). With `erase`, deletes their
 * next messages after seq `afterSeq` as the API deletes a message (tombstones, events, files);
 * once none is left, removes them in the same step, so nothing they send slips in between:
 * from a group as the API removes anyone, and from a one-to-one too, which the peer keeps
 * with its history. Their blocks here go with them. A conversation they are not in is done.
 */
export function deleteUserStep(room: ChatRoom, userId: string, erase: boolean, afterSeq: number): ApiOutcome<UserDeletionStep> {
  const meta = room.meta();
  if (!meta) return { ok: true, value: { done: true, afterSeq, erased: 0, removed: false } };
  let erased = 0;
  let last = afterSeq;
  if (erase) {
    const batch = liveMessagesOf(room.db, userId, afterSeq, ERASE_BATCH + 1);
    for (const message of batch.slice(0, ERASE_BATCH)) {
      const deleted = deleteMessage(room, API_MODERATOR, { messageId: message.id });
      if (!deleted.ok) return deleted;
      erased += 1;
      last = message.seq;
    }
    if (batch.length > ERASE_BATCH) return { ok: true, value: { done: false, afterSeq: last, erased, removed: false } };
  }
  const member = findMember(room.db, userId);
  if (member) {
    const removed = meta.type === "group" ? kick(room, API_MODERATOR, { userId }) : (room.removeMember(member, API_ACTOR, "kicked"), { ok: true as const });
    if (!removed.ok) return removed;
  }
  deleteBlocksBy(room.db, userId);
  return { ok: true, value: { done: true, afterSeq: last, erased, removed: member !== undefined } };
}

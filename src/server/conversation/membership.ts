/**
 * Handlers for who is in a conversation and what it is called: create, join, add, kick, ban,
 * unban, leave, update and mute. Each takes the room, the acting member and the request, and
 * returns what it came to; the server API acts through the same handlers as an owner would.
 */
import { canModerate, failure, mergeMetadata, type ConversationMeta, type Failure, type Member, type Outcome, type UpdateFrame } from "../../protocol/index.js";
import type { Identity } from "../identity.js";
import { inboxOf } from "../stubs.js";
import type { ChatRoom, MetaChanges } from "./chat-room.js";
import { blocks, countMembers, deleteBan, findMember, insertBan, isBanned, markOpened, writeBlock, writeMuted } from "./members-sql.js";

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

/**
 * Someone being added, as their Inbox last saw them, whether they block whoever adds them, and
 * whether they are `known`: a user with no profile has never signed in nor been registered.
 */
type Invitee = Identity & { blocksInviter: boolean; known: boolean };

const bannedFailure = (userId: string) => failure("forbidden", `${userId} is banned from this conversation; unban them first`);
export const notMember = (userId: string) => failure("not_member", `${userId} is not a member`);

/** Each of `userIds` as their Inbox last saw them (named by their id if never seen), and whether they block `inviterId`. */
export async function inviteesOf(room: ChatRoom, userIds: string[], inviterId: string): Promise<Invitee[]> {
  const invitees = await Promise.all(userIds.map((userId) => inboxOf(room.env, userId).invitee(inviterId)));
  return userIds.map((userId, index) => {
    const { profile, blocksInviter } = invitees[index]!;
    return { userId, name: userId, ...profile, blocksInviter, known: profile !== undefined };
  });
}

/**
 * Members' sockets may only bring in people who exist: "bbo" for "bob" would otherwise make a
 * conversation with nobody. The server API stays permissive (conversation-api.ts): the host's
 * backend may add its users before they ever sign in.
 */
const unknownUser = (invitees: readonly Invitee[]): Failure | undefined => {
  const unknown = invitees.find((invitee) => !invitee.known);
  return unknown && failure("unknown_user", `no user ${unknown.userId} has signed in or been registered`);
};

/**
 * Creates the conversation with `people` in it, in that order; a one-to-one conversation that
 * exists already brings back whichever of the pair had left. The actor has opened it, so a
 * one-to-one is in their list at once and in the peer's once it holds a message; `forEveryone`
 * (the host's backend creating it) opens it for all of `people`.
 */
export function establish(
  room: ChatRoom,
  spec: Omit<ConversationSpec, "memberIds">,
  people: (Identity & { role: Member["role"] })[],
  actorId: string,
  forEveryone = false,
): Outcome {
  const opens = (userId: string) => forEveryone || userId === actorId;
  // No await here: the existence check and the writes happen as one step.
  room.tables.store();
  const existing = room.meta();
  if (existing && (spec.type === "group" || existing.type !== "direct")) return failure("exists", `conversation ${room.name} already exists`);
  if (existing) {
    for (const person of people) {
      // Whoever left and blocks the one reopening it stays out: the blocked one is not told.
      if (!findMember(room.db, person.userId) && !blocks(room.db, person.userId, actorId)) room.addMember(person, "member", actorId, "added", opens(person.userId));
      else if (opens(person.userId)) markOpened(room.db, person.userId);
    }
    room.notifyInboxes();
    return { ok: true };
  }
  const now = Date.now();
  const meta: ConversationMeta = {
    id: room.name,
    type: spec.type,
    title: spec.title ?? "",
    avatar: spec.avatar,
    metadata: spec.metadata,
    joinable: spec.type === "group" && spec.joinable === true,
    createdAt: now,
  };
  room.saveMeta(meta);
  const created = room.record({ kind: "meta", meta, actorId, at: now });
  room.webhooks.enqueue("conversation.created", { conversationId: room.name, seq: created.seq, conversation: meta, actorId });
  for (const { role, ...person } of people) room.addMember(person, spec.type === "group" ? role : "member", actorId, "added", opens(person.userId));
  room.notifyInboxes();
  return { ok: true };
}

/** Creates the conversation for its `creator`, whose Inbox asked, with `spec.memberIds` in it. */
export async function create(room: ChatRoom, spec: ConversationSpec, creator: Identity): Promise<Outcome> {
  const invited = await inviteesOf(room, spec.memberIds, creator.userId);
  // A one-to-one that exists is reopened whoever its peer is: the host's backend may have made it.
  const refusal = room.meta() ? undefined : unknownUser(invited);
  if (refusal) return refusal;
  // Whoever blocks the creator is not put in their group (a one-to-one hides their messages instead).
  const people = spec.type === "group" ? invited.filter((person) => !person.blocksInviter) : invited;
  const creatorRole = spec.type === "group" ? "owner" : "member";
  const members = people.map(({ userId, name, avatar }) => ({ userId, name, avatar, role: "member" as const }));
  const outcome = establish(room, spec, [{ ...creator, role: creatorRole }, ...members], creator.userId);
  // A new one-to-one keeps the peer's block of the creator (the creator's own Inbox refused to
  // create one with someone they block), as the server API's create does through both Inboxes.
  const [peer] = invited;
  if (outcome.ok && spec.type === "direct" && peer?.blocksInviter) writeBlock(room.db, peer.userId, creator.userId, true);
  return outcome;
}

/** Adds `user` to a conversation that lets anyone with its id join. */
export function join(room: ChatRoom, user: Identity): Outcome {
  const meta = room.meta();
  if (!meta) return failure("not_found", "no such conversation");
  if (findMember(room.db, user.userId)) return { ok: true };
  if (isBanned(room.db, user.userId)) return failure("forbidden", "you are banned from this conversation");
  if (!meta.joinable) return failure("forbidden", "this conversation is by invitation only");
  if (countMembers(room.db) >= room.limits.groupMembers) return failure("forbidden", "this conversation is full");
  room.addMember(user, "member", user.userId, "joined");
  room.notifyInboxes();
  return { ok: true };
}

/** Why `actor` may not add anyone now, or undefined when they may. */
function addFailure(room: ChatRoom, actor: Member): Failure | undefined {
  if (room.meta()!.type !== "group") return failure("forbidden", "members cannot be added to a one-to-one conversation");
  if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may add members");
  if (countMembers(room.db) >= room.limits.groupMembers) return failure("forbidden", `groups have at most ${room.limits.groupMembers} members`);
  return undefined;
}

/** A member adding someone: who blocks them is refused, and adding spends the actor's hourly allowance. */
export async function add(room: ChatRoom, actor: Member, request: { userId: string }): Promise<Outcome> {
  const refusal = addFailure(room, actor);
  if (refusal) return refusal;
  if (findMember(room.db, request.userId)) return { ok: true };
  const [person] = await inviteesOf(room, [request.userId], actor.userId);
  const unknown = unknownUser([person!]);
  if (unknown) return unknown;
  if (person!.blocksInviter) return failure("forbidden", `${request.userId} cannot be added to a conversation by you`);
  const allowed = await inboxOf(room.env, actor.userId).spend("add", 1);
  if (!allowed.ok) return allowed;
  // Asked again after the waits: the actor may have lost their rights meanwhile.
  const actorNow = findMember(room.db, actor.userId);
  if (!actorNow) return failure("not_member", "you are no longer a member of this conversation");
  const refusalNow = addFailure(room, actorNow);
  if (refusalNow) return refusalNow;
  if (findMember(room.db, request.userId)) return { ok: true };
  if (isBanned(room.db, request.userId)) return bannedFailure(request.userId);
  room.addMember({ userId: person!.userId, name: person!.name, avatar: person!.avatar }, "member", actor.userId, "added");
  room.notifyInboxes();
  return { ok: true };
}

/**
 * The server API adding `person` with `role`, or giving a member `role`. It acts as an owner,
 * and nobody's block or allowance applies.
 */
export function putMember(room: ChatRoom, actor: Member, person: Identity, role: Member["role"]): { ok: true; added: boolean } | Failure {
  const existing = findMember(room.db, person.userId);
  if (existing) {
    if (existing.role !== role) room.setRole(existing, role, actor.userId);
    return { ok: true, added: false };
  }
  // A ban is named before a full group, as the API always has.
  if (room.meta()!.type === "group" && isBanned(room.db, person.userId)) return bannedFailure(person.userId);
  const refusal = addFailure(room, actor);
  if (refusal) return refusal;
  room.addMember(person, role, actor.userId, "added");
  room.notifyInboxes();
  return { ok: true, added: true };
}

export function kick(room: ChatRoom, actor: Member, request: { userId: string }): Outcome {
  if (room.meta()!.type !== "group") return failure("forbidden", "nobody can be removed from a one-to-one conversation");
  if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may remove members");
  if (request.userId === actor.userId) return failure("forbidden", "use leave to remove yourself");
  const target = findMember(room.db, request.userId);
  if (!target) return notMember(request.userId);
  if (target.role === "owner" && actor.role !== "owner") return failure("forbidden", "only an owner may remove an owner");
  room.removeMember(target, actor.userId, "kicked");
  return { ok: true };
}

/** Removes `request.userId` if a member and keeps them out (join, add) until unbanned. */
export function ban(room: ChatRoom, actor: Member, request: { userId: string }): Outcome {
  if (request.userId === actor.userId) return failure("forbidden", "use leave to remove yourself");
  if (room.meta()!.type !== "group") return failure("forbidden", "nobody can be banned from a one-to-one conversation; block them instead");
  if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may ban");
  const target = findMember(room.db, request.userId);
  if (target?.role === "owner" && actor.role !== "owner") return failure("forbidden", "only an owner may ban an owner");
  insertBan(room.db, request.userId, actor.userId);
  if (target) room.removeMember(target, actor.userId, "kicked");
  return { ok: true };
}

export function unban(room: ChatRoom, actor: Member, request: { userId: string }): Outcome {
  if (room.meta()!.type !== "group") return failure("forbidden", "nobody is banned from a one-to-one conversation");
  if (!canModerate(actor.role)) return failure("forbidden", "only owners and admins may unban");
  deleteBan(room.db, request.userId);
  return { ok: true };
}

/** The member leaves once told so: leaving closes the very socket that asked. */
export function leave(room: ChatRoom, member: Member): Outcome & { afterReply: () => void } {
  return { ok: true, afterReply: () => room.removeMember(member, member.userId, "left") };
}

export function update(room: ChatRoom, actor: Member, { metadataChanges, ...changes }: MetaChanges & Pick<UpdateFrame, "metadataChanges">): Outcome {
  const meta = room.meta()!;
  // A one-to-one's two members are equals: either may turn live typing on or off, nothing else.
  const liveTypingOnly =
    changes.title === undefined && changes.avatar === undefined && changes.metadata === undefined && changes.joinable === undefined && !metadataChanges;
  if (meta.type !== "group" && !liveTypingOnly) return failure("forbidden", "a one-to-one conversation has no title or avatar to change");
  if (meta.type === "group" && !canModerate(actor.role)) return failure("forbidden", "only owners and admins may change the conversation");
  if (metadataChanges) {
    if (changes.metadata) return failure("bad_frame", "give metadata (the whole object) or metadataChanges (a merge), not both");
    // Merged with what is stored now, in one step: another member's keys set a moment ago stay.
    const merged = mergeMetadata(meta.metadata, metadataChanges);
    if (!merged.ok) return merged;
    changes.metadata = merged.metadata;
  }
  room.updateMeta(meta, changes, actor.userId);
  return { ok: true };
}

/** A private setting: no event, only the member's own list row changes. */
export function mute(room: ChatRoom, member: Member, muted: boolean): Outcome {
  writeMuted(room.db, member.userId, muted);
  room.notifyInboxes([member.userId]);
  return { ok: true };
}

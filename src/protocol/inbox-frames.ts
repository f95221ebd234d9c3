/**
 * The inbox socket (`/parties/inbox/:userId`, one per user): creating and joining
 * conversations, blocking, and the conversation list it keeps current, as valibot schemas.
 */
import * as v from "valibot";
import { DoneFrame, ErrorFrame } from "./answers.js";
import { CONVERSATION_ID_PREFIXES, LIMITS } from "./limits.js";
import { NotifyLevel, PushSubscriptionValue } from "./notifications.js";
import { Avatar, ConversationId, ConversationSummary, ConversationType, DirectoryVisibility, Metadata, Person, RequestRef, Title, UserId } from "./values.js";

// ── user → inbox ────────────────────────────────────────────────────────────

export const CreateFrame = v.object({
  type: v.literal("create"),
  ref: RequestRef,
  conversationType: ConversationType,
  /** Others to include; a one-to-one conversation names exactly one. */
  members: v.pipe(v.array(UserId), v.maxLength(LIMITS.groupMembers - 1)),
  /** A group's id, starting `c_` (src/protocol/limits.ts); random when absent. One-to-one ids derive from the pair. */
  id: v.optional(
    v.pipe(
      ConversationId,
      v.startsWith(CONVERSATION_ID_PREFIXES.clientNamed, `a group id a client names starts with ${CONVERSATION_ID_PREFIXES.clientNamed}; other ids are the host's`),
    ),
  ),
  title: v.optional(Title),
  avatar: v.optional(Avatar),
  metadata: v.optional(Metadata),
  joinable: v.optional(v.boolean()),
});
export type CreateFrame = v.InferOutput<typeof CreateFrame>;

export const JoinFrame = v.object({ type: v.literal("join"), ref: RequestRef, conversationId: ConversationId });
export type JoinFrame = v.InferOutput<typeof JoinFrame>;

/**
 * Blocks (or unblocks) a user for this user: their one-to-one messages are no longer shown to
 * this user, who cannot start a one-to-one with them. They are not told.
 */
export const BlockFrame = v.object({ type: v.literal("block"), ref: RequestRef, userId: UserId });
export type BlockFrame = v.InferOutput<typeof BlockFrame>;

export const UnblockFrame = v.object({ type: v.literal("unblock"), ref: RequestRef, userId: UserId });

/**
 * Searches the people this user may find (the host's DIRECTORY_VISIBILITY) by the start of any
 * word of their name or their id, ignoring case and accents; answered with `people`. Empty
 * text lists them all. `cursor` is the `next` of the page before.
 */
export const FindPeopleFrame = v.object({
  type: v.literal("find_people"),
  ref: RequestRef,
  text: v.pipe(v.string(), v.maxLength(LIMITS.peopleQueryLength, `a directory search is at most ${LIMITS.peopleQueryLength} characters`)),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.peoplePageSize))),
});
export type FindPeopleFrame = v.InferOutput<typeof FindPeopleFrame>;

/**
 * One person by id, answered with `people` holding them, or nobody when no such user exists or
 * this user may not see them (the same rule as search, but a member of a conversation this
 * user is in is always seen).
 */
export const FindPersonFrame = v.object({ type: v.literal("find_person"), ref: RequestRef, userId: UserId });
export type FindPersonFrame = v.InferOutput<typeof FindPersonFrame>;

/** What reaches this user while away (pushes and digests): every message, mentions only, or nothing. */
export const SetNotificationsFrame = v.object({ type: v.literal("set_notifications"), ref: RequestRef, level: NotifyLevel });
export type SetNotificationsFrame = v.InferOutput<typeof SetNotificationsFrame>;

/** Keeps this browser's push subscription, so messages reach it while no page is open. */
export const PushSubscribeFrame = v.object({ type: v.literal("push_subscribe"), ref: RequestRef, subscription: PushSubscriptionValue });
export type PushSubscribeFrame = v.InferOutput<typeof PushSubscribeFrame>;

/** Forgets the subscription with this endpoint (the browser unsubscribed). */
export const PushUnsubscribeFrame = v.object({ type: v.literal("push_unsubscribe"), ref: RequestRef, endpoint: PushSubscriptionValue.entries.endpoint });
export type PushUnsubscribeFrame = v.InferOutput<typeof PushUnsubscribeFrame>;

export const InboxClientFrame = v.variant("type", [
  CreateFrame,
  JoinFrame,
  BlockFrame,
  UnblockFrame,
  FindPeopleFrame,
  FindPersonFrame,
  SetNotificationsFrame,
  PushSubscribeFrame,
  PushUnsubscribeFrame,
]);
export type InboxClientFrame = v.InferOutput<typeof InboxClientFrame>;

// ── inbox → user ────────────────────────────────────────────────────────────

/**
 * This user's notification settings: their level, and the key browsers subscribe to pushes
 * with (absent when the server sends none: no VAPID key set).
 */
export const NotificationsFrame = v.object({ type: v.literal("notifications"), level: NotifyLevel, pushKey: v.optional(v.string()) });
export type NotificationsFrame = v.InferOutput<typeof NotificationsFrame>;

/** The welcome: the list, and the notification settings (also sent alone when they change). */
export const InboxFrame = v.object({
  type: v.literal("inbox"),
  conversations: v.array(ConversationSummary),
  notifications: v.optional(v.omit(NotificationsFrame, ["type"])),
});
export type InboxFrame = v.InferOutput<typeof InboxFrame>;

export const SummaryFrame = v.object({ type: v.literal("summary"), conversation: ConversationSummary });
export type SummaryFrame = v.InferOutput<typeof SummaryFrame>;

export const RemovedFrame = v.object({ type: v.literal("removed"), conversationId: v.string() });
export type RemovedFrame = v.InferOutput<typeof RemovedFrame>;

/** The answer to `find_people` or `find_person`: a page of people, and where the next starts. */
export const PeopleFrame = v.object({
  type: v.literal("people"),
  ref: v.string(),
  people: v.array(Person),
  /** The cursor of the next page; absent on the last. */
  next: v.optional(v.string()),
  /** The host's setting, so a picker can say why nobody is found. */
  visibility: DirectoryVisibility,
});
export type PeopleFrame = v.InferOutput<typeof PeopleFrame>;

export const InboxServerFrame = v.variant("type", [InboxFrame, SummaryFrame, RemovedFrame, PeopleFrame, NotificationsFrame, DoneFrame, ErrorFrame]);
export type InboxServerFrame = v.InferOutput<typeof InboxServerFrame>;

/**
 * The inbox socket (`/parties/inbox/:userId`, one per user): creating and joining
 * conversations, blocking, and the conversation list it keeps current, as valibot schemas.
 */
import * as v from "valibot";
import { DoneFrame, ErrorFrame } from "./answers.js";
import { CONVERSATION_ID_PREFIXES, LIMITS } from "./limits.js";
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

export const InboxClientFrame = v.variant("type", [CreateFrame, JoinFrame, BlockFrame, UnblockFrame, FindPeopleFrame, FindPersonFrame]);
export type InboxClientFrame = v.InferOutput<typeof InboxClientFrame>;

// ── inbox → user ────────────────────────────────────────────────────────────

export const InboxFrame = v.object({ type: v.literal("inbox"), conversations: v.array(ConversationSummary) });
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

export const InboxServerFrame = v.variant("type", [InboxFrame, SummaryFrame, RemovedFrame, PeopleFrame, DoneFrame, ErrorFrame]);
export type InboxServerFrame = v.InferOutput<typeof InboxServerFrame>;

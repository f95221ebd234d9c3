/**
 * The inbox socket (`/parties/inbox/:userId`, one per user): creating and joining
 * conversations, blocking, and the conversation list it keeps current, as valibot schemas.
 */
import * as v from "valibot";
import { DoneFrame, ErrorFrame } from "./answers.js";
import { CONVERSATION_ID_PREFIXES, LIMITS } from "./limits.js";
import { Avatar, ConversationId, ConversationSummary, ConversationType, Metadata, RequestRef, Title, UserId } from "./values.js";

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

export const InboxClientFrame = v.variant("type", [CreateFrame, JoinFrame, BlockFrame, UnblockFrame]);
export type InboxClientFrame = v.InferOutput<typeof InboxClientFrame>;

// ── inbox → user ────────────────────────────────────────────────────────────

export const InboxFrame = v.object({ type: v.literal("inbox"), conversations: v.array(ConversationSummary) });
export type InboxFrame = v.InferOutput<typeof InboxFrame>;

export const SummaryFrame = v.object({ type: v.literal("summary"), conversation: ConversationSummary });
export type SummaryFrame = v.InferOutput<typeof SummaryFrame>;

export const RemovedFrame = v.object({ type: v.literal("removed"), conversationId: v.string() });
export type RemovedFrame = v.InferOutput<typeof RemovedFrame>;

export const InboxServerFrame = v.variant("type", [InboxFrame, SummaryFrame, RemovedFrame, DoneFrame, ErrorFrame]);
export type InboxServerFrame = v.InferOutput<typeof InboxServerFrame>;

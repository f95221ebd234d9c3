/**
 * The inbox socket's requests that make or enter a conversation: `create` (a one-to-one or a
 * group, paid from the user's hourly allowances) and `join`, each answered with a `done` naming
 * the conversation.
 */
import { failure, type CreateFrame, type JoinFrame, type Outcome } from "../../protocol/index.js";
import { directConversationId, randomGroupId } from "../direct-id.js";
import type { Identity } from "../identity.js";
import type { Handled } from "../room.js";
import { conversationOf } from "../stubs.js";
import type { Allowance } from "./allowances.js";
import { hasSummary, isBlocked } from "./inbox-sql.js";

/** What the requests need of the creator's Inbox. */
export interface RequestingInbox {
  env: Cloudflare.Env;
  db: SqlStorage;
  /** Takes each of `costs` from the user's hourly allowances, all or none. */
  spendAll(costs: [Allowance, number][]): Outcome;
}

/** A request's outcome, its `done` naming the conversation it concerns. */
export const doneIn = (conversationId: string, outcome: Outcome): Handled => (outcome.ok ? { ok: true, conversationId } : outcome);

export async function createConversation(inbox: RequestingInbox, creator: Identity, request: CreateFrame): Promise<Handled> {
  const others = [...new Set(request.members)].filter((userId) => userId !== creator.userId);
  if (request.conversationType === "direct" && others.length === 0) return failure("with_self", "a one-to-one conversation needs someone other than you");
  // Opening a one-to-one this user already has costs nothing ("same pair, same conversation").
  const reopening = request.conversationType === "direct" && others.length === 1 && hasSummary(inbox.db, await directConversationId(creator.userId, others[0]!));
  const allowed = reopening ? ({ ok: true } as const) : inbox.spendAll([["create", 1], ["add", others.length]]);
  if (!allowed.ok) return allowed;
  if (request.conversationType === "direct") {
    if (others.length !== 1) {
      return failure("bad_frame", "a one-to-one conversation names exactly one other member");
    }
    if (isBlocked(inbox.db, others[0]!)) {
      return failure("forbidden", `you have blocked ${others[0]}; unblock them to start a conversation`);
    }
    const conversationId = await directConversationId(creator.userId, others[0]!);
    return doneIn(conversationId, await conversationOf(inbox.env, conversationId).create({ type: "direct", memberIds: others }, creator));
  }
  // A named id starts with CONVERSATION_ID_PREFIXES.clientNamed (the frame's schema): never one the host's backend or a one-to-one uses.
  const conversationId = request.id ?? randomGroupId();
  const outcome = await conversationOf(inbox.env, conversationId).create(
    {
      type: "group",
      memberIds: others,
      title: request.title,
      avatar: request.avatar,
      metadata: request.metadata,
      joinable: request.joinable,
    },
    creator,
  );
  return doneIn(conversationId, outcome);
}

export async function joinConversation(inbox: RequestingInbox, user: Identity, request: JoinFrame): Promise<Handled> {
  return doneIn(request.conversationId, await conversationOf(inbox.env, request.conversationId).join(user));
}

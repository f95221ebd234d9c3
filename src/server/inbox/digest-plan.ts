/**
 * A user's unread digest as pure rules (Digests, digests.ts, brings the storage, the clock and
 * the conversations): what it holds (the `data` of the `unread.digest` webhook), when it is due,
 * and what it does then. A conversation with news while the user was away is pending from then;
 * the digest is due once the earliest has waited the delay, and it gathers every pending
 * conversation at once: one digest per user, however many there are.
 */
import type { ConversationType, NotifyLevel } from "../../protocol/index.js";

/** A message in a digest, as an email would quote it. */
export interface DigestMessage {
  id: string;
  senderId: string;
  senderName: string;
  /** The words as plain text (markdown read as what it formats), or the files' names. */
  text: string;
  createdAt: number;
}

/** One conversation in a digest. */
export interface DigestConversation {
  conversationId: string;
  /** As the user's list titles it (a one-to-one by the other person). */
  title: string;
  type: ConversationType;
  /** How many messages the digest covers here; `messages` holds the newest of them. */
  unread: number;
  /** Oldest first. */
  messages: DigestMessage[];
}

/** `unread.digest`'s `data`: what a user who was away has not read, since their last digest. */
export interface UnreadDigest {
  userId: string;
  /** Their name as they last signed in (or the server API set it); their id when never named. */
  name: string;
  conversations: DigestConversation[];
}

export const DEFAULT_DIGEST_DELAY_SECONDS = 5 * 60;

/** DIGEST_DELAY_SECONDS as milliseconds: a positive number of seconds, or the default. */
export function digestDelayMs(setting: string | undefined): number {
  const seconds = Number(setting);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_DIGEST_DELAY_SECONDS) * 1000;
}

/** A conversation with news for the user since `since` (their Inbox's clock), not yet in a digest. */
export interface Pending {
  conversationId: string;
  since: number;
}

/** When the digest of `pending` is due, or undefined when nothing is pending. */
export function dueAt(pending: readonly Pending[], delayMs: number): number | undefined {
  return pending.length === 0 ? undefined : Math.min(...pending.map((entry) => entry.since)) + delayMs;
}

/**
 * What to do now: nothing (`idle`: nothing pending; `wait`: not due until `until`), forget the
 * pending conversations and send nothing (`drop`: the user is online, or wants no digests), or
 * ask each pending conversation what the user has not read there (`collect`).
 */
export type DigestStep =
  | { kind: "idle" }
  | { kind: "wait"; until: number }
  | { kind: "drop" }
  | { kind: "collect"; conversationIds: string[]; mentionsOnly: boolean };

export function planDigest(state: { pending: readonly Pending[]; now: number; delayMs: number; online: boolean; level: NotifyLevel }): DigestStep {
  const due = dueAt(state.pending, state.delayMs);
  if (due === undefined) return { kind: "idle" };
  if (state.now < due) return { kind: "wait", until: due };
  if (state.online || state.level === "none") return { kind: "drop" };
  return { kind: "collect", conversationIds: state.pending.map((entry) => entry.conversationId), mentionsOnly: state.level === "mentions" };
}

/**
 * The digest of what the conversations answered (none: nothing to tell there), the conversation
 * with the newest message first, as a list shows them; undefined when none had anything.
 */
export function digestOf(user: { userId: string; name: string }, parts: readonly (DigestConversation | undefined)[]): UnreadDigest | undefined {
  const newest = (part: DigestConversation) => part.messages.at(-1)?.createdAt ?? 0;
  const conversations = parts
    .filter((part): part is DigestConversation => part !== undefined && part.unread > 0)
    .sort((a, b) => newest(b) - newest(a));
  return conversations.length === 0 ? undefined : { userId: user.userId, name: user.name, conversations };
}

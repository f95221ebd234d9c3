/**
 * A member's part of an unread digest, asked by their Inbox when one is due
 * (src/server/inbox/digests.ts): what they have not read here since their last digest, as an
 * email would quote it. Covered are messages from others, not hidden from them (blocked), not
 * deleted, after both their read position and the last seq a digest of theirs covered; with
 * `mentionsOnly`, or in a conversation they muted, only those mentioning them (muting silences
 * the chatter, not someone calling them by name, as their list's mention count says too).
 */
import type { StoredMessage } from "../../protocol/index.js";
import type { DigestConversation } from "../inbox/digest-plan.js";
import type { ChatRoom } from "./chat-room.js";
import { findMember, mutedMembers, setInboxStale } from "./members-sql.js";
import { LIVE_MESSAGE, VISIBLE } from "./schema.js";
import { wordsOf } from "./summaries.js";

/** Most messages a digest quotes from one conversation: the newest (`unread` counts them all). */
export const DIGEST_MESSAGES = 10;

/** A conversation's part of a digest, and the newest seq it covers (the next digest starts after it). */
export type ConversationDigest = DigestConversation & { lastSeq: number };

/** Not a member (or no such conversation any more); or a member, with news for them or none. */
export type DigestAnswer = { member: false } | { member: true; digest?: ConversationDigest };

export function digestFor(room: ChatRoom, userId: string, afterSeq: number, mentionsOnly: boolean): DigestAnswer {
  const member = room.meta() && findMember(room.db, userId);
  if (!member) return { member: false };
  // Told once that this conversation changed, their Inbox is told again of the next change: a
  // digest to come.
  setInboxStale(room.db, userId, false);
  const onlyMentions = mentionsOnly || mutedMembers(room.db).has(userId);
  const covered = `${LIVE_MESSAGE} AND seq > ? AND sender_id != ? AND ${VISIBLE}${onlyMentions ? " AND seq IN (SELECT seq FROM mentions WHERE user_id = ?)" : ""}`;
  const bindings = [Math.max(afterSeq, member.lastReadSeq), userId, userId, ...(onlyMentions ? [userId] : [])];
  const { count, last } = room.db.exec<{ count: number; last: number | null }>(`SELECT COUNT(*) AS count, MAX(seq) AS last FROM events WHERE ${covered}`, ...bindings).one();
  if (count === 0 || last === null) return { member: true };
  // Their row titles the conversation as they see it; one they can see a message in has one.
  const summary = room.summaries(userId).get(userId);
  if (!summary) return { member: true };
  const messages = room.db
    .exec<{ body: string }>(`SELECT body FROM events WHERE ${covered} ORDER BY seq DESC LIMIT ?`, ...bindings, DIGEST_MESSAGES)
    .toArray()
    .reverse()
    .map((row) => (JSON.parse(row.body) as { message: StoredMessage }).message);
  return {
    member: true,
    digest: {
      conversationId: room.name,
      title: summary.title,
      type: summary.type,
      unread: count,
      messages: messages.map((message) => ({
        id: message.id,
        senderId: message.senderId,
        senderName: message.senderName,
        text: wordsOf(message),
        createdAt: message.createdAt,
      })),
      lastSeq: last,
    },
  };
}

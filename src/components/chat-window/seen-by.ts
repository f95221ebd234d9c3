/**
 * Who has read which of the current user's messages, as a pure function of the messages held
 * with each member's last read seq: what the chat window's "Seen" labels say.
 */
import type { ChatMessage, Member } from "../../store/index.js";

/**
 * For each of the current user's stored messages, the names of the other members who have read
 * up to it and no further: each counts under the newest of the user's messages they have read.
 * A member who joined after a message was sent never read it: the server starts a new member's
 * read position at the newest seq, which would otherwise say they had.
 */
export function readersByMessage(
  messages: readonly ChatMessage[],
  members: readonly Member[],
  userId: string,
): Map<string, string[]> {
  const own = messages.filter((message) => message.senderId === userId && message.seq !== null);
  const readers = new Map<string, string[]>();
  for (const member of members) {
    if (member.userId === userId) continue;
    const seen = own.findLast((message) => message.seq! <= member.lastReadSeq);
    if (seen && seen.createdAt >= member.joinedAt) readers.set(seen.id, [...(readers.get(seen.id) ?? []), member.name]);
  }
  return readers;
}

/**
 * The one message whose receipt ("Sent", "Seen") the window shows: the user's newest stored
 * message. Older ones would only repeat it; pending and failed ones say so on their own.
 */
export function receiptMessageId(messages: readonly ChatMessage[], userId: string): string | null {
  return messages.findLast((message) => message.senderId === userId && message.seq !== null)?.id ?? null;
}

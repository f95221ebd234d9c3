/**
 * Where the reader left off, as pure math over the messages held: the first message from others
 * after their read position, and how many such messages wait below while they read older ones.
 */

/** What the unread math reads of a message. */
export interface Readable {
  id: string;
  seq: number | null;
  senderId: string;
  system?: boolean;
}

const unreadFromOthers = (message: Readable, lastReadSeq: number, userId: string) =>
  message.seq !== null && message.seq > lastReadSeq && message.senderId !== userId;

/** The first message from others after `lastReadSeq`: where "New messages" goes; null when none. */
export function firstUnreadId(messages: readonly Readable[], lastReadSeq: number, userId: string): string | null {
  return messages.find((message) => unreadFromOthers(message, lastReadSeq, userId))?.id ?? null;
}

/** How many messages from others come after `lastReadSeq`: the count on "jump to latest". */
export function unreadCount(messages: readonly Readable[], lastReadSeq: number, userId: string): number {
  return messages.filter((message) => unreadFromOthers(message, lastReadSeq, userId)).length;
}

/**
 * Each member's row of a conversation in their list, as the conversation's tables stand now.
 * A one-to-one has a row for a member who opened it (members-sql.ts `openedMembers`), and for
 * the other only while it holds a message they can see: being written to, not being looked
 * up, puts it in someone's list.
 */
import { plainText, type ConversationMeta, type ConversationSummary, type Member, type StoredMessage } from "../../protocol/index.js";
import { attachmentsPreview } from "../attachments.js";
import { hasLiveMessage, lastEventAt, latestMessage } from "./events-sql.js";
import { listMembers, mutedMembers, openedMembers, unreadCounts, unreadMentionCounts } from "./members-sql.js";

/** Every member's row, or only `onlyUserId`'s: a list opening asks for its own, and a group may have hundreds. */
export function summariesOf(
  db: SqlStorage,
  meta: ConversationMeta,
  isOnline: (userId: string) => boolean,
  onlyUserId?: string,
): Map<string, ConversationSummary> {
  const members = listMembers(db);
  const unread = unreadCounts(db);
  const unreadMentions = unreadMentionCounts(db);
  const muted = mutedMembers(db);
  const preview = (last: StoredMessage | undefined) =>
    last && {
      senderId: last.senderId,
      senderName: last.senderName,
      text: wordsOf(last),
      createdAt: last.createdAt,
      ...(last.deletedAt ? { deleted: true } : {}),
    };
  // Only one-to-one messages can be hidden from someone, so only they are read per member.
  const shared = meta.type === "group" ? { lastMessage: preview(latestMessage(db)), updatedAt: lastEventAt(db) ?? meta.createdAt } : undefined;
  const opened = meta.type === "direct" ? openedMembers(db) : undefined;
  return new Map(
    members.flatMap((member) => {
      if (onlyUserId !== undefined && member.userId !== onlyUserId) return [];
      const latest = shared ? undefined : latestMessage(db, member.userId);
      const listed = !opened || opened.has(member.userId) || (latest !== undefined && (!latest.deletedAt || hasLiveMessage(db, member.userId)));
      if (!listed) return [];
      const { lastMessage, updatedAt } = shared ?? {
        lastMessage: preview(latest),
        updatedAt: lastEventAt(db, member.userId) ?? meta.createdAt,
      };
      const peer = meta.type === "direct" ? members.find((other) => other.userId !== member.userId) : undefined;
      const summary: ConversationSummary = {
        id: meta.id,
        type: meta.type,
        title: meta.title || defaultTitle(meta.type, member, members),
        avatar: meta.avatar ?? peer?.avatar,
        peer: peer && { userId: peer.userId, name: peer.name, avatar: peer.avatar, online: isOnline(peer.userId) },
        memberCount: members.length,
        lastMessage,
        unread: unread.get(member.userId) ?? 0,
        unreadMentions: unreadMentions.get(member.userId) ?? 0,
        updatedAt,
        ...(muted.has(member.userId) ? { muted: true } : {}),
      };
      return [[member.userId, summary] as const];
    }),
  );
}

/** A message as plain words, for a list row or a digest: markdown reads as the words it formats, a message of files only is named by them. */
export function wordsOf(message: StoredMessage): string {
  return message.text ? plainText(message.text) : attachmentsPreview(message.attachments);
}

/** A one-to-one conversation is titled by the other person; an untitled group by its members. */
function defaultTitle(type: ConversationMeta["type"], viewer: Member, members: Member[]): string {
  const others = members.filter((member) => member.userId !== viewer.userId).map((member) => member.name);
  if (type === "direct") return others[0] ?? viewer.name;
  return others.length === 0 ? "Just you" : others.slice(0, 3).join(", ") + (others.length > 3 ? ` +${others.length - 3}` : "");
}

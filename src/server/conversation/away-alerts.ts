/**
 * What members who are away are pushed: the newest message since the last inbox round, and
 * whom the messages since mention, turned into each member's news when the round names them.
 * A member is pushed only when their Inbox said they want it (`alerts`), their list is closed,
 * they have no socket here, the conversation is not muted, and the message is not theirs or
 * hidden from them.
 */
import type { StoredMessage } from "../../protocol/index.js";
import type { PushAlerts } from "../inbox/notifications.js";
import type { AwayNews } from "../push/away-news.js";
import type { ChatRoom } from "./chat-room.js";
import { countedMentions } from "./chat-room.js";
import { findMember, joinedAfter, mutedMembers } from "./members-sql.js";
import { wordsOf } from "./summaries.js";

interface Pending {
  message: StoredMessage;
  hiddenFrom?: string;
  /** Everyone a message since the last round mentions. */
  mentioned: Set<string>;
}

export class AwayAlerts {
  #pending: Pending | undefined;

  constructor(
    private readonly room: ChatRoom,
    /** What each member's Inbox said it wants pushed. */
    private readonly alertsOf: (userId: string) => PushAlerts,
  ) {}

  /** A message was logged: it may be news to members who are away. */
  noted(message: StoredMessage, hiddenFrom?: string): void {
    const mentioned = this.#pending?.mentioned ?? new Set<string>();
    // Whom it counts as mentioning: not its sender, nor a peer it is hidden from.
    for (const userId of countedMentions(message, hiddenFrom)) mentioned.add(userId);
    this.#pending = { message, hiddenFrom, mentioned };
  }

  /** The news of the messages since the last call, by member (undefined for one not to push), or undefined if none came. */
  take(): ((userId: string) => AwayNews | undefined) | undefined {
    const pending = this.#pending;
    if (!pending) return undefined;
    this.#pending = undefined;
    const { room } = this;
    const { message } = pending;
    let muted: Set<string> | undefined;
    let newcomers: Set<string> | undefined;
    let shared: Omit<AwayNews, "mentioned"> | undefined;
    return (userId) => {
      const alerts = this.alertsOf(userId);
      const mentioned = pending.mentioned.has(userId);
      if (alerts === "none" || (alerts === "mentions" && !mentioned)) return undefined;
      if (userId === message.senderId || userId === pending.hiddenFrom || room.sockets.socketsOf(userId).length > 0) return undefined;
      muted ??= mutedMembers(room.db);
      if (muted.has(userId)) return undefined;
      // Added after the message (while the round was on its way): it is not theirs to be told of.
      newcomers ??= joinedAfter(room.db, message.seq);
      if (newcomers.has(userId)) return undefined;
      shared ??= newsOf(room, message);
      return { ...shared, mentioned };
    };
  }
}

function newsOf(room: ChatRoom, message: StoredMessage): Omit<AwayNews, "mentioned"> {
  const meta = room.meta();
  const avatar = findMember(room.db, message.senderId)?.avatar;
  return {
    conversationId: room.name,
    ...(meta?.type === "group" ? { groupTitle: meta.title } : {}),
    senderName: message.senderName,
    ...(avatar ? { senderAvatar: avatar } : {}),
    text: wordsOf(message),
  };
}

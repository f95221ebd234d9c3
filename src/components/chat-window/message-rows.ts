/**
 * The rows of the chat window's message list as Lit templates: for the rendered slice, each
 * day's separator, the "New messages" divider and every `<chat-message>`, laid out from the
 * whole conversation so a slice reads as part of it.
 */
import { html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { canModerate } from "../../protocol/permissions.js";
import type { Attachment, ChatMessage, Member } from "../../store/index.js";
import { formatDay } from "../format.js";
import { memberLabels } from "../member-labels.js";
import { messageParts } from "../parts.js";
import type { Strings } from "../strings.js";
import { placements } from "./message-groups.js";
import { readersByMessage, receiptMessageId } from "./seen-by.js";
import { unreadCount } from "./unread.js";

/** What the rows are drawn from. */
export interface MessageRows {
  messages: ChatMessage[];
  /** The rendered slice, `messages.slice(start, end)`. */
  start: number;
  end: number;
  userId: string;
  members: Member[];
  direct: boolean;
  /** The first unread message when the conversation opened, under the divider. */
  leftOffAt: string | null | undefined;
  locale: string;
  t: Strings;
  strings: Partial<Strings> | null;
  loadAttachment: ((attachment: Attachment) => Promise<string>) | undefined;
}

export function messageRows(rows: MessageRows) {
  const { messages, start, end, userId, members, t, locale, leftOffAt } = rows;
  const names = memberLabels(members);
  const avatars = new Map(members.map((member) => [member.userId, member.avatar]));
  const byId = new Map(messages.map((message) => [message.id, message]));
  const moderator = canModerate(members.find((member) => member.userId === userId)?.role);
  const receiptId = receiptMessageId(messages, userId);
  const readers = receiptId ? readersByMessage(messages, members, userId).get(receiptId) : undefined;
  const seenBy = !readers ? "" : rows.direct ? t.seen : t.seenBy(readers.join(", "));
  const layout = placements(messages, start, end, leftOffAt);
  const now = Date.now();
  return repeat(
    messages.slice(start, end),
    (message) => message.id,
    (message, index) => {
      const { continued, followed, startsDay } = layout[index]!;
      const day = startsDay ? formatDay(message.createdAt, locale, now) : "";
      return html`${day ? html`<div part="day-separator" class="separator" role="separator" aria-label=${day}>${day}</div>` : nothing}${message.id ===
        leftOffAt
          ? html`<div part="unread-divider" class="separator unread" role="separator" aria-label=${t.newMessages}>${t.newMessages}</div>`
          : nothing}<chat-message
          part="message"
          lang=${locale || nothing}
          .strings=${rows.strings}
          data-id=${message.id}
          exportparts=${messageParts}
          .message=${message}
          .loadAttachment=${rows.loadAttachment}
          .quoted=${message.replyTo ? byId.get(message.replyTo) : undefined}
          .names=${names}
          .userId=${userId}
          .seenBy=${message.id === receiptId ? seenBy : ""}
          ?own=${message.senderId === userId}
          ?continued=${continued}
          ?followed=${followed}
          ?avatars=${!message.system}
          .avatarUrl=${avatars.get(message.senderId)}
          .hideReceipt=${message.id !== receiptId}
          .canDelete=${message.senderId === userId || moderator}
        ></chat-message>`;
    },
  );
}

/** "Jump to latest", with how many messages from others wait below; for a reader scrolled up. */
export function jumpButton(messages: ChatMessage[], me: Member | undefined, t: Strings, jump: () => void) {
  const count = me ? unreadCount(messages, me.lastReadSeq, me.userId) : 0;
  return html`<div class="jump">
    <button part="jump-button" class="jump-button" type="button" @click=${jump}>
      ${count ? t.newMessagesBelow(count) : t.jumpToLatest}<span aria-hidden="true"> ↓</span>
    </button>
  </div>`;
}

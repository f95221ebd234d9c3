/**
 * The rows of the chat window's message list as Lit templates: for the rendered slice, each
 * day's separator, the "New messages" divider and every `<chat-message>`, laid out from the
 * whole conversation so a slice reads as part of it.
 */
import { html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { canModerate } from "../../protocol/permissions.js";
import type { Activity, Attachment, ChatMessage, Member } from "../../store/index.js";
import { formatDay } from "../format.js";
import { memberLabels } from "../member-labels.js";
import { messageParts } from "../parts.js";
import type { Strings } from "../strings.js";
import { sameDay } from "./days.js";
import { placements } from "./message-groups.js";
import { placeLines, systemLineText, type SystemLine } from "./system-lines.js";
import { readersByMessage, receiptMessageId } from "./seen-by.js";
import { unreadCount } from "./unread.js";

/** What the rows are drawn from. */
export interface MessageRows {
  messages: ChatMessage[];
  /** Member and meta events among the messages, shown as system lines. */
  activity: Activity[];
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
  const nameOf = (id: string, fallback: string | undefined) => names.get(id) ?? fallback;
  const lines = placeLines(
    messages,
    rows.activity.flatMap((item) => {
      const text = systemLineText(item, t, nameOf, rows.direct);
      return text ? [{ seq: item.seq, text, at: item.at }] : [];
    }),
  );
  const layout = placements(messages, start, end, leftOffAt, lines.before);
  const now = Date.now();
  const separator = (at: number) => {
    const day = formatDay(at, locale, now);
    return html`<div part="day-separator" class="separator" role="separator" aria-label=${day}>${day}</div>`;
  };
  /** The lines, each after its day's separator where its day differs from what is above it. */
  const systemLines = (items: readonly SystemLine[], above: number | undefined) =>
    items.map((line, index) => {
      const previous = index > 0 ? items[index - 1]!.at : above;
      return html`${previous === undefined || !sameDay(previous, line.at) ? separator(line.at) : nothing}<p part="system-line" class="system-line">${line.text}</p>`;
    });
  const rendered = repeat(
    messages.slice(start, end),
    (message) => message.id,
    (message, index) => {
      const { continued, followed } = layout[index]!;
      const before = lines.before.get(message.id) ?? [];
      const above = index === 0 ? undefined : messages[start + index - 1]!.createdAt;
      const lastAbove = before.at(-1)?.at ?? above;
      const startsDay = before.length ? !sameDay(lastAbove!, message.createdAt) : layout[index]!.startsDay;
      return html`${systemLines(before, above)}${startsDay ? separator(message.createdAt) : nothing}${message.id ===
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
  const last = messages.at(-1)?.createdAt;
  return html`${rendered}${end === messages.length && lines.after.length ? systemLines(lines.after, end > start ? last : undefined) : nothing}`;
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

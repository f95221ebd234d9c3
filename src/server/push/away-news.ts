/**
 * What a Conversation tells the Inbox of a member who is away about its newest message, and the
 * notification that makes: one per conversation (its `tag`), naming the sender and what they
 * wrote, or only "New message" when the host turns previews off.
 */
import type { PushPayload } from "../../protocol/index.js";

export interface AwayNews {
  conversationId: string;
  /** A group's title; a one-to-one is named by its sender. */
  groupTitle?: string;
  senderName: string;
  senderAvatar?: string;
  /** The newest message as plain words (a message of files only, named by them). */
  text: string;
  /** Whether a message since the member was last told mentions them. */
  mentioned: boolean;
}

/** Longest body a notification carries: a few lines on a phone. */
export const PUSH_BODY_LENGTH = 200;
/** Most bytes of JSON one encrypted push carries (4096 less the record's framing and padding delimiter). */
export const PUSH_PAYLOAD_BYTES = 3993;

const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/** The notification `news` makes; `previews` off keeps the sender and the words off the lock screen. */
export function payloadOf(news: AwayNews, previews: boolean): PushPayload {
  const tag = `confab:${news.conversationId}`;
  if (!previews) return { conversationId: news.conversationId, title: "New message", body: "", tag };
  const body = news.groupTitle === undefined ? news.text : `${news.senderName}: ${news.text}`;
  return fitted({
    conversationId: news.conversationId,
    title: cut(news.groupTitle ?? news.senderName, 120),
    body: cut(body.replace(/\s+/g, " ").trim(), PUSH_BODY_LENGTH),
    tag,
    ...(news.senderAvatar ? { icon: news.senderAvatar } : {}),
  });
}

const bytesOf = (payload: PushPayload) => new TextEncoder().encode(JSON.stringify(payload)).length;

/** `payload` within what one push carries: escaped text can take six bytes a character, so the icon goes, then words. */
function fitted(payload: PushPayload): PushPayload {
  let fitting = payload;
  if (bytesOf(fitting) > PUSH_PAYLOAD_BYTES) fitting = { ...fitting, icon: undefined };
  while (bytesOf(fitting) > PUSH_PAYLOAD_BYTES) fitting = { ...fitting, body: cut(fitting.body, Math.floor(fitting.body.length * 0.8)) };
  return fitting;
}

/**
 * The conversation socket (`/parties/conversation/:id`): every frame a member sends and the
 * server answers or broadcasts, as valibot schemas with their types. Both ends validate here.
 */
import * as v from "valibot";
import { DoneFrame, ErrorFrame } from "./answers.js";
import { LIMITS } from "./limits.js";
import { MetadataChanges } from "./metadata-changes.js";
import { Attachments, Avatar, ConversationEvent, ConversationMeta, Member, MessageId, Mentions, MessageText, Metadata, RequestRef, Seq, Timestamp, Title, UserId } from "./values.js";

// ── member → conversation ───────────────────────────────────────────────────

/**
 * One emoji, as a reaction: a keycap, a flag, a skin tone, or a pictograph with its skin tone,
 * presentation selector and tags, joined to more by ZWJ. Digits, `#` and `*` are emoji
 * components too, so a bare character class would let "1" or "123" through.
 */
const Emoji = v.pipe(
  v.string(),
  v.maxLength(LIMITS.emojiLength),
  v.regex(
    /^(?:[#*0-9]\ufe0f?\u20e3|\p{Regional_Indicator}{2}|\p{Emoji_Modifier}|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\ufe0f|[\u{e0020}-\u{e007f}])*(?:\u200d\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\ufe0f)*)*)$/u,
    "a reaction is one emoji",
  ),
);

export const HelloFrame = v.object({
  type: v.literal("hello"),
  /** Last seq the client holds; absent on a cold start. */
  since: v.optional(Seq),
});
export type HelloFrame = v.InferOutput<typeof HelloFrame>;

/**
 * A socket opened with `?away=1` follows the conversation without showing it: it gets every
 * frame a member's socket gets, its member counts as online but not as here. Known when the
 * socket is admitted, so opening one never shows its member here for a moment.
 */
export const AWAY_PARAM = "away";
export const isAwaySocket = (url: string): boolean => new URL(url).searchParams.get(AWAY_PARAM) === "1";

/** This socket shows the conversation (`on`: its member is here) or only follows it (away). */
export const HereFrame = v.object({ type: v.literal("here"), on: v.boolean() });
export type HereFrame = v.InferOutput<typeof HereFrame>;

export const SendFrame = v.object({
  type: v.literal("send"),
  id: MessageId,
  text: MessageText,
  metadata: v.optional(Metadata),
  attachments: v.optional(Attachments),
  mentions: v.optional(Mentions),
  replyTo: v.optional(MessageId),
});
export type SendFrame = v.InferOutput<typeof SendFrame>;

/** A send needs text or attachments (a variant's options cannot check across fields). */
export const sendHasContent = (frame: SendFrame): boolean =>
  frame.text.trim().length > 0 || Boolean(frame.attachments?.length);

/**
 * Changes one's own message: its text, metadata and attachments, each when given, in one
 * durable change. `attachments` is the whole new list: ones the message holds, and uploads of
 * this user to this conversation not sent yet (checked like a send's); `[]` removes them all.
 * `mentions`, when given, replaces the message's; without it the ones the text still names
 * are kept.
 */
export const EditFrame = v.object({
  type: v.literal("edit"),
  ref: RequestRef,
  messageId: MessageId,
  text: v.optional(MessageText),
  metadata: v.optional(Metadata),
  attachments: v.optional(Attachments),
  mentions: v.optional(Mentions),
});
export type EditFrame = v.InferOutput<typeof EditFrame>;

/** Deletes one's own message, or anyone's for owners and admins. */
export const DeleteFrame = v.object({ type: v.literal("delete"), ref: RequestRef, messageId: MessageId });
export type DeleteFrame = v.InferOutput<typeof DeleteFrame>;

/** Adds (`on`) or takes back this user's `emoji` reaction: idempotent, so safe to resend. */
export const ReactFrame = v.object({
  type: v.literal("react"),
  ref: RequestRef,
  messageId: MessageId,
  emoji: Emoji,
  on: v.boolean(),
});
export type ReactFrame = v.InferOutput<typeof ReactFrame>;

/** Starts or stops this user's typing indicator for the others; never stored. */
export const TypingFrame = v.object({ type: v.literal("typing"), on: v.boolean() });
export type TypingFrame = v.InferOutput<typeof TypingFrame>;

/**
 * This member's draft as it stands, shown live to the others with the conversation open where
 * it has `liveTyping` on; never stored. Empty text clears it.
 */
export const KeystrokesFrame = v.object({
  type: v.literal("keystrokes"),
  text: v.pipe(v.string(), v.maxLength(LIMITS.keystrokesLength, `live typing text is at most ${LIMITS.keystrokesLength} characters`)),
});
export type KeystrokesFrame = v.InferOutput<typeof KeystrokesFrame>;

export const AddFrame = v.object({ type: v.literal("add"), ref: RequestRef, userId: UserId });
export type AddFrame = v.InferOutput<typeof AddFrame>;

export const KickFrame = v.object({ type: v.literal("kick"), ref: RequestRef, userId: UserId });
export type KickFrame = v.InferOutput<typeof KickFrame>;

export const LeaveFrame = v.object({ type: v.literal("leave"), ref: RequestRef });
export type LeaveFrame = v.InferOutput<typeof LeaveFrame>;

export const UpdateFrame = v.object({
  type: v.literal("update"),
  ref: RequestRef,
  title: v.optional(Title),
  avatar: v.optional(v.nullable(Avatar)),
  /** Replaces the whole metadata object. */
  metadata: v.optional(Metadata),
  /** Merged into the metadata as it stands on the server (not with `metadata`). */
  metadataChanges: v.optional(MetadataChanges),
  /** Lets members send live typing text: owners and admins of a group, either member of a one-to-one. */
  liveTyping: v.optional(v.boolean()),
});
export type UpdateFrame = v.InferOutput<typeof UpdateFrame>;

export const ReadFrame = v.object({ type: v.literal("read"), seq: Seq });
export type ReadFrame = v.InferOutput<typeof ReadFrame>;

/**
 * Asks for a page of events: the `limit` oldest after seq `after`, or else the `limit` newest
 * before seq `before` (or the newest of all).
 */
export const HistoryFrame = v.object({
  type: v.literal("history"),
  ref: RequestRef,
  before: v.optional(Seq),
  after: v.optional(Seq),
  limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.historyPageSize)),
  /**
   * Also the member and meta events among the page's messages (for system lines): `limit`
   * still counts messages. Without it a page holds messages only, as older clients expect.
   */
  activity: v.optional(v.boolean()),
  /**
   * Page by number instead (1: the newest `limit` messages), counting messages not deleted:
   * answered with `totalMessages`; `before`, `after` and `activity` do not apply.
   */
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, "page numbers start at 1"), v.maxValue(1e9))),
});
export type HistoryFrame = v.InferOutput<typeof HistoryFrame>;

/** Mutes (no badge, not counted in the total unread) or unmutes the conversation for this user only. */
export const MuteFrame = v.object({ type: v.literal("mute"), ref: RequestRef });
export type MuteFrame = v.InferOutput<typeof MuteFrame>;

export const UnmuteFrame = v.object({ type: v.literal("unmute"), ref: RequestRef });

/** Removes a user from a group (if a member) and keeps them out until unbanned: owners and admins. */
export const BanFrame = v.object({ type: v.literal("ban"), ref: RequestRef, userId: UserId });
export type BanFrame = v.InferOutput<typeof BanFrame>;

export const UnbanFrame = v.object({ type: v.literal("unban"), ref: RequestRef, userId: UserId });
export type UnbanFrame = v.InferOutput<typeof UnbanFrame>;

/**
 * Full-text search of the conversation's messages, answered with a `page` whose events are the
 * matching messages, newest first. The query is words, not syntax: each word must appear
 * (the last one as a prefix).
 */
export const SearchFrame = v.object({
  type: v.literal("search"),
  ref: RequestRef,
  query: v.pipe(v.string(), v.maxLength(LIMITS.searchQueryLength, `search queries are at most ${LIMITS.searchQueryLength} characters`)),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.searchResults))),
});
export type SearchFrame = v.InferOutput<typeof SearchFrame>;

export const ClientFrame = v.variant("type", [
  HelloFrame,
  HereFrame,
  SendFrame,
  AddFrame,
  KickFrame,
  LeaveFrame,
  UpdateFrame,
  ReadFrame,
  HistoryFrame,
  EditFrame,
  DeleteFrame,
  ReactFrame,
  TypingFrame,
  KeystrokesFrame,
  MuteFrame,
  UnmuteFrame,
  BanFrame,
  UnbanFrame,
  SearchFrame,
]);
export type ClientFrame = v.InferOutput<typeof ClientFrame>;

// ── conversation → member ───────────────────────────────────────────────────

export const WelcomeFrame = v.object({
  type: v.literal("welcome"),
  conversationId: v.string(),
  userId: v.string(),
  /** Highest seq in the conversation when the welcome was sent. */
  lastSeq: Seq,
  meta: ConversationMeta,
  members: v.array(Member),
  /** Events after `since`, or the latest page. Ordered by seq. */
  events: v.array(ConversationEvent),
  /** True when `events` is the latest page rather than a gap-free replay: drop what you hold. */
  reset: v.boolean(),
  /** Members connected anywhere (this conversation, another, or their conversation list). */
  online: v.array(v.string()),
  /** Members with this conversation open: a socket here not away. */
  here: v.array(v.string()),
});
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrame>;

export const EventFrame = v.object({ type: v.literal("event"), event: ConversationEvent });
export type EventFrame = v.InferOutput<typeof EventFrame>;

export const AckFrame = v.object({ type: v.literal("ack"), id: MessageId, seq: Seq, createdAt: Timestamp });
export type AckFrame = v.InferOutput<typeof AckFrame>;

/**
 * Another member's read position moved to `seq` at `readAt`: `messageIds` are the messages from
 * others it newly covers, in seq order, the newest LIMITS.readMessageIds of them at most.
 */
export const ReadByFrame = v.object({
  type: v.literal("read_by"),
  userId: v.string(),
  seq: Seq,
  readAt: v.optional(Timestamp),
  messageIds: v.optional(v.array(MessageId)),
});
export type ReadByFrame = v.InferOutput<typeof ReadByFrame>;

/** Another member started or stopped typing. */
export const TypingByFrame = v.object({ type: v.literal("typing_by"), userId: v.string(), name: v.string(), on: v.boolean() });
export type TypingByFrame = v.InferOutput<typeof TypingByFrame>;

/** Another member's live typing text (empty: cleared). */
export const KeystrokesByFrame = v.object({ type: v.literal("keystrokes_by"), userId: v.string(), text: v.string() });
export type KeystrokesByFrame = v.InferOutput<typeof KeystrokesByFrame>;

/** A member came online or went offline, or opened or closed this conversation. */
export const PresenceFrame = v.object({ type: v.literal("presence"), userId: v.string(), online: v.boolean(), here: v.boolean() });
export type PresenceFrame = v.InferOutput<typeof PresenceFrame>;

/** The answer to `history` (events in seq order) or `search` (matching messages, newest first). */
export const PageFrame = v.object({
  type: v.literal("page"),
  ref: v.string(),
  events: v.array(ConversationEvent),
  /** Whether events remain beyond the page, in the direction asked for. */
  hasMore: v.boolean(),
  /** For a `history` asking for a `page`: the messages not deleted the reader may see. */
  totalMessages: v.optional(Seq),
});
export type PageFrame = v.InferOutput<typeof PageFrame>;

export const ServerFrame = v.variant("type", [
  WelcomeFrame,
  EventFrame,
  AckFrame,
  DoneFrame,
  ReadByFrame,
  TypingByFrame,
  KeystrokesByFrame,
  PresenceFrame,
  PageFrame,
  ErrorFrame,
]);
export type ServerFrame = v.InferOutput<typeof ServerFrame>;

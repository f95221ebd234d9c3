/**
 * The wire format between widget and server: every frame either side sends, as valibot
 * schemas with their TypeScript types. Both ends validate every frame they receive here.
 *
 * Two kinds of socket: one per open conversation (`/parties/conversation/:id`) and one per
 * user for their conversation list (`/parties/inbox/:userId`).
 */
import * as v from "valibot";
import { plainLabel } from "./labels.js";
import { CONVERSATION_ID_PATTERN, CONVERSATION_ID_PREFIXES, LIMITS, USER_ID_PATTERN } from "./limits.js";

// ── shared values ───────────────────────────────────────────────────────────

// Finite numbers only: JSON has no Infinity or NaN, so they would come back as null.
const MetadataValue = v.union([v.string(), v.pipe(v.number(), v.finite()), v.boolean()]);

/** Keys valibot's record would silently drop, so the stored copy would differ from the sent one. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export const Metadata = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) =>
      typeof input === "object" &&
      input !== null &&
      !Array.isArray(input) &&
      !Object.keys(input).some((key) => RESERVED_KEYS.has(key)),
    "metadata must be an object without __proto__, constructor or prototype keys",
  ),
  v.record(v.string(), MetadataValue),
  v.check(
    (metadata) => JSON.stringify(metadata).length <= LIMITS.metadataBytes,
    `metadata must be at most ${LIMITS.metadataBytes} bytes of JSON`,
  ),
);
export type Metadata = v.InferOutput<typeof Metadata>;

export const Seq = v.pipe(v.number(), v.integer(), v.minValue(0));
const Timestamp = v.number();

// Lower case only: ids are compared as text, so an upper-case copy would dodge id_conflict.
export const MessageId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, "message id must be a lower-case UUID"),
);
export const UserId = v.pipe(v.string(), v.regex(USER_ID_PATTERN, "user ids are 1-64 letters, digits, or . _ @ - (a guest's start with ~)"));
export const ConversationId = v.pipe(
  v.string(),
  v.regex(CONVERSATION_ID_PATTERN, "conversation ids are 1-64 letters, digits, _ or -"),
);
/** A client-chosen id that the answer to a request carries back. */
const RequestRef = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

// May be empty on a message with attachments: parseClientFrame checks `sendHasContent`.
export const MessageText = v.pipe(
  v.string(),
  v.maxLength(LIMITS.messageTextLength, `message text must be at most ${LIMITS.messageTextLength} characters`),
);
/** A conversation title as given: kept as a plain label (src/protocol/labels.ts), then checked. */
export const Title = v.pipe(
  v.string(),
  v.transform(plainLabel),
  v.maxLength(LIMITS.titleLength, `titles are at most ${LIMITS.titleLength} characters`),
);
export const Avatar = v.pipe(
  v.string(),
  v.maxLength(LIMITS.avatarLength),
  v.url("avatar must be a URL"),
  v.regex(/^https?:\/\//i, "avatar must be an http(s) URL"),
);

export const ConversationType = v.picklist(["direct", "group"]);
export type ConversationType = v.InferOutput<typeof ConversationType>;

export const Role = v.picklist(["owner", "admin", "member"]);
export type Role = v.InferOutput<typeof Role>;

const Pixels = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
/**
 * A file uploaded to a conversation (`POST /attachments/:conversationId`) and referenced from
 * a message. Images carry their size in pixels, so the message list can reserve their space.
 * The server replaces what a send claims about a file by what it stored.
 */
export const Attachment = v.object({
  id: MessageId,
  name: v.pipe(v.string(), v.maxLength(LIMITS.attachmentNameLength)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  type: v.pipe(v.string(), v.maxLength(127), v.regex(/^[\w.+-]+\/[\w.+-]+$/, "attachment type must be a MIME type")),
  width: Pixels,
  height: Pixels,
});
export type Attachment = v.InferOutput<typeof Attachment>;

/**
 * Members a message mentions, by user id. The text names each as "@Name" or "@id"
 * (src/protocol/mentions.ts): the server keeps only members the text names, each once.
 */
export const Mentions = v.pipe(v.array(UserId), v.maxLength(LIMITS.mentionsPerMessage, `at most ${LIMITS.mentionsPerMessage} mentions`));

const Attachments = v.pipe(v.array(Attachment), v.maxLength(LIMITS.attachmentsPerMessage, `at most ${LIMITS.attachmentsPerMessage} attachments`));

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

const PreviewUrl = v.pipe(v.string(), v.maxLength(LIMITS.previewUrlLength), v.regex(/^https?:\/\//i, "a preview's URLs are http(s)"));
const PreviewText = (length: number) => v.optional(v.pipe(v.string(), v.maxLength(length)));

/**
 * The card of a message's first link, fetched by the server (src/server/link-preview.ts) and
 * attached by a `previewed` change: `url` is the link as the text has it; `image` is the page's
 * picture where the page has it, which no reader's browser loads; `picture` is the server's copy
 * of it, served to members like an attachment (README "Link previews").
 */
export const LinkPreview = v.object({
  url: PreviewUrl,
  title: PreviewText(LIMITS.previewTitleLength),
  description: PreviewText(LIMITS.previewDescriptionLength),
  image: v.optional(PreviewUrl),
  picture: v.optional(Attachment),
  siteName: PreviewText(LIMITS.previewSiteNameLength),
});
export type LinkPreview = v.InferOutput<typeof LinkPreview>;

/** A message as the server holds it now: later edits, deletion and reactions included. */
export const StoredMessage = v.object({
  id: MessageId,
  seq: Seq,
  senderId: v.string(),
  senderName: v.string(),
  text: v.string(),
  metadata: v.optional(Metadata),
  attachments: v.optional(Attachments),
  mentions: v.optional(Mentions),
  createdAt: Timestamp,
  /** The id of the message this one answers. */
  replyTo: v.optional(MessageId),
  editedAt: v.optional(Timestamp),
  /** Set when deleted: text, metadata, attachments and reactions are gone. */
  deletedAt: v.optional(Timestamp),
  /** Who reacted with each emoji, in the order they did. */
  reactions: v.optional(v.record(v.string(), v.array(v.string()))),
  /** Posted by the host's backend as the conversation itself (server API): no sender, shown as a centred line. */
  system: v.optional(v.boolean()),
  /** The card of the text's first link, once the server fetched it. */
  preview: v.optional(LinkPreview),
});
export type StoredMessage = v.InferOutput<typeof StoredMessage>;

export const Member = v.object({
  userId: v.string(),
  name: v.string(),
  avatar: v.optional(v.string()),
  role: Role,
  /** The highest seq this member has seen. */
  lastReadSeq: Seq,
  joinedAt: Timestamp,
});
export type Member = v.InferOutput<typeof Member>;

export const ConversationMeta = v.object({
  id: v.string(),
  type: ConversationType,
  title: v.string(),
  avatar: v.optional(v.string()),
  metadata: v.optional(Metadata),
  /** Whether anyone who knows the id may join. */
  joinable: v.boolean(),
  createdAt: Timestamp,
});
export type ConversationMeta = v.InferOutput<typeof ConversationMeta>;

/** Every durable change to a conversation, in seq order: what resume replays. */
export const ConversationEvent = v.variant("kind", [
  v.object({ kind: v.literal("message"), seq: Seq, message: StoredMessage }),
  v.object({
    kind: v.literal("member"),
    seq: Seq,
    op: v.picklist(["added", "joined", "left", "kicked", "updated"]),
    member: Member,
    actorId: v.string(),
    at: Timestamp,
  }),
  v.object({ kind: v.literal("meta"), seq: Seq, meta: ConversationMeta, actorId: v.string(), at: Timestamp }),
  /** A message changed: `message` is its whole new state, under its own (older) seq. `previewed`: the server attached its link preview. */
  v.object({
    kind: v.literal("change"),
    seq: Seq,
    op: v.picklist(["edited", "deleted", "reacted", "previewed"]),
    message: StoredMessage,
    actorId: v.string(),
    at: Timestamp,
  }),
]);
export type ConversationEvent = v.InferOutput<typeof ConversationEvent>;

/** One row of a user's conversation list, as their inbox holds it. */
export const ConversationSummary = v.object({
  id: v.string(),
  type: ConversationType,
  title: v.string(),
  avatar: v.optional(v.string()),
  /** For one-to-one conversations: the other person. */
  peer: v.optional(
    v.object({ userId: v.string(), name: v.string(), avatar: v.optional(v.string()), online: v.optional(v.boolean()) }),
  ),
  memberCount: v.number(),
  lastMessage: v.optional(
    v.object({
      senderId: v.string(),
      senderName: v.string(),
      text: v.string(),
      createdAt: Timestamp,
      deleted: v.optional(v.boolean()),
    }),
  ),
  unread: v.number(),
  /** Unread messages that mention this user (counted even when muted). */
  unreadMentions: v.optional(v.number()),
  updatedAt: Timestamp,
  /** Set when this user muted the conversation: no badge, not in the total unread count. */
  muted: v.optional(v.boolean()),
});
export type ConversationSummary = v.InferOutput<typeof ConversationSummary>;

// ── client → conversation ───────────────────────────────────────────────────

export const HelloFrame = v.object({
  type: v.literal("hello"),
  /** Last seq the client holds; absent on a cold start. */
  since: v.optional(Seq),
});
export const SendFrame = v.object({
  type: v.literal("send"),
  id: MessageId,
  text: MessageText,
  metadata: v.optional(Metadata),
  attachments: v.optional(Attachments),
  mentions: v.optional(Mentions),
  replyTo: v.optional(MessageId),
});
/** A send needs text or attachments (a variant's options cannot check across fields). */
export const sendHasContent = (frame: v.InferOutput<typeof SendFrame>): boolean =>
  frame.text.trim().length > 0 || Boolean(frame.attachments?.length);
/**
 * Replaces the text (and metadata, when given) of one's own message. `mentions`, when given,
 * replaces the message's; without it the ones the new text still names are kept.
 */
export const EditFrame = v.object({
  type: v.literal("edit"),
  ref: RequestRef,
  messageId: MessageId,
  text: MessageText,
  metadata: v.optional(Metadata),
  mentions: v.optional(Mentions),
});
/** Deletes one's own message, or anyone's for owners and admins. */
export const DeleteFrame = v.object({ type: v.literal("delete"), ref: RequestRef, messageId: MessageId });
/** Adds (`on`) or takes back this user's `emoji` reaction: idempotent, so safe to resend. */
export const ReactFrame = v.object({
  type: v.literal("react"),
  ref: RequestRef,
  messageId: MessageId,
  emoji: Emoji,
  on: v.boolean(),
});
/** Starts or stops this user's typing indicator for the others; never stored. */
export const TypingFrame = v.object({ type: v.literal("typing"), on: v.boolean() });
export const AddFrame = v.object({ type: v.literal("add"), ref: RequestRef, userId: UserId });
export const KickFrame = v.object({ type: v.literal("kick"), ref: RequestRef, userId: UserId });
export const LeaveFrame = v.object({ type: v.literal("leave"), ref: RequestRef });
export const UpdateFrame = v.object({
  type: v.literal("update"),
  ref: RequestRef,
  title: v.optional(Title),
  avatar: v.optional(v.nullable(Avatar)),
  metadata: v.optional(Metadata),
});
export const ReadFrame = v.object({ type: v.literal("read"), seq: Seq });
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
});

/** Mutes (no badge, not counted in the total unread) or unmutes the conversation for this user only. */
export const MuteFrame = v.object({ type: v.literal("mute"), ref: RequestRef });
export const UnmuteFrame = v.object({ type: v.literal("unmute"), ref: RequestRef });
/** Removes a user from a group (if a member) and keeps them out until unbanned: owners and admins. */
export const BanFrame = v.object({ type: v.literal("ban"), ref: RequestRef, userId: UserId });
export const UnbanFrame = v.object({ type: v.literal("unban"), ref: RequestRef, userId: UserId });
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

export const ClientFrame = v.variant("type", [
  HelloFrame,
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
  MuteFrame,
  UnmuteFrame,
  BanFrame,
  UnbanFrame,
  SearchFrame,
]);
export type HelloFrame = v.InferOutput<typeof HelloFrame>;
export type SendFrame = v.InferOutput<typeof SendFrame>;
export type AddFrame = v.InferOutput<typeof AddFrame>;
export type KickFrame = v.InferOutput<typeof KickFrame>;
export type LeaveFrame = v.InferOutput<typeof LeaveFrame>;
export type UpdateFrame = v.InferOutput<typeof UpdateFrame>;
export type ReadFrame = v.InferOutput<typeof ReadFrame>;
export type HistoryFrame = v.InferOutput<typeof HistoryFrame>;
export type EditFrame = v.InferOutput<typeof EditFrame>;
export type DeleteFrame = v.InferOutput<typeof DeleteFrame>;
export type ReactFrame = v.InferOutput<typeof ReactFrame>;
export type TypingFrame = v.InferOutput<typeof TypingFrame>;
export type MuteFrame = v.InferOutput<typeof MuteFrame>;
export type BanFrame = v.InferOutput<typeof BanFrame>;
export type UnbanFrame = v.InferOutput<typeof UnbanFrame>;
export type SearchFrame = v.InferOutput<typeof SearchFrame>;
export type ClientFrame = v.InferOutput<typeof ClientFrame>;

// ── client → inbox ──────────────────────────────────────────────────────────

export const CreateFrame = v.object({
  type: v.literal("create"),
  ref: RequestRef,
  conversationType: ConversationType,
  /** Others to include; a one-to-one conversation names exactly one. */
  members: v.pipe(v.array(UserId), v.maxLength(LIMITS.groupMembers - 1)),
  /** A group's id, starting `c_` (src/protocol/limits.ts); random when absent. One-to-one ids derive from the pair. */
  id: v.optional(
    v.pipe(
      ConversationId,
      v.startsWith(CONVERSATION_ID_PREFIXES.clientNamed, `a group id a client names starts with ${CONVERSATION_ID_PREFIXES.clientNamed}; other ids are the host's`),
    ),
  ),
  title: v.optional(Title),
  avatar: v.optional(Avatar),
  metadata: v.optional(Metadata),
  joinable: v.optional(v.boolean()),
});
export const JoinFrame = v.object({ type: v.literal("join"), ref: RequestRef, conversationId: ConversationId });

/**
 * Blocks (or unblocks) a user for this user: their one-to-one messages are no longer shown to
 * this user, who cannot start a one-to-one with them. They are not told.
 */
export const BlockFrame = v.object({ type: v.literal("block"), ref: RequestRef, userId: UserId });
export const UnblockFrame = v.object({ type: v.literal("unblock"), ref: RequestRef, userId: UserId });

export const InboxClientFrame = v.variant("type", [CreateFrame, JoinFrame, BlockFrame, UnblockFrame]);
export type BlockFrame = v.InferOutput<typeof BlockFrame>;
export type CreateFrame = v.InferOutput<typeof CreateFrame>;
export type JoinFrame = v.InferOutput<typeof JoinFrame>;
export type InboxClientFrame = v.InferOutput<typeof InboxClientFrame>;

// ── server → client ─────────────────────────────────────────────────────────

export const ErrorCode = v.picklist([
  "bad_json",
  "bad_frame",
  "frame_too_large",
  "id_conflict",
  "forbidden",
  "not_found",
  "not_member",
  "exists",
  "unauthorized",
  "rate_limited",
  "too_many_connections",
  /** The text holds a word this server refuses (BLOCKED_WORDS). */
  "blocked_word",
  "internal",
]);
export type ErrorCode = v.InferOutput<typeof ErrorCode>;

export const ErrorFrame = v.object({
  type: v.literal("error"),
  code: ErrorCode,
  message: v.string(),
  /** The id or ref of the frame the error answers, when there is one. */
  ref: v.optional(v.string()),
});

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
  /** Members with this conversation open. */
  here: v.array(v.string()),
});
export const EventFrame = v.object({ type: v.literal("event"), event: ConversationEvent });
export const AckFrame = v.object({ type: v.literal("ack"), id: MessageId, seq: Seq, createdAt: Timestamp });
/** A request (`add`, `kick`, `leave`, `update`, `edit`, `delete`, `react`, `create`, `join`) succeeded. */
export const DoneFrame = v.object({ type: v.literal("done"), ref: v.string(), conversationId: v.optional(v.string()) });
/** Another member's read position moved. */
export const ReadByFrame = v.object({ type: v.literal("read_by"), userId: v.string(), seq: Seq });

/** Another member started or stopped typing. */
export const TypingByFrame = v.object({ type: v.literal("typing_by"), userId: v.string(), name: v.string(), on: v.boolean() });
/** A member came online or went offline, or opened or closed this conversation. */
export const PresenceFrame = v.object({ type: v.literal("presence"), userId: v.string(), online: v.boolean(), here: v.boolean() });

/** The answer to `history` (events in seq order) or `search` (matching messages, newest first). */
export const PageFrame = v.object({
  type: v.literal("page"),
  ref: v.string(),
  events: v.array(ConversationEvent),
  /** Whether events remain beyond the page, in the direction asked for. */
  hasMore: v.boolean(),
});

export const ServerFrame = v.variant("type", [
  WelcomeFrame,
  EventFrame,
  AckFrame,
  DoneFrame,
  ReadByFrame,
  TypingByFrame,
  PresenceFrame,
  PageFrame,
  ErrorFrame,
]);

export const InboxFrame = v.object({ type: v.literal("inbox"), conversations: v.array(ConversationSummary) });
export const SummaryFrame = v.object({ type: v.literal("summary"), conversation: ConversationSummary });
export const RemovedFrame = v.object({ type: v.literal("removed"), conversationId: v.string() });

export const InboxServerFrame = v.variant("type", [InboxFrame, SummaryFrame, RemovedFrame, DoneFrame, ErrorFrame]);

export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrame>;
export type EventFrame = v.InferOutput<typeof EventFrame>;
export type AckFrame = v.InferOutput<typeof AckFrame>;
export type DoneFrame = v.InferOutput<typeof DoneFrame>;
export type ReadByFrame = v.InferOutput<typeof ReadByFrame>;
export type TypingByFrame = v.InferOutput<typeof TypingByFrame>;
export type PresenceFrame = v.InferOutput<typeof PresenceFrame>;
export type PageFrame = v.InferOutput<typeof PageFrame>;
export type ServerFrame = v.InferOutput<typeof ServerFrame>;
export type InboxFrame = v.InferOutput<typeof InboxFrame>;
export type SummaryFrame = v.InferOutput<typeof SummaryFrame>;
export type RemovedFrame = v.InferOutput<typeof RemovedFrame>;
export type InboxServerFrame = v.InferOutput<typeof InboxServerFrame>;

/** Close codes a server uses when it refuses or ends a socket; clients do not reconnect on them. */
export const CLOSE_CODES = {
  /** Not a member of the conversation, or not the owner of the inbox. */
  forbidden: 4003,
  notFound: 4004,
  removed: 4010,
  /** The room id in the URL is not a valid id. */
  badRequest: 4400,
  /** Missing, malformed, forged or expired token: get a fresh one and connect again. */
  unauthorized: 4401,
  /** The page's origin is not allowed to use this server. */
  forbiddenOrigin: 4403,
  tooManyConnections: 4429,
  /** The standard "try again later": the client reconnects with its backoff. */
  tryAgainLater: 1013,
} as const;

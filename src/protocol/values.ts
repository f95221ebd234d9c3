/**
 * The values frames carry (ids, messages, members, conversations, events, list rows) as
 * valibot schemas, each with its TypeScript type beside it.
 */
import * as v from "valibot";
import { plainLabel } from "./labels.js";
import { CONVERSATION_ID_PATTERN, CONVERSATION_ID_RULE, LIMITS, USER_ID_PATTERN, USER_ID_RULE } from "./limits.js";

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

export const Timestamp = v.number();

// Lower case only: ids are compared as text, so an upper-case copy would dodge id_conflict.
export const MessageId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, "message id must be a lower-case UUID"),
);

export const UserId = v.pipe(v.string(), v.regex(USER_ID_PATTERN, `${USER_ID_RULE} (a guest's start with ~)`));

export const ConversationId = v.pipe(
  v.string(),
  v.regex(CONVERSATION_ID_PATTERN, CONVERSATION_ID_RULE),
);

/** A client-chosen id that the answer to a request carries back. */
export const RequestRef = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

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

export const Attachments = v.pipe(v.array(Attachment), v.maxLength(LIMITS.attachmentsPerMessage, `at most ${LIMITS.attachmentsPerMessage} attachments`));

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
  /** Whether members may send live typing text (`keystrokes`); off unless set. */
  liveTyping: v.optional(v.boolean()),
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
    /** The actor's name when they did it, where the actor was another member (not the server API). */
    actorName: v.optional(v.string()),
    /** On `updated`: which of the member's fields changed ("role", "name", "avatar"). */
    changed: v.optional(v.array(v.string())),
    at: Timestamp,
  }),
  v.object({
    kind: v.literal("meta"),
    seq: Seq,
    meta: ConversationMeta,
    actorId: v.string(),
    actorName: v.optional(v.string()),
    /** Which fields an update changed ("title", "avatar", "metadata", "joinable", "liveTyping"); none when the conversation was created. */
    changed: v.optional(v.array(v.string())),
    at: Timestamp,
  }),
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

/**
 * Who may find whom in the directory, the host's setting (DIRECTORY_VISIBILITY): everyone;
 * only people who share a conversation; or nobody (people are reached by their id only).
 */
export const DirectoryVisibility = v.picklist(["everyone", "shared", "nobody"]);
export type DirectoryVisibility = v.InferOutput<typeof DirectoryVisibility>;

/** A user as the directory shows them to another: name, avatar, and whether they are online. */
export const Person = v.object({
  id: v.string(),
  name: v.string(),
  avatar: v.optional(v.string()),
  online: v.boolean(),
});
export type Person = v.InferOutput<typeof Person>;

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

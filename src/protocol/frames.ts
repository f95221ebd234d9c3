/**
 * The wire format between widget and server: every frame either side sends, as valibot
 * schemas with their TypeScript types. Both ends validate every frame they receive here.
 */
import * as v from "valibot";
import { LIMITS } from "./limits.js";

const MetadataValue = v.union([v.string(), v.number(), v.boolean()]);

export const Metadata = v.pipe(
  v.record(v.string(), MetadataValue),
  v.check(
    (metadata) => JSON.stringify(metadata).length <= LIMITS.metadataBytes,
    `metadata must be at most ${LIMITS.metadataBytes} bytes of JSON`,
  ),
);
export type Metadata = v.InferOutput<typeof Metadata>;

const Seq = v.pipe(v.number(), v.integer(), v.minValue(0));

const MessageId = v.pipe(v.string(), v.uuid("message id must be a UUID"));

const MessageText = v.pipe(
  v.string(),
  v.check((text) => text.trim().length > 0, "message text must not be empty"),
  v.maxLength(
    LIMITS.messageTextLength,
    `message text must be at most ${LIMITS.messageTextLength} characters`,
  ),
);

/** A message as the server stored it. */
export const StoredMessage = v.object({
  id: MessageId,
  seq: Seq,
  senderId: v.string(),
  senderName: v.string(),
  text: v.string(),
  metadata: v.optional(Metadata),
  /** Milliseconds since the epoch, set by the server. */
  createdAt: v.number(),
});
export type StoredMessage = v.InferOutput<typeof StoredMessage>;

// ── client → server ─────────────────────────────────────────────────────────

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
});

export const ClientFrame = v.variant("type", [HelloFrame, SendFrame]);
export type HelloFrame = v.InferOutput<typeof HelloFrame>;
export type SendFrame = v.InferOutput<typeof SendFrame>;
export type ClientFrame = v.InferOutput<typeof ClientFrame>;

// ── server → client ─────────────────────────────────────────────────────────

export const WelcomeFrame = v.object({
  type: v.literal("welcome"),
  conversationId: v.string(),
  userId: v.string(),
  /** Highest seq in the conversation when the welcome was sent. */
  lastSeq: Seq,
  /** Messages after `since`, or the latest page. Ordered by seq. */
  messages: v.array(StoredMessage),
  /** True when `messages` is the latest page rather than a gap-free replay: drop what you hold. */
  reset: v.boolean(),
});

export const MessageFrame = v.object({
  type: v.literal("message"),
  message: StoredMessage,
});

export const AckFrame = v.object({
  type: v.literal("ack"),
  id: MessageId,
  seq: Seq,
  createdAt: v.number(),
});

export const ErrorCode = v.picklist([
  "bad_json",
  "bad_frame",
  "frame_too_large",
  "id_conflict",
  "internal",
]);
export type ErrorCode = v.InferOutput<typeof ErrorCode>;

export const ErrorFrame = v.object({
  type: v.literal("error"),
  code: ErrorCode,
  message: v.string(),
  /** The id of the frame or message the error is about, when there is one. */
  ref: v.optional(v.string()),
});

export const ServerFrame = v.variant("type", [WelcomeFrame, MessageFrame, AckFrame, ErrorFrame]);
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrame>;
export type MessageFrame = v.InferOutput<typeof MessageFrame>;
export type AckFrame = v.InferOutput<typeof AckFrame>;
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;
export type ServerFrame = v.InferOutput<typeof ServerFrame>;

/**
 * The server's limits, set by wrangler vars with sane defaults. The protocol's LIMITS are the
 * ceiling both ends know; these may only tighten them.
 */
import { LIMITS } from "../protocol/index.js";

export interface ServerLimits {
  /** Frames per second a connection may send, on average. */
  framesPerSecond: number;
  /** Frames a connection may send at once after a quiet spell. */
  frameBurst: number;
  /** Sockets one user may hold to one conversation or inbox (tabs, devices). */
  connectionsPerUser: number;
  messageTextLength: number;
  groupMembers: number;
  /** Largest attachment, in bytes. */
  attachmentBytes: number;
  /** Attachment types accepted: exact MIME types, or `type/*`. */
  attachmentTypes: string[];
  /** Bytes one user may have uploaded and not yet sent (src/server/inbox/unsent-uploads.ts). */
  uploadQuotaBytes: number;
  /** How long an upload may wait to be sent before it is deleted, in milliseconds. */
  unsentUploadMs: number;
  /** Most pixels a picture shown inline may have (its decoded size is 4 bytes a pixel). */
  picturePixels: number;
  /** Conversations one user may create in an hour through their widget (the server API is not counted). */
  conversationsPerHour: number;
  /** People one user may add to conversations in an hour, creating or adding. */
  addsPerHour: number;
}

/**
 * Images a browser shows (not SVG: it is a document that can run script), PDF, plain text,
 * and common office documents.
 */
export const DEFAULT_ATTACHMENT_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "application/pdf",
  "text/plain",
  "text/csv",
  "text/markdown",
  "application/rtf",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
];

function setting(value: string | undefined, fallback: number, ceiling = Infinity): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, ceiling) : fallback;
}

export function serverLimits(env: Cloudflare.Env): ServerLimits {
  return {
    framesPerSecond: setting(env.RATE_LIMIT_PER_SECOND, 20),
    frameBurst: setting(env.RATE_LIMIT_BURST, 40),
    connectionsPerUser: setting(env.MAX_CONNECTIONS_PER_USER, 10),
    messageTextLength: setting(env.MAX_MESSAGE_LENGTH, LIMITS.messageTextLength, LIMITS.messageTextLength),
    groupMembers: setting(env.MAX_GROUP_MEMBERS, LIMITS.groupMembers, LIMITS.groupMembers),
    attachmentBytes: setting(env.MAX_ATTACHMENT_BYTES, 10 * 1024 * 1024),
    // Room for one message of ten of the largest files.
    uploadQuotaBytes: setting(env.UPLOAD_QUOTA_BYTES, 100 * 1024 * 1024),
    unsentUploadMs: setting(env.UNSENT_UPLOAD_SECONDS, 24 * 60 * 60) * 1000,
    picturePixels: setting(env.MAX_PICTURE_PIXELS, 40_000_000),
    conversationsPerHour: setting(env.MAX_CONVERSATIONS_PER_HOUR, 60),
    addsPerHour: setting(env.MAX_ADDS_PER_HOUR, 200),
    attachmentTypes: env.ATTACHMENT_TYPES
      ? env.ATTACHMENT_TYPES.split(",").map((type) => type.trim().toLowerCase()).filter(Boolean)
      : DEFAULT_ATTACHMENT_TYPES,
  };
}

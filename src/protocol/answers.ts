/** How a server answers a request on either socket: `done`, or an `error` with its code. */
import * as v from "valibot";

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
  /** Nobody with that id has signed in or been registered by the host. */
  "unknown_user",
  /** A one-to-one conversation with oneself. */
  "with_self",
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
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;

/** A request (`add`, `kick`, `leave`, `update`, `edit`, `delete`, `react`, `create`, `join`) succeeded. */
export const DoneFrame = v.object({ type: v.literal("done"), ref: v.string(), conversationId: v.optional(v.string()) });
export type DoneFrame = v.InferOutput<typeof DoneFrame>;

/** Why a request failed: the code and message of its error frame. */
export type Failure = { ok: false; code: ErrorCode; message: string };
/** What a request came to: the server answers it with `done` or `error`. */
export type Outcome = { ok: true } | Failure;
export const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, code, message });

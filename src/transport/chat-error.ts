/**
 * The error every request of the headless API rejects with: the server's refusal code, or why
 * it was not delivered. `chat.enablePush` adds the browser's side: `push_unsupported` (no
 * service workers, Push API or notifications here), `push_denied` (the user said no),
 * `push_unavailable` (the server has no VAPID key), `push_failed` (registering the worker or
 * subscribing failed).
 */
import type { ErrorCode } from "../protocol/answers.js";

export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode | "timeout" | "closed" | "push_unsupported" | "push_denied" | "push_unavailable" | "push_failed",
    message: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}

/** The error every request of the headless API rejects with: the server's refusal code, or why it was not delivered. */
import type { ErrorCode } from "../protocol/answers.js";

export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode | "timeout" | "closed",
    message: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}

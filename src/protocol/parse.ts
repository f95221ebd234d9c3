/** Turns raw socket text into a validated frame, or into the error frame that explains why not. */
import * as v from "valibot";
import { LIMITS } from "./limits.js";
import { ClientFrame, InboxClientFrame, InboxServerFrame, ServerFrame, sendHasContent, type ErrorFrame } from "./frames.js";

export type Parsed<T> = { ok: true; frame: T } | { ok: false; error: ErrorFrame };

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** The `id` or `ref` a malformed frame carried, so the sender can match the error to it. */
function refOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const ref = "ref" in value ? value.ref : "id" in value ? value.id : undefined;
  return typeof ref === "string" ? ref.slice(0, 64) : undefined;
}

function parseFrame<T>(schema: v.GenericSchema<unknown, T>, raw: unknown, maxLength = Infinity): Parsed<T> {
  if (typeof raw !== "string") {
    return fail("bad_frame", "frames must be JSON text, not binary");
  }
  if (raw.length > maxLength) {
    return fail("frame_too_large", `frames must be at most ${maxLength} characters`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail("bad_json", "frame is not valid JSON");
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    return fail("bad_frame", describeIssues(result.issues), refOf(json));
  }
  return { ok: true, frame: result.output };
}

function fail(code: ErrorFrame["code"], message: string, ref?: string): Parsed<never> {
  const error: ErrorFrame = { type: "error", code, message };
  if (ref !== undefined) error.ref = ref;
  return { ok: false, error };
}

export function parseClientFrame(raw: unknown): Parsed<ClientFrame> {
  const parsed = parseFrame(ClientFrame, raw, LIMITS.frameLength);
  if (parsed.ok && parsed.frame.type === "send" && !sendHasContent(parsed.frame)) {
    return fail("bad_frame", "text: message text must not be empty (unless the message has attachments)", parsed.frame.id);
  }
  return parsed;
}
export const parseInboxClientFrame = (raw: unknown): Parsed<InboxClientFrame> =>
  parseFrame(InboxClientFrame, raw, LIMITS.frameLength);
// Server frames carry whole pages of history, so only the client's frames are bounded.
export const parseServerFrame = (raw: unknown): Parsed<ServerFrame> => parseFrame(ServerFrame, raw);
export const parseInboxServerFrame = (raw: unknown): Parsed<InboxServerFrame> => parseFrame(InboxServerFrame, raw);

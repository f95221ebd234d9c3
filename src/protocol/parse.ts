/** Turns raw socket text into a validated frame, or into the error frame that explains why not. */
import * as v from "valibot";
import { LIMITS } from "./limits.js";
import type { ErrorFrame } from "./answers.js";
import { ClientFrame, sendHasContent, ServerFrame } from "./conversation-frames.js";
import { InboxClientFrame, InboxServerFrame } from "./inbox-frames.js";
import { ConversationEvent, ConversationSummary, Member } from "./values.js";

/** A frame, with what was left out of its lists (`skipped`, one line each) when some items were odd. */
export type Parsed<T> = { ok: true; frame: T; skipped?: string[] } | { ok: false; error: ErrorFrame };

/**
 * Lists in server frames whose items are checked one by one when the frame as a whole fails
 * one message this client cannot read (a newer server, a bug) must not hide a whole welcome,
 * page or conversation list.
 */
const ITEM_SCHEMAS: Record<string, v.GenericSchema> = { events: ConversationEvent, members: Member, conversations: ConversationSummary };

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

/**
 * `raw` as a frame of `schema`. A client's frames are bounded by `maxLength` and taken whole or
 * not at all; a server's frames (`lenient`) keep their lists' readable items when some are odd.
 */
function parseFrame<T>(schema: v.GenericSchema<unknown, T>, raw: unknown, { maxLength = Infinity, lenient = false } = {}): Parsed<T> {
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
  if (result.success) return { ok: true, frame: result.output };
  const trimmed = lenient ? withoutOddItems(json) : undefined;
  const retried = trimmed && v.safeParse(schema, trimmed.json);
  if (trimmed && retried?.success) return { ok: true, frame: retried.output, skipped: trimmed.skipped };
  return fail("bad_frame", describeIssues(result.issues), refOf(json));
}

/** `json` with the items of its lists that do not parse left out, and why; undefined when none were. */
function withoutOddItems(json: unknown): { json: Record<string, unknown>; skipped: string[] } | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const trimmed: Record<string, unknown> = { ...json };
  const skipped: string[] = [];
  for (const [key, itemSchema] of Object.entries(ITEM_SCHEMAS)) {
    const list = trimmed[key];
    if (!Array.isArray(list)) continue;
    trimmed[key] = list.filter((item, index) => {
      const checked = v.safeParse(itemSchema, item);
      if (!checked.success) skipped.push(`${key}[${index}]: ${describeIssues(checked.issues)}`);
      return checked.success;
    });
  }
  return skipped.length ? { json: trimmed, skipped } : undefined;
}

function fail(code: ErrorFrame["code"], message: string, ref?: string): Parsed<never> {
  const error: ErrorFrame = { type: "error", code, message };
  if (ref !== undefined) error.ref = ref;
  return { ok: false, error };
}

export function parseClientFrame(raw: unknown): Parsed<ClientFrame> {
  const parsed = parseFrame(ClientFrame, raw, { maxLength: LIMITS.frameLength });
  if (parsed.ok && parsed.frame.type === "send" && !sendHasContent(parsed.frame)) {
    return fail("bad_frame", "text: message text must not be empty (unless the message has attachments)", parsed.frame.id);
  }
  return parsed;
}
export const parseInboxClientFrame = (raw: unknown): Parsed<InboxClientFrame> =>
  parseFrame(InboxClientFrame, raw, { maxLength: LIMITS.frameLength });
// Server frames carry whole pages of history, so only the client's frames are bounded.
export const parseServerFrame = (raw: unknown): Parsed<ServerFrame> => parseFrame(ServerFrame, raw, { lenient: true });
export const parseInboxServerFrame = (raw: unknown): Parsed<InboxServerFrame> => parseFrame(InboxServerFrame, raw, { lenient: true });

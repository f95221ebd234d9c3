/**
 * Live typing text, both ways. Others' drafts are held per member until their message arrives,
 * they stop typing or close the conversation; one's own goes out at most once every
 * LIMITS.keystrokesIntervalMs, always ending with the latest text.
 */
import { LIMITS, type ServerFrame } from "../protocol/index.js";

/** Each other member's draft as last sent, by user id. */
export type Keystrokes = Readonly<Record<string, string>>;

/** The drafts after `frame` (the same object when it changes none). */
export function nextKeystrokes(drafts: Keystrokes, frame: ServerFrame): Keystrokes {
  if (frame.type === "welcome") return {};
  if (frame.type === "keystrokes_by" && frame.text) return { ...drafts, [frame.userId]: frame.text };
  const userId =
    frame.type === "event" && frame.event.kind === "message"
      ? frame.event.message.senderId
      : frame.type === "keystrokes_by" || (frame.type === "typing_by" && !frame.on) || (frame.type === "presence" && !frame.here)
        ? frame.userId
        : undefined;
  if (userId === undefined || !(userId in drafts)) return drafts;
  const rest = { ...drafts };
  delete rest[userId];
  return rest;
}

export interface KeystrokesSender {
  input(text: string): void;
  /** Drops text not yet sent (the message itself is going out). */
  cancel(): void;
}

export function createKeystrokesSender(send: (text: string) => void): KeystrokesSender {
  let latest = "";
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    sentAt = Date.now();
    send(latest);
  };
  return {
    input(text) {
      latest = text;
      timer ??= setTimeout(flush, sentAt + LIMITS.keystrokesIntervalMs - Date.now());
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

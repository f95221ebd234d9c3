/**
 * What the chat window says of the conversation's activity (member and meta events) as system
 * lines among its messages, as pure functions: which events make a line, its words in the
 * element's language, and the message each line goes before.
 */
import type { Activity, ChatMessage } from "../../store/index.js";
import type { Strings } from "../strings.js";

/** How the lines name people: current members by their label, others by the name the event carries (if any). */
export type NameOf = (userId: string, fallback: string | undefined) => string | undefined;

/**
 * The line `item` makes, or "" when it makes none: a profile change (name or avatar) or a
 * change of metadata or joinability says nothing, nor does a one-to-one's creation or the
 * creator joining their own group (its "created" line says so). An actor without a name is
 * the host's backend (server API), so the line names nobody for it.
 */
export function systemLineText(item: Activity, t: Strings, nameOf: NameOf, direct: boolean): string {
  const by = nameOf(item.actorId, item.actorName);
  if (item.kind === "meta") {
    if (direct) return "";
    if (!item.changed) return item.at === item.meta.createdAt ? t.groupCreated(item.meta.title, by) : "";
    if (item.changed.includes("title")) return t.groupRenamed(item.meta.title, by);
    if (item.changed.includes("avatar")) return t.groupPictureChanged(item.meta.avatar !== undefined, by);
    return "";
  }
  const member = nameOf(item.member.userId, item.member.name) ?? item.member.name;
  switch (item.op) {
    case "added":
      return direct || item.actorId === item.member.userId ? "" : t.memberAdded(member, by);
    case "joined":
      return t.memberJoined(member);
    case "left":
      return t.memberLeft(member);
    case "kicked":
      return t.memberRemoved(member, by);
    case "updated":
      return item.changed?.includes("role") ? t.memberRole(member, item.member.role) : "";
  }
}

/** A line to show: its words and when it happened. */
export interface SystemLine {
  seq: number;
  text: string;
  at: number;
}

/**
 * The lines that go before each message (by id), and those after the last stored message,
 * shown after every message when no message follows them. A line goes before the first
 * message stored after it, or before the first unsent one.
 */
export function placeLines(messages: readonly ChatMessage[], lines: readonly SystemLine[]): { before: Map<string, SystemLine[]>; after: SystemLine[] } {
  const before = new Map<string, SystemLine[]>();
  let next = 0;
  for (const message of messages) {
    const here: SystemLine[] = [];
    while (next < lines.length && (message.seq === null || lines[next]!.seq < message.seq)) here.push(lines[next++]!);
    if (here.length) before.set(message.id, here);
  }
  return { before, after: lines.slice(next) };
}

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
 * The line `item` makes, or "" when it makes none. A profile change (name or avatar), a change
 * of metadata or joinability, and whatever made the conversation (its meta, the creator) say
 * nothing. The host's backend (server API) has no name: its additions read as joining, and
 * its changes to the group make no line.
 */
export function systemLineText(item: Activity, t: Strings, nameOf: NameOf, direct: boolean): string {
  const by = nameOf(item.actorId, item.actorName);
  if (item.kind === "meta") {
    const changed = by ? (item.changed ?? []) : [];
    return changed.includes("title") ? t.groupRenamed(item.meta.title, by!) : changed.includes("avatar") ? t.groupPictureChanged(by!) : "";
  }
  const member = nameOf(item.member.userId, item.member.name) ?? item.member.name;
  switch (item.op) {
    case "added":
      return direct || item.actorId === item.member.userId ? "" : by ? t.memberAdded(member, by) : t.memberJoined(member);
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

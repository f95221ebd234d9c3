/**
 * How the chat window lays out a run of messages, as pure math over the messages held: which
 * messages continue the group of the one before (same sender, a few minutes apart, same day)
 * and where a day begins.
 */
import { sameDay } from "./days.js";

/**
 * Longest pause between two messages of one sender that still reads as one thought: five
 * minutes, as TalkJS and Messenger group; a longer pause starts a new group with its own name.
 */
export const GROUP_PAUSE_MS = 5 * 60_000;

/** What grouping reads of a message. */
export interface Groupable {
  id: string;
  senderId: string;
  createdAt: number;
  system?: boolean;
}

/** Where one rendered message sits among its neighbours. */
export interface Placement {
  /** It continues the group of the message before it: no sender line of its own. */
  continued: boolean;
  /** The next message continues its group: no avatar, less space below. */
  followed: boolean;
  /** It is the first message of its day: a day separator goes before it. */
  startsDay: boolean;
}

/**
 * Whether `message` continues the group of `previous`. System lines stand alone; a reply stays
 * in its sender's group (its quote says what it answers).
 */
export function continuesGroup(previous: Groupable | undefined, message: Groupable): boolean {
  return (
    previous !== undefined &&
    !previous.system &&
    !message.system &&
    previous.senderId === message.senderId &&
    message.createdAt - previous.createdAt < GROUP_PAUSE_MS &&
    sameDay(previous.createdAt, message.createdAt)
  );
}

/**
 * The placement of each message of `messages.slice(start, end)`, read against the whole list. The
 * slice's first message always shows its day and sender: older messages load and the slice moves
 * above it, and a label that came and went there would move the reader's place by a line when
 * nothing above could absorb it. A group also ends where `breakBefore` (the first unread
 * message, after its divider) begins, and before each message of `lineBefore` (a system line
 * sits between it and the one before).
 */
export function placements(
  messages: readonly Groupable[],
  start: number,
  end: number,
  breakBefore: string | null = null,
  lineBefore: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set(),
): Placement[] {
  const joins = (index: number) =>
    index > 0 &&
    index < messages.length &&
    messages[index]!.id !== breakBefore &&
    !lineBefore.has(messages[index]!.id) &&
    continuesGroup(messages[index - 1], messages[index]!);
  const result: Placement[] = [];
  for (let index = start; index < end; index++) {
    const previous = messages[index - 1];
    result.push({
      continued: index > start && joins(index),
      followed: joins(index + 1),
      startsDay: index === start || !previous || !sameDay(previous.createdAt, messages[index]!.createdAt),
    });
  }
  return result;
}

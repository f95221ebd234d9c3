/**
 * Which messages the chat window's live region announces, as a pure step taken on every update:
 * the latest few that others sent while the reader was already online in the conversation.
 */
import type { ChatMessage } from "../../store/index.js";

/** How many recent arrivals the live region holds; older ones leave it unannounced. */
const ANNOUNCED_ARRIVALS = 3;

/** The conversation, whether it was online, and its newest stored seq, at one update. */
export interface Watched {
  conversation: unknown;
  online: boolean;
  seq: number;
}

/** The seq of the newest stored message; 0 while none is stored. */
export function newestSeq(messages: readonly ChatMessage[]): number {
  return messages.findLast((message) => message.seq !== null)?.seq ?? 0;
}

/**
 * The arrivals to announce now, given those announced and what was watched at the last update.
 * Only the same conversation, online then and now, has news: a first load, a resync after
 * reconnecting or an older page is not news, and another conversation starts afresh.
 */
export function nextArrivals(
  arrivals: readonly ChatMessage[],
  before: Watched,
  now: Watched,
  messages: readonly ChatMessage[],
  userId: string | undefined,
): readonly ChatMessage[] {
  if (before.conversation !== now.conversation) return [];
  if (!before.online || !now.online || now.seq <= before.seq) return arrivals;
  const fresh = messages.filter((message) => message.seq !== null && message.seq > before.seq && message.senderId !== userId);
  return [...arrivals, ...fresh].slice(-ANNOUNCED_ARRIVALS);
}

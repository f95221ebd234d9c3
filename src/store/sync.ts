/**
 * Following every conversation in the user's list: while anything wants it (`sync: true`, or a
 * chat-wide `message` listener), each listed conversation's handle is held open, so its latest
 * messages stay current in the store, and its messages reach `emit` (each names its
 * conversation). Held in the background: the user is not "here" for it. A conversation that
 * leaves the list (left, removed) is let go at once.
 */
import type { ConversationSummary } from "../protocol/index.js";
import type { Op, OwnedConversation } from "./conversation.js";
import type { ChatMessage } from "./message-order.js";

export function createSync(conversation: (conversationId: string) => OwnedConversation, emit: (message: ChatMessage, op: Op) => void) {
  /** The release of each conversation held, by id. */
  const held = new Map<string, () => void>();
  /** What wants the conversations followed: `sync`, each chat-wide listener. */
  const wants = new Set<object>();
  let listed: readonly ConversationSummary[] = [];

  function follow(): void {
    const ids = new Set(wants.size ? listed.map((item) => item.id) : []);
    held.forEach((release, id) => ids.has(id) || (held.delete(id), release()));
    ids.forEach((id) => held.has(id) || held.set(id, conversation(id).follow(emit)));
  }

  return {
    /** The list changed: follow what it holds now. */
    listed(list: readonly ConversationSummary[]): void {
      listed = list;
      follow();
    },
    /** Follows every listed conversation until the returned function is called. */
    retain(): () => void {
      const want = {};
      wants.add(want);
      follow();
      return () => (wants.delete(want), follow());
    },
  };
}

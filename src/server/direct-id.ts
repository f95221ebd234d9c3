/**
 * The ids the server makes for conversations: the same two people always share one one-to-one,
 * whose id derives from the pair, and a group nobody named gets a random one.
 */
import { CONVERSATION_ID_PREFIXES, toHex } from "../protocol/index.js";

export async function directConversationId(userA: string, userB: string): Promise<string> {
  const pair = [userA, userB].sort().join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pair));
  return `${CONVERSATION_ID_PREFIXES.direct}${toHex(new Uint8Array(digest)).slice(0, 40)}`;
}

/** A fresh id for a group nobody named, from a widget or the server API. */
export const randomGroupId = (): string => `${CONVERSATION_ID_PREFIXES.random}${crypto.randomUUID().replaceAll("-", "")}`;

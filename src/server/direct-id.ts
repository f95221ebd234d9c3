/** The same two people always share one one-to-one conversation: its id derives from the pair. */
import { CONVERSATION_ID_PREFIXES, toHex } from "../protocol/index.js";

export async function directConversationId(userA: string, userB: string): Promise<string> {
  const pair = [userA, userB].sort().join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pair));
  return `${CONVERSATION_ID_PREFIXES.direct}${toHex(new Uint8Array(digest)).slice(0, 40)}`;
}

/** The same two people always share one one-to-one conversation: its id derives from the pair. */
export const DIRECT_ID_PREFIX = "dm_";

export async function directConversationId(userA: string, userB: string): Promise<string> {
  const pair = [userA, userB].sort().join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pair));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${DIRECT_ID_PREFIX}${hex.slice(0, 40)}`;
}

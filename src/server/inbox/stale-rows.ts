/**
 * Rows gone stale while the user's list was closed, fetched afresh from their conversations
 * when the list is next read (a socket opening, the server API) or opens meanwhile.
 */
import type { InboxServerFrame } from "../../protocol/index.js";
import { conversationOf } from "../stubs.js";
import { clearStale, deleteSummary, listStale, putSummary, setUnlisted } from "./inbox-sql.js";

/** What refreshing needs of the Inbox. */
export interface StaleRows {
  env: Cloudflare.Env;
  db: SqlStorage;
  userId: string;
  /** Whether the Inbox has its tables (a user never seen has nothing stale). */
  stored: boolean;
  /** Sends a frame to the user's open lists. */
  broadcast(frame: InboxServerFrame): void;
}

/**
 * Fetches the row of each conversation marked stale, or drops it when the user is no longer
 * in it; `broadcast` sends the new rows to open lists. A conversation that cannot answer stays
 * marked and is asked next time.
 */
export async function refreshStale(inbox: StaleRows, broadcast: boolean): Promise<void> {
  if (!inbox.stored) return;
  const { db } = inbox;
  await Promise.all(
    listStale(db).map(async (conversationId) => {
      try {
        const answer = await conversationOf(inbox.env, conversationId).inboxRow(inbox.userId);
        const row = answer === "unlisted" ? null : answer;
        clearStale(db, conversationId);
        setUnlisted(db, conversationId, answer === "unlisted");
        if (row) putSummary(db, row);
        const changed = row ? true : deleteSummary(db, conversationId);
        if (broadcast && changed) inbox.broadcast(row ? { type: "summary", conversation: row } : { type: "removed", conversationId });
      } catch (error) {
        console.error(`inbox ${inbox.userId}: refreshing ${conversationId} failed`, error);
      }
    }),
  );
}

/**
 * Who is in which conversation, as the directory knows it for "shared" visibility: written by
 * each Conversation off its reply path (MembershipWrites), read when a user searches or looks
 * someone up, and when the server API deletes a user.
 */
import { directoryReads, directoryTables } from "./tables-sql.js";

/** One member event as the directory keeps it. */
export interface MembershipChange {
  conversationId: string;
  userId: string;
  /** The conversation's createdAt: a conversation made again under its id starts its seqs over. */
  generation: number;
  /** The seq of the member event (or, for a deletion, past the last one). */
  seq: number;
  present: boolean;
}

/** Stores `changes` in one batch; each loses to a newer write already stored for its pair. */
export async function saveMemberships(database: D1Database, changes: readonly MembershipChange[]): Promise<void> {
  if (changes.length === 0) return;
  const db = await directoryTables(database);
  const upsert = db.prepare(
    `INSERT INTO memberships (conversation_id, user_id, generation, seq, present) VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (conversation_id, user_id) DO UPDATE SET generation = excluded.generation, seq = excluded.seq, present = excluded.present
     WHERE excluded.generation > memberships.generation OR (excluded.generation = memberships.generation AND excluded.seq > memberships.seq)`,
  );
  await db.batch(changes.map((change) => upsert.bind(change.conversationId, change.userId, change.generation, change.seq, change.present ? 1 : 0)));
}

/** Whether `userId` and `otherId` are in a conversation together now. */
export async function shareConversation(database: D1Database, userId: string, otherId: string): Promise<boolean> {
  const db = await directoryReads(database);
  const row = await db
    .prepare(
      `SELECT 1 AS shared FROM memberships mine
       JOIN memberships theirs ON theirs.conversation_id = mine.conversation_id AND theirs.user_id = ?2 AND theirs.present = 1
       WHERE mine.user_id = ?1 AND mine.present = 1 LIMIT 1`,
    )
    .bind(userId, otherId)
    .first();
  return row !== null;
}

/** The conversations `userId` is in now, as the directory knows them. */
export async function conversationsOf(database: D1Database, userId: string): Promise<string[]> {
  const db = await directoryTables(database);
  const { results } = await db
    .prepare("SELECT conversation_id FROM memberships WHERE user_id = ? AND present = 1")
    .bind(userId)
    .all<{ conversation_id: string }>();
  return results.map((row) => row.conversation_id);
}

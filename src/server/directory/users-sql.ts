/**
 * Writing and reading one user's directory row and terms. Their Inbox writes them when the
 * user signs in or the server API registers them, only when the profile is new or changed.
 */
import { directoryTables } from "./tables-sql.js";
import { sortKeyOf, termsOf } from "./terms.js";

export interface DirectoryUser {
  id: string;
  name: string;
  avatar?: string;
}

/**
 * Stores `user` and their terms, as one batch (one transaction). `at` orders writes of the
 * same user: an older one arriving late changes nothing, its terms included.
 */
export async function saveUser(database: D1Database, user: DirectoryUser, at = Date.now()): Promise<void> {
  const db = await directoryTables(database);
  const terms = JSON.stringify(termsOf(user.id, user.name));
  // The terms follow only when the row now holds this write (`at`), not a newer one.
  const current = "(SELECT updated_at FROM users WHERE id = ?1) = ?2";
  await db.batch([
    db
      .prepare(
        `INSERT INTO users (id, name, avatar, sort_key, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar = excluded.avatar, sort_key = excluded.sort_key, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= users.updated_at`,
      )
      .bind(user.id, user.name, user.avatar ?? null, sortKeyOf(user.name), at),
    db.prepare(`DELETE FROM terms WHERE user_id = ?1 AND ${current} AND term NOT IN (SELECT value FROM json_each(?3))`).bind(user.id, at, terms),
    db.prepare(`INSERT OR IGNORE INTO terms (term, user_id) SELECT value, ?1 FROM json_each(?3) WHERE ${current}`).bind(user.id, at, terms),
  ]);
}

/**
 * Forgets `userId`: their row, their terms and every membership, in one batch. The server API's
 * user deletion does this last, once their conversations have told the directory they left.
 */
export async function forgetUser(database: D1Database, userId: string): Promise<void> {
  const db = await directoryTables(database);
  await db.batch(["DELETE FROM users WHERE id = ?", "DELETE FROM terms WHERE user_id = ?", "DELETE FROM memberships WHERE user_id = ?"].map((sql) => db.prepare(sql).bind(userId)));
}

/** The directory's row of `userId`, or undefined. */
export async function findUser(database: D1Database, userId: string): Promise<DirectoryUser | undefined> {
  const db = await directoryTables(database);
  const row = await db.prepare("SELECT id, name, avatar FROM users WHERE id = ?").bind(userId).first<{ id: string; name: string; avatar: string | null }>();
  return row ? userOf(row) : undefined;
}

/** A row as a user, without a null avatar. */
export const userOf = (row: { id: string; name: string; avatar: string | null }): DirectoryUser =>
  row.avatar === null ? { id: row.id, name: row.name } : { id: row.id, name: row.name, avatar: row.avatar };

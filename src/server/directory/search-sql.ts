/** Runs one page of a directory search (search-queries.ts says how) on D1, and makes the next page's cursor. */
import { decodeCursor, encodeCursor } from "./cursor.js";
import { directoryTables } from "./tables-sql.js";
import { orderOf, searchStatement, type SearchRequest } from "./search-queries.js";
import { userOf, type DirectoryUser } from "./users-sql.js";

export type SearchPage = { ok: true; people: DirectoryUser[]; next?: string } | { ok: false; badCursor: true };

/** The page of people `request` asks for, or a refusal of a cursor this server did not give for such a search. */
export async function searchUsers(database: D1Database, request: SearchRequest): Promise<SearchPage> {
  const order = orderOf(request.text);
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, order);
  if (request.cursor !== undefined && !after) return { ok: false, badCursor: true };
  const db = await directoryTables(database);
  const { sql, params } = searchStatement(request, after);
  const { results } = await db
    .prepare(sql)
    .bind(...params)
    .all<{ key: string; id: string; name: string; avatar: string | null }>();
  const page = results.slice(0, request.limit);
  const last = page.at(-1);
  const next = results.length > request.limit && last ? encodeCursor({ order, key: last.key, id: last.id }) : undefined;
  return { ok: true, people: page.map(userOf), ...(next ? { next } : {}) };
}

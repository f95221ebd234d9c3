/**
 * Runs one page of a directory search (search-queries.ts says how) on D1, and makes the next
 * page's cursor. A search of several words first counts each word's terms (up to a bound) and
 * reads the range of the rarest: "mar xq" reads the few "xq…" terms, not every "mar…" one.
 */
import { decodeCursor, encodeCursor, type Cursor } from "./cursor.js";
import { COUNT_BOUND, COUNT_TERMS_SQL, orderOf, searchStatement, type SearchRequest } from "./search-queries.js";
import { directoryReads } from "./tables-sql.js";
import { queryOf, rangeEnd, rangeOnNextPage, rarestWord, wordsOf, type TermQuery } from "./terms.js";
import { userOf, type DirectoryUser } from "./users-sql.js";

export type SearchPage = { ok: true; people: DirectoryUser[]; next?: string } | { ok: false; badCursor: true };

/** The page of people `request` asks for, or a refusal of a cursor this server did not give for such a search. */
export async function searchUsers(database: D1Database, request: SearchRequest): Promise<SearchPage> {
  const order = orderOf(request.text);
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, order);
  if (request.cursor !== undefined && !after) return { ok: false, badCursor: true };
  const db = await directoryReads(database);
  const query = await queryFor(db, request.text, after);
  if (query === "bad cursor") return { ok: false, badCursor: true };
  const { sql, params } = searchStatement(request, query, after);
  const { results } = await db
    .prepare(sql)
    .bind(...params)
    .all<{ key: string; id: string; name: string; avatar: string | null }>();
  const page = results.slice(0, request.limit);
  const last = page.at(-1);
  const next = results.length > request.limit && last ? encodeCursor({ order, key: last.key, id: last.id }) : undefined;
  return { ok: true, people: page.map(userOf), ...(next ? { next } : {}) };
}

/** The words of `text` and the one whose range is read: the rarest on a first page, the cursor's on a later one. */
async function queryFor(db: D1DatabaseSession, text: string, after: Cursor | undefined): Promise<TermQuery | undefined | "bad cursor"> {
  const words = wordsOf(text);
  if (words.length <= 1) return queryOf(text);
  if (after) {
    const range = rangeOnNextPage(words, after.key);
    return range === undefined ? "bad cursor" : queryOf(text, range);
  }
  const counts = await db.batch<{ terms: number }>(words.map((word) => db.prepare(COUNT_TERMS_SQL).bind(word, rangeEnd(word), COUNT_BOUND)));
  return queryOf(text, rarestWord(words.map((word, index) => ({ word, terms: counts[index]!.results[0]?.terms ?? 0 }))));
}

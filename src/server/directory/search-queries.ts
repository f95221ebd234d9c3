/**
 * The SQL of one page of a directory search and its parameters: plain strings, run on D1 by
 * search-sql.ts. Each query reads an index in the order it pages in, so a page costs about its
 * own rows however many users there are (EXPLAIN QUERY PLAN in test/server/directory.test.ts):
 *
 * - words, everyone visible: the range of terms starting with the rarest word (search-sql.ts
 *   counts each word's terms first), in (term, user_id) order from the cursor on; each person counts at their first matching term only,
 *   so someone matching twice ("an": "Anna Andersen") is on one page once, and the other words
 *   are checked on their terms (index on user_id, term).
 * - words, "shared": the people the searcher shares a conversation with (read from the
 *   searcher's own memberships), each at their first matching term, in the same order.
 * - no words: everyone visible (or everyone shared with) by name, then id.
 *
 * Never found: the searcher and whoever they block (`blocked`, a JSON array to `json_each`).
 */
import type { Cursor, CursorOrder } from "./cursor.js";
import { rangeEnd, wordsOf, type TermQuery } from "./terms.js";

export interface SearchRequest {
  searcherId: string;
  text: string;
  /** Only people sharing a conversation with the searcher ("shared" visibility). */
  sharedOnly: boolean;
  /** Whom the searcher blocks. */
  blocked: readonly string[];
  cursor?: string;
  limit: number;
}

// Parameters: ?1 searcher, ?2 blocked (JSON), ?3 and ?4 the cursor's key and id (on the first
// page, the range's start and nothing), ?5 rows to read, ?6 and ?7 the range of terms, ?8 the
// other words (JSON). A search by words reads the terms index from the cursor on, so a deep page
// costs no more than the first (`+` keeps SQLite from starting at the range's start instead).

/** Everyone in a present membership with the searcher ?1 now, once each. */
const SHARED_PEOPLE = `(SELECT DISTINCT theirs.user_id FROM memberships mine
  JOIN memberships theirs ON theirs.conversation_id = mine.conversation_id AND theirs.present = 1
  WHERE mine.user_id = ?1 AND mine.present = 1)`;
const NOT_HIDDEN = (id: string) => `${id} <> ?1 AND ${id} NOT IN (SELECT value FROM json_each(?2))`;
const OTHER_WORDS = (id: string) =>
  `NOT EXISTS (SELECT 1 FROM json_each(?8) word WHERE NOT EXISTS (
     SELECT 1 FROM terms other WHERE other.user_id = ${id} AND other.term >= word.value AND other.term < word.value || char(1114111)))`;

/** Terms counted per word at most: past it, a word is common enough that which one is read matters little. */
export const COUNT_BOUND = 10_000;

/** How many terms (at most ?3) start with the word ?1 (?2 ends its range). */
export const COUNT_TERMS_SQL = "SELECT count(*) AS terms FROM (SELECT 1 FROM terms WHERE term >= ?1 AND term < ?2 LIMIT ?3)";

/** The SQL of each kind of search, as described above. */
export const SEARCH_SQL = {
  everyoneByTerm: `SELECT t.term AS key, u.id, u.name, u.avatar FROM terms t CROSS JOIN users u ON u.id = t.user_id
    WHERE (t.term, t.user_id) > (?3, ?4) AND t.term < ?7 AND +t.term >= ?6 AND ${NOT_HIDDEN("t.user_id")}
      AND NOT EXISTS (SELECT 1 FROM terms earlier WHERE earlier.user_id = t.user_id AND earlier.term >= ?6 AND earlier.term < t.term)
      AND ${OTHER_WORDS("t.user_id")}
    ORDER BY t.term, t.user_id LIMIT ?5`,
  sharedByTerm: `SELECT matched.key, u.id, u.name, u.avatar FROM (
      SELECT shared.user_id, (SELECT MIN(term) FROM terms first WHERE first.user_id = shared.user_id AND first.term >= ?6 AND first.term < ?7) AS key
      FROM ${SHARED_PEOPLE} shared
    ) matched CROSS JOIN users u ON u.id = matched.user_id
    WHERE matched.key IS NOT NULL AND (matched.key, matched.user_id) > (?3, ?4) AND ${NOT_HIDDEN("matched.user_id")} AND ${OTHER_WORDS("matched.user_id")}
    ORDER BY matched.key, matched.user_id LIMIT ?5`,
  everyoneByName: `SELECT u.sort_key AS key, u.id, u.name, u.avatar FROM users u
    WHERE (u.sort_key, u.id) > (?3, ?4) AND ${NOT_HIDDEN("u.id")}
    ORDER BY u.sort_key, u.id LIMIT ?5`,
  sharedByName: `SELECT u.sort_key AS key, u.id, u.name, u.avatar FROM ${SHARED_PEOPLE} shared CROSS JOIN users u ON u.id = shared.user_id
    WHERE (u.sort_key, u.id) > (?3, ?4) AND ${NOT_HIDDEN("u.id")}
    ORDER BY u.sort_key, u.id LIMIT ?5`,
} as const;

export type SearchKind = keyof typeof SEARCH_SQL;

/** The order `text`'s pages walk: by matched term, or by name when it has no words. */
export const orderOf = (text: string): CursorOrder => (wordsOf(text).length > 0 ? "term" : "name");

/** The SQL of one page of `request` by `query` (none: no words), after `after` (none: the first page). */
export function searchStatement(request: SearchRequest, query: TermQuery | undefined, after?: Cursor): { sql: string; params: unknown[] } {
  const kind: SearchKind = query ? (request.sharedOnly ? "sharedByTerm" : "everyoneByTerm") : request.sharedOnly ? "sharedByName" : "everyoneByName";
  const params: unknown[] = [request.searcherId, JSON.stringify(request.blocked), after?.key ?? query?.range ?? "", after?.id ?? "", request.limit + 1];
  if (query) params.push(query.range, rangeEnd(query.range), JSON.stringify(query.others));
  return { sql: SEARCH_SQL[kind], params };
}

/**
 * A search page's SQL alone, without the socket, the Inbox or D1's calls around it: the
 * directory's own query (search-queries.ts) timed on a seeded D1 file opened with sql.js
 * (SQLite in WebAssembly, slower than workerd's native SQLite), as "everyone" visibility runs
 * it. It tells what a query costs from what a round trip costs, and how it grows with size.
 */
import { performance } from "node:perf_hooks";
import { encodeCursor, decodeCursor } from "../src/server/directory/cursor.js";
import { COUNT_BOUND, COUNT_TERMS_SQL, searchStatement, type SearchRequest } from "../src/server/directory/search-queries.js";
import { queryOf, rangeEnd, rangeOnNextPage, rarestWord, wordsOf } from "../src/server/directory/terms.js";
import { openDatabase } from "../test/support/sqlite-files.js";
import { spreadOf } from "./rounds.js";

export interface SqlQuery {
  text: string;
  secondPage?: boolean;
}

const PAGE = 20;
const REPEATS = 21;

/** The median time of each query's page on the directory in `file`, ms, in `queries`' order. */
export async function timeQueries(file: string, searcherId: string, queries: readonly SqlQuery[]): Promise<number[]> {
  const db = await openDatabase(file);
  try {
    // The range search-sql.ts reads: the rarest word's on a first page (counted here too, and
    // timed with the page), the cursor's on a later one.
    const run = (request: SearchRequest, after?: string) => {
      const cursor = after === undefined ? undefined : decodeCursor(after, "term");
      const words = wordsOf(request.text);
      const counted = () => words.map((word) => ({ word, terms: Number(db.exec(COUNT_TERMS_SQL, [word, rangeEnd(word), COUNT_BOUND])[0]!.values[0]![0]) }));
      const range = words.length <= 1 ? undefined : cursor ? rangeOnNextPage(words, cursor.key) : rarestWord(counted());
      const { sql, params } = searchStatement(request, queryOf(request.text, range), cursor);
      return db.exec(sql, params as never[])[0]?.values ?? [];
    };
    return queries.map(({ text, secondPage }) => {
      const request: SearchRequest = { searcherId, text, sharedOnly: false, blocked: [], limit: PAGE };
      let after: string | undefined;
      if (secondPage) {
        // The first page's last row, as search-sql.ts makes the cursor ([key, id, ...]).
        const last = run(request).slice(0, PAGE).at(-1);
        if (!last) return NaN;
        after = encodeCursor({ order: "term", key: String(last[0]), id: String(last[1]) });
      }
      const times: number[] = [];
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        const started = performance.now();
        run(request, after);
        times.push(performance.now() - started);
      }
      return spreadOf(times).median;
    });
  } finally {
    db.close();
  }
}

/**
 * The words the directory finds a user by, and how a search's words match them: pure, no SQL
 * (the queries in search-sql.ts follow these rules; test/unit/directory-terms.test.ts holds them).
 *
 * Everything is compared normalized: decomposed (NFD), combining marks stripped, lower case, so
 * "Zoë" is found by "zoe" and "ÉMILE" by "emile". A user's terms are each word of their name and
 * their id, whole and in pieces ("Jean-Luc" gives "jean-luc", "jean", "luc"). A search matches
 * a user when every one of its words is the start of one of the user's terms.
 */

/** Most terms kept for one user: a name is short (LIMITS.titleLength), this only bounds a pathological one. */
const MAX_TERMS = 48;

/** Most words of a search that count: more narrow nothing a person would type. */
const MAX_QUERY_WORDS = 8;

/** `text` as the directory compares it: no accents, lower case. */
export function normalize(text: string): string {
  // Lower case first: lowering can itself decompose ("İ" → "i̇"), whose mark then goes too.
  return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

/** The letters-and-digits pieces of a word: "jean-luc" → "jean", "luc". */
const piecesOf = (word: string): string[] => word.match(/[\p{L}\p{N}]+/gu) ?? [];

/** The terms `userId` named `name` is found by, normalized and without repeats. */
export function termsOf(userId: string, name: string): string[] {
  const words = [...normalize(name).split(/\s+/), normalize(userId)].filter(Boolean);
  const terms = new Set<string>();
  for (const word of words) {
    terms.add(word);
    for (const piece of piecesOf(word)) terms.add(piece);
  }
  return [...terms].slice(0, MAX_TERMS);
}

/** What the directory keeps to order people by name: the name as compared. */
export const sortKeyOf = (name: string): string => normalize(name);

/**
 * A search's words, normalized, without repeats: `range` is the word whose range of the terms
 * index is read, and `others` are checked on each user it finds. Undefined for a search with no
 * words: everyone visible, by name.
 */
export interface TermQuery {
  range: string;
  others: string[];
}

/** The words of a search as the directory compares them, at most MAX_QUERY_WORDS. */
export const wordsOf = (text: string): string[] => [...new Set(normalize(text).split(/\s+/).filter(Boolean))].slice(0, MAX_QUERY_WORDS);

/** `words` searched by the range of `range` (one of them), or by the longest when none is named. */
export function queryOf(text: string, range?: string): TermQuery | undefined {
  const words = wordsOf(text);
  if (words.length === 0) return undefined;
  const chosen = range !== undefined && words.includes(range) ? range : words.reduce((longest, word) => (word.length > longest.length ? word : longest));
  return { range: chosen, others: words.filter((word) => word !== chosen) };
}

/**
 * The word to read the range of, from each word's count of terms (at most some bound): the
 * rarest, the longer on a tie. A word that starts another has at least its terms, so of two
 * such words the longer is chosen whenever it is as rare, which `rangeOnNextPage` relies on.
 */
export function rarestWord(counted: readonly { word: string; terms: number }[]): string {
  return counted.reduce((best, next) => (next.terms < best.terms || (next.terms === best.terms && next.word.length > best.word.length) ? next : best)).word;
}

/**
 * The word a later page reads the range of: the longest of `words` the last row's term starts
 * with. The first page read that word's range (see rarestWord), so every page walks one range;
 * undefined when no word starts it (a cursor not made for this search).
 */
export function rangeOnNextPage(words: readonly string[], lastTerm: string): string | undefined {
  return words.filter((word) => lastTerm.startsWith(word)).sort((a, b) => b.length - a.length)[0];
}

/**
 * The end of the range of terms starting with `prefix`: U+10FFFF is the greatest character,
 * and SQLite compares text byte by byte in UTF-8, whose order is the code points' order.
 */
export const rangeEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

/** Whether a user with `terms` is found by `query` (every word starts one of the terms). */
export function matches(terms: readonly string[], query: TermQuery): boolean {
  return [query.range, ...query.others].every((word) => terms.some((term) => term.startsWith(word)));
}

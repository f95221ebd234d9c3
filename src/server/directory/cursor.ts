/**
 * The directory's page cursors: where the next page starts, opaque to clients. A search by
 * words is ordered by the first term each person matched, then id; the list of everyone by
 * name, then id. A cursor holds the last row's pair, so paging is by key (no offsets) and
 * stable while people are added. Pure, tested in test/unit/directory-terms.test.ts.
 */

/** Which order a cursor walks: by matched term, or by name. */
export type CursorOrder = "term" | "name";

export interface Cursor {
  order: CursorOrder;
  /** The last row's term (or sort key) and id. */
  key: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.order, cursor.key, cursor.id]));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cursor `text` encodes for `order`, or undefined when it is not one this server gave for it. */
export function decodeCursor(text: string, order: CursorOrder): Cursor | undefined {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== order) return undefined;
    const [, key, id] = value as unknown[];
    return typeof key === "string" && typeof id === "string" && id !== "" ? { order, key, id } : undefined;
  } catch {
    return undefined;
  }
}

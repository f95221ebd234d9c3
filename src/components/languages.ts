/**
 * The tables of the languages other than English, by primary language subtag: each a chunk of
 * its own, fetched the first time an element needs it, so the embed carries English only.
 */
import type { Strings } from "./strings.js";

const loaders: Record<string, () => Promise<Strings>> = {
  de: () => import("./strings-de.js").then((module) => module.de),
  fr: () => import("./strings-fr.js").then((module) => module.fr),
  es: () => import("./strings-es.js").then((module) => module.es),
  ar: () => import("./strings-ar.js").then((module) => module.ar),
};

/** Each language's table once loaded, its load while loading, null when it failed to load. */
const tables: Record<string, Strings | Promise<unknown> | null> = {};

/**
 * The table of `lang`'s language ("de-AT" uses German) once it has loaded; undefined for English,
 * languages without a table, and while one loads (`loaded` runs once it has) or if it failed to.
 */
export function loadedTable(lang: string, loaded: () => void): Strings | undefined {
  const language = lang.split("-")[0]!.toLowerCase();
  const load = loaders[language];
  if (!load) return undefined;
  tables[language] ??= load().then(
    (table) => (tables[language] = table),
    () => (tables[language] = null),
  );
  const table = tables[language];
  if (table instanceof Promise) void table.then(loaded);
  return table instanceof Promise ? undefined : (table ?? undefined);
}

/**
 * Turns a refusal into words in the reader's language: the strings table's sentence for its
 * code. The server's own (English) sentence shows only for a code the table has no sentence
 * for, or an error with no code at all; its specifics are never parsed out of the English.
 */
import type { Strings } from "./strings.js";

export function errorText(t: Strings, error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && Object.hasOwn(t.errors, code)) return t.errors[code as keyof Strings["errors"]];
  return typeof message === "string" && message ? message : String(error);
}

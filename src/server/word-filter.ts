/**
 * The optional word blocklist (`BLOCKED_WORDS`, comma-separated; `BLOCKED_WORDS_MODE` =
 * `reject` | `mask`, default reject). A word matches whole and case-insensitively: "ass" does
 * not match "class". Reject refuses the send or edit with `blocked_word`; mask stores the text
 * with each blocked word's characters replaced by asterisks (spaces kept).
 */
export type Screened = { ok: true; text: string } | { ok: false; word: string };

export interface WordFilter {
  screen(text: string): Screened;
}

const NO_FILTER: WordFilter = { screen: (text) => ({ ok: true, text }) };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function wordFilterOf(env: Cloudflare.Env): WordFilter {
  const words = (env.BLOCKED_WORDS ?? "").split(",").map((word) => word.trim()).filter(Boolean);
  if (words.length === 0) return NO_FILTER;
  // Longest first, so "bad word" wins over "bad" where both are listed.
  const alternatives = words.sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, "giu");
  const mask = env.BLOCKED_WORDS_MODE?.trim().toLowerCase() === "mask";
  return {
    screen(text) {
      if (mask) return { ok: true, text: text.replace(pattern, (word) => word.replace(/\S/gu, "*")) };
      const found = text.match(pattern);
      return found ? { ok: false, word: found[0] } : { ok: true, text };
    },
  };
}

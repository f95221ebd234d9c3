/**
 * Text people read as a label of someone or something: display names, conversation titles,
 * file names. Kept as plain, visible text on one line: no control characters, no bidi
 * overrides or isolates that make `invoice‮fdp.exe` read as `invoiceexe.pdf`, no invisible
 * characters that make two names look alike. Joiners stay: scripts and emoji need them.
 * Lengths are UTF-16 code units, as `LIMITS` and both ends' schemas count them.
 */

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** `text` as a label: white space runs as one space, invisible and control characters gone, trimmed. */
export function plainLabel(text: string): string {
  return text.replace(/\s+/g, " ").replace(INVISIBLE, "").trim();
}

/** At most `maxUnits` UTF-16 code units of `text`, never ending in half a surrogate pair. */
export function clip(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const cut = text.slice(0, maxUnits);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** `text` as a label, cut to `maxUnits`: for values the server shortens rather than refuses. */
export const clippedLabel = (text: string, maxUnits: number): string => clip(plainLabel(text), maxUnits).trim();

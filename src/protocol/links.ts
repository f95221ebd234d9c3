/**
 * Web addresses in message text: where the markdown subset (./markdown.ts) makes a link.
 */

/** An address: http(s):// or www. and what follows up to a space or a character that ends it. */
const LINK = /^(https?:\/\/|www\.)[^\s<>"`]+/i;
/** Where an address can start, anywhere in a text. */
const LINK_START = /https?:\/\/|www\./i;

/** Whether `text` may hold an address at all: a cheap test before parsing it for one. */
export const mayHoldLink = (text: string): boolean => LINK_START.test(text);
/** Trailing punctuation belongs to the sentence, not to the address. */
const LINK_TRAILER = ".,:;!?'*_~";

const WORD = /[\p{L}\p{N}]/u;

export const isWord = (char: string | undefined): boolean => WORD.test(char ?? "");

/** The address starting at `text[at]` (and ending by `end`), with the URL it opens; www. opens as https. */
export function linkAt(text: string, at: number, end: number): { text: string; href: string } | undefined {
  const match = isWord(text[at - 1]) ? null : LINK.exec(text.slice(at, end));
  if (!match) return undefined;
  const address = match[0];
  let unopened = address.split(")").length - address.split("(").length;
  let to = address.length;
  // Strips trailing punctuation, and each trailing ")" as long as more close than open.
  while (LINK_TRAILER.includes(address[to - 1]!) || (address[to - 1] === ")" && unopened-- > 0)) to--;
  if (to <= match[1]!.length) return undefined;
  const linked = address.slice(0, to);
  return { text: linked, href: /^www/i.test(linked) ? `https://${linked}` : linked };
}

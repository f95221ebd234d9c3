/**
 * The small markdown subset of message text, parsed: **bold**, *italic* or _italic_, `code`,
 * ```code blocks```, http(s):// or www. addresses as links, and "@Name" of the members a message
 * mentions (./mentions.ts). Anything else, and every marker without its partner, stays literal
 * text. The widget renders the result (src/components/markdown.ts); the server takes the first
 * link from it for a preview card, so the card is always of an address the bubble shows as a
 * link (not one inside code).
 *
 * Markers pair by run: a closer is the next run of the same characters, exactly as long, so
 * `*a **b** c*` nests and `***` or `__init__` stay text. Bold and italic may hold each other
 * but not themselves, so nesting stops two deep, and at each depth a stretch of text is searched
 * at most once for each marker's closer: the parser stays linear on hostile input such as
 * thousands of asterisks.
 */
import { isWord, linkAt, mayHoldLink } from "./links.js";
import { mentionAt, type MentionTarget } from "./mentions.js";

/** Plain text is a string; line breaks stay in it as "\n" (the bubble shows them: pre-wrap). */
export type Inline =
  | string
  | { kind: "code"; text: string }
  | Link
  | { kind: "mention"; text: string; userId: string }
  | { kind: "bold" | "italic"; children: Inline[] };
export type Link = { kind: "link"; text: string; href: string };

export type Block = { kind: "paragraph"; inlines: Inline[] } | { kind: "code-block"; text: string };

type SpanKind = "code" | "bold" | "italic";

/** What each run of marker characters stands for; any other run is text. */
const MARKERS: Record<string, SpanKind> = { "`": "code", "*": "italic", _: "italic", "**": "bold" };
/** Whitespace, or no character at all. */
const SPACE = /^\s?$/;

const isSpace = (char: string | undefined) => SPACE.test(char ?? "");

/** How many times `text[at]` repeats from `at`, stopping at `end`. */
function runLength(text: string, at: number, end: number): number {
  let to = at + 1;
  while (to < end && text[to] === text[at]) to++;
  return to - at;
}

/** Where the next run of exactly `marker` that `fits` starts in text[from, end), or -1. */
function findRun(text: string, marker: string, from: number, end: number, fits = (_at: number) => true): number {
  for (let at = text.indexOf(marker, from); at >= 0 && at < end; at = text.indexOf(marker, at)) {
    const run = runLength(text, at, end);
    if (run === marker.length && fits(at)) return at;
    at += run;
  }
  return -1;
}

/** Blocks of `text`; "@Name" of each of `mentions` becomes a mention. */
export function parseMarkdown(text: string, mentions: readonly MentionTarget[] = []): Block[] {
  const blocks: Block[] = [];
  for (let from = 0; ; ) {
    const open = findRun(text, "```", from, text.length);
    const close = open < 0 ? -1 : findRun(text, "```", open + 3, text.length);
    // A block stands on its own lines: the line breaks around it are its edges, not text.
    const to = close < 0 ? text.length : text[open - 1] === "\n" ? open - 1 : open;
    if (to > from) blocks.push({ kind: "paragraph", inlines: parseInline(text, from, to, [], mentions) });
    if (close < 0) return blocks;
    // A first line of one word ("```ts") names the language.
    blocks.push({ kind: "code-block", text: text.slice(open + 3, close).replace(/^[\w+#.-]*\n|\n$/g, "") });
    from = close + (text[close + 3] === "\n" ? 4 : 3);
  }
}

/** Inline content of text[start, end); spans already open around it (`within`) cannot open again. */
function parseInline(text: string, start: number, end: number, within: SpanKind[], mentions: readonly MentionTarget[]): Inline[] {
  const inlines: Inline[] = [];
  /** Markers known to have no closer left in this stretch. */
  const unclosed = new Set<string>();
  let plainFrom = start;
  let at = start;
  const add = (inline: Inline, to: number) => {
    if (at > plainFrom) inlines.push(text.slice(plainFrom, at));
    inlines.push(inline);
    at = plainFrom = to;
  };

  while (at < end) {
    const char = text[at]!;
    if (char === "`" || char === "*" || char === "_") {
      const run = runLength(text, at, end);
      const marker = text.slice(at, at + run);
      const kind = MARKERS[marker];
      const code = kind === "code";
      // Emphasis hugs its text and stays out of words: "2*3*4" and snake_case are text.
      const opens = kind && !within.includes(kind) && (code || (!isWord(text[at - 1]) && !isSpace(text[at + run])));
      const close =
        opens && !unclosed.has(marker)
          ? findRun(text, marker, at + run, end, (closeAt) => code || (!isSpace(text[closeAt - 1]) && !isWord(text[closeAt + run])))
          : -1;
      if (close < 0) {
        if (opens) unclosed.add(marker);
        at += run;
      } else if (code) {
        add({ kind, text: text.slice(at + 1, close) }, close + 1);
      } else {
        add({ kind: kind!, children: parseInline(text, at + run, close, [...within, kind!], mentions) }, close + run);
      }
      continue;
    }
    const mention = char === "@" ? mentionAt(text, at, mentions, end) : undefined;
    if (mention) {
      add({ kind: "mention", text: text.slice(at, at + mention.length), userId: mention.userId }, at + mention.length);
      continue;
    }
    const link = linkAt(text, at, end);
    if (link) add({ kind: "link", ...link }, at + link.text.length);
    else at++;
  }
  if (end > plainFrom) inlines.push(text.slice(plainFrom, end));
  return inlines;
}

/** The URL of the first address the text shows as a link: the one a link preview is made of. */
export function firstLink(text: string): string | undefined {
  // Most messages hold no address: they are not parsed at all (the server asks this of every message).
  if (!mayHoldLink(text)) return undefined;
  const first = (inlines: Inline[]): string | undefined => {
    for (const inline of inlines) {
      if (typeof inline === "string" || inline.kind === "code" || inline.kind === "mention") continue;
      const href = inline.kind === "link" ? inline.href : first(inline.children);
      if (href) return href;
    }
    return undefined;
  };
  for (const block of parseMarkdown(text)) {
    const href = block.kind === "paragraph" ? first(block.inlines) : undefined;
    if (href) return href;
  }
  return undefined;
}

/** The text an inline shows: its markers gone, a link's text and an "@Name" kept as written. */
const shownText = (inlines: Inline[]): string =>
  inlines.map((inline) => (typeof inline === "string" ? inline : "children" in inline ? shownText(inline.children) : inline.text)).join("");

/**
 * What `text` reads as once formatted, with no markup: a list row previews this rather than
 * markers the bubble would never show. Blocks are parted by a line break.
 */
export function plainText(text: string): string {
  return parseMarkdown(text)
    .map((block) => (block.kind === "code-block" ? block.text : shownText(block.inlines)))
    .join("\n");
}

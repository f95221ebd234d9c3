/** What a message bubble shows of a text: everything but the markdown markers it formats. */
import { parseMarkdown, type Inline } from "../../src/protocol/markdown.js";

function inlineText(inlines: Inline[]): string {
  return inlines
    .map((inline) => (typeof inline === "string" ? inline : "children" in inline ? inlineText(inline.children) : inline.text))
    .join("");
}

export function shownText(text: string): string {
  return parseMarkdown(text)
    .map((block) => (block.kind === "code-block" ? block.text : inlineText(block.inlines)))
    .join("");
}

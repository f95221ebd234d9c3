/**
 * Message text as Lit templates, from the markdown subset parsed in src/protocol/markdown.ts.
 * The output is built from Lit templates only (text and attribute bindings), never from an
 * HTML string, so no user text is ever parsed as HTML.
 */
import { html, type TemplateResult } from "lit";
import { parseMarkdown, type Inline } from "../protocol/markdown.js";
import type { MentionTarget } from "../protocol/mentions.js";

/** One inline as a template; a mention of `me` also gets the part `mention-me`. */
function renderInline(inline: Inline, me: string): unknown {
  if (typeof inline === "string") return inline;
  const children = (inlines: Inline[]) => inlines.map((child) => renderInline(child, me));
  switch (inline.kind) {
    case "code":
      return html`<code part="code">${inline.text}</code>`;
    case "link":
      return html`<a part="link" href=${inline.href} target="_blank" rel="noopener noreferrer nofollow">${inline.text}</a>`;
    case "mention":
      return html`<span part=${inline.userId === me ? "mention mention-me" : "mention"} class="mention">${inline.text}</span>`;
    case "bold":
      return html`<strong part="bold">${children(inline.children)}</strong>`;
    case "italic":
      return html`<em part="italic">${children(inline.children)}</em>`;
  }
}

/**
 * Message text as Lit templates: elements with parts `bold`, `italic`, `code`, `code-block`,
 * `link`, and `mention` for each of `mentions` (`mention mention-me` for the user `me`).
 */
export function renderMarkdown(text: string, mentions: readonly MentionTarget[] = [], me = ""): TemplateResult {
  return html`${parseMarkdown(text, mentions).map((block) =>
    block.kind === "code-block" ? html`<pre part="code-block">${block.text}</pre>` : block.inlines.map((inline) => renderInline(inline, me)),
  )}`;
}

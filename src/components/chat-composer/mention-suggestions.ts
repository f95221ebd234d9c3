/**
 * The composer's "@" suggestions: which member names the user is typing after an "@", the
 * members that fit, and the listbox that offers them. The composer owns the state and the keys.
 */
import { html, nothing } from "lit";
import type { MentionTarget } from "../../protocol/index.js";

/** Most members offered at once; typing more letters narrows the list. */
const MOST_SUGGESTIONS = 8;
/** Longest stretch after an "@" still read as a name being typed (names may hold spaces). */
const LONGEST_QUERY = 40;

/** The "@" being completed before `caret`: where it starts and what follows it, or undefined. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const start = text.lastIndexOf("@", caret - 1);
  if (start < 0 || caret - start - 1 > LONGEST_QUERY) return undefined;
  // Not inside a word or an e-mail address, and on the same line.
  if (start > 0 && /[\p{L}\p{N}_]/u.test(text[start - 1]!)) return undefined;
  const query = text.slice(start + 1, caret);
  return query.includes("\n") ? undefined : { start, query };
}

/** Members whose name or id starts with `query`, ignoring case. */
export function suggestMembers(members: readonly MentionTarget[], query: string): MentionTarget[] {
  const prefix = query.toLowerCase();
  return members
    .filter((member) => member.name.toLowerCase().startsWith(prefix) || member.userId.toLowerCase().startsWith(prefix))
    .slice(0, MOST_SUGGESTIONS);
}

export const suggestionId = (index: number): string => `mention-option-${index}`;

/** The listbox of `suggestions`, `active` one marked; `pick` inserts one. */
export function renderSuggestions(label: string, suggestions: readonly MentionTarget[], active: number, pick: (member: MentionTarget) => void) {
  if (suggestions.length === 0) return nothing;
  return html`<ul part="mention-suggestions" id="mention-suggestions" class="suggestions" role="listbox" aria-label=${label}>
    ${suggestions.map(
      (member, index) =>
        html`<li
          part=${index === active ? "mention-suggestion mention-suggestion-active" : "mention-suggestion"}
          id=${suggestionId(index)}
          role="option"
          aria-selected=${index === active ? "true" : "false"}
          @mousedown=${(event: MouseEvent) => event.preventDefault()}
          @click=${() => pick(member)}
        >
          <span class="name">${member.name}</span> <span class="id">${member.userId}</span>
        </li>`,
    )}
  </ul>`;
}

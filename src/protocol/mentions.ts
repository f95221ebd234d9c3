/**
 * How message text names the members it mentions: "@" and the member's display name (what the
 * composer inserts) or their user id, as a whole token: not inside a word or an e-mail address,
 * and not followed by more of a word ("@Bob" is not in "@Bobby"). Case is ignored. The ids
 * travel beside the text (`mentions`), so previews, search and webhooks read plain words while
 * the widget and the unread counts use the structured list. Used by the server to keep only
 * mentions the text bears out, by the composer to find them, and by the message to mark them.
 */
import { LIMITS } from "./limits.js";

export interface MentionTarget {
  userId: string;
  name: string;
}

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (char: string | undefined) => char !== undefined && WORD.test(char);

/** Whether `text` holds "@`handle`" as a token starting at `at`. */
function tokenAt(text: string, at: number, handle: string, end = text.length): boolean {
  const after = at + 1 + handle.length;
  return (
    handle.length > 0 &&
    text[at] === "@" &&
    after <= end &&
    !isWord(text[at - 1]) &&
    !isWord(text[after]) &&
    text.slice(at + 1, after).toLowerCase() === handle.toLowerCase()
  );
}

/** The member of `targets` named at `at` (the longest name that fits, before `end`), with the token's length. */
export function mentionAt(text: string, at: number, targets: readonly MentionTarget[], end = text.length): { userId: string; length: number } | undefined {
  let found: { userId: string; length: number } | undefined;
  for (const target of targets) {
    for (const handle of [target.name, target.userId]) {
      if ((!found || handle.length + 1 > found.length) && tokenAt(text, at, handle, end)) found = { userId: target.userId, length: handle.length + 1 };
    }
  }
  return found;
}

/** The ids of `members` the text names, each "@" read as the longest name that fits ("@Anna Lee" is not "@Anna"). */
function named(text: string, members: readonly MentionTarget[]): Set<string> {
  const ids = new Set<string>();
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const mention = mentionAt(text, at, members);
    if (mention) ids.add(mention.userId);
  }
  return ids;
}

/**
 * The ids of `requested` that are `members` named in `text`, each once, in the order asked,
 * at most LIMITS.mentionsPerMessage. Anyone else is dropped rather than refused: a message
 * written offline must not fail because someone left meanwhile.
 */
export function mentionedIn(text: string, requested: readonly string[], members: readonly MentionTarget[]): string[] {
  const inText = named(text, members);
  return [...new Set(requested)].filter((userId) => inText.has(userId)).slice(0, LIMITS.mentionsPerMessage);
}

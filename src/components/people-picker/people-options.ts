/**
 * The people picker's pure rules: which options a search's answer offers, where the arrow keys
 * move the active one, and which of several searches in flight may still show its answer.
 */
import { namedBy, USER_ID_PATTERN } from "../../protocol/limits.js";
import type { Person } from "../../store/index.js";

/** A person found, or the typed text used as an id ("Use id “x”") where a search may miss its owner. */
export interface PersonOption {
  person: Person;
  typed: boolean;
}

/**
 * The options for `text`: the people found but those already `picked`, then the text as an id
 * when it is one (as `selfId` names it: guests name guests) and is neither found nor picked.
 * That option reaches people a search does not find (the host's visibility is `shared` or
 * `nobody`). When the directory `findsEveryone`, a search that found people but not that id
 * has ranked its owner first if they exist, so the option would only lead to a refusal: it is
 * offered then only when no one was found, where its refusal says why.
 */
export function peopleOptions(found: readonly Person[], text: string, picked: readonly Person[], selfId: string, findsEveryone = false): PersonOption[] {
  const taken = new Set(picked.map((person) => person.id));
  const options: PersonOption[] = found.filter((person) => !taken.has(person.id)).map((person) => ({ person, typed: false }));
  const typed = text.trim();
  if (USER_ID_PATTERN.test(typed) && !(findsEveryone && found.length)) {
    const id = namedBy(selfId, typed);
    if (!taken.has(id) && !found.some((person) => person.id === id)) options.push({ person: { id, name: typed, online: false }, typed: true });
  }
  return options;
}

/** The active option after `key` among `count` (-1: none); undefined for a key that does not move it. */
export function movedIndex(key: string, active: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case "ArrowDown":
      return Math.min(active + 1, count - 1);
    case "ArrowUp":
      return Math.max(active - 1, 0);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Numbers searches so that only the newest may show its answer: an answer to an older text
 * arriving after a newer one's (or after the text changed) is dropped, never shown over it.
 */
export class LatestOnly {
  #newest = 0;

  /** Starts a search; the function says whether it is still the newest when its answer comes. */
  begin(): () => boolean {
    const mine = ++this.#newest;
    return () => mine === this.#newest;
  }

  /** No search in flight may show its answer any more (the text was cleared). */
  cancel(): void {
    this.#newest++;
  }
}

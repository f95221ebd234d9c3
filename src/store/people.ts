/**
 * Finding people: `chat.users`, the directory search and one person by id, asked over the
 * inbox socket (`find_people`, `find_person`). Who may be found is the host's setting, which
 * every answer carries as `visibility`.
 */
import type { DirectoryVisibility, InboxClientFrame, InboxServerFrame, Person } from "../protocol/index.js";
import { ChatError } from "../transport/chat-error.js";
import { newMessageId } from "./message-id.js";

export interface PeopleSearchOptions {
  /** The `next` of the page before, for the page after it. */
  cursor?: string;
  /** People per page, 1 to 50 (src/protocol/limits.ts); 20 when absent. */
  limit?: number;
}

/** A page of people found, where the next starts, and who the host lets this user find. */
export interface PeoplePage {
  people: Person[];
  /** The cursor of the next page; absent on the last. */
  next?: string;
  /** `everyone`; `shared` (people in a conversation with this user); `nobody` (ids only). */
  visibility: DirectoryVisibility;
}

export interface Users {
  /**
   * People whose name has a word starting with `text`, or whose id does, ignoring case and
   * accents; never this user nor people they block. Empty text lists everyone findable.
   */
  search(text: string, options?: PeopleSearchOptions): Promise<PeoplePage>;
  /**
   * One person, with their presence now; undefined when no one has that id or this user may
   * not see them (a member of a conversation they share is always seen).
   */
  get(userId: string): Promise<Person | undefined>;
}

type InboxRequest = (frame: InboxClientFrame & { ref: string }) => Promise<Extract<InboxServerFrame, { type: "done" | "people" }>>;

/** `chat.users` over the inbox socket's `request`. */
export function createUsers(request: InboxRequest): Users {
  async function ask(frame: Extract<InboxClientFrame, { type: "find_people" | "find_person" }>): Promise<PeoplePage> {
    const answer = await request(frame);
    if (answer.type !== "people") throw new ChatError("bad_frame", `the server answered ${frame.type} with ${answer.type}`);
    return { people: answer.people, ...(answer.next ? { next: answer.next } : {}), visibility: answer.visibility };
  }
  return {
    search: (text, options = {}) => ask({ type: "find_people", ref: newMessageId(), text, ...options }),
    get: async (userId) => (await ask({ type: "find_person", ref: newMessageId(), userId })).people.find((person) => person.id === userId),
  };
}

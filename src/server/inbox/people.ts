/**
 * The handlers of the inbox socket's directory frames: `find_people` (a page of a search) and
 * `find_person` (one person by id), both answered with a `people` frame. Who may be found is
 * the host's DIRECTORY_VISIBILITY; each person's presence is asked of their Inbox. Searches are
 * frames like any other, so the per-user frame rate (Room.screen) bounds them too.
 */
import { failure, type FindPeopleFrame, type FindPersonFrame, type Person } from "../../protocol/index.js";
import { shareConversation } from "../directory/memberships-sql.js";
import { searchUsers } from "../directory/search-sql.js";
import { findUser, userOf, type DirectoryUser } from "../directory/users-sql.js";
import { directoryVisibility } from "../directory/visibility.js";
import type { Handled } from "../room.js";
import { inboxOf } from "../stubs.js";
import { listBlocked, readProfile, type Profile } from "./inbox-sql.js";

/** Who is searching, as their Inbox knows them. */
export interface Searcher {
  userId: string;
  profile: Profile;
  /** Whom they block: never found by their search. */
  blocked: string[];
}

/** The user of an Inbox whose socket is open (so its profile is saved) as a searcher. */
export const searcherOf = (sql: SqlStorage, userId: string): Searcher => ({ userId, profile: readProfile(sql)!, blocked: listBlocked(sql) });

const DEFAULT_PAGE_SIZE = 20;

/** The page of people `searcher` may find with `frame.text`; nobody when the host lets nobody be found. */
export async function findPeople(env: Cloudflare.Env, searcher: Searcher, frame: FindPeopleFrame): Promise<Handled> {
  const visibility = directoryVisibility(env);
  if (visibility === "nobody") return { ok: true, answer: { type: "people", ref: frame.ref, people: [], visibility } };
  const page = await searchUsers(env.DIRECTORY, {
    searcherId: searcher.userId,
    text: frame.text,
    sharedOnly: visibility === "shared",
    blocked: searcher.blocked,
    cursor: frame.cursor,
    limit: frame.limit ?? DEFAULT_PAGE_SIZE,
  });
  if (!page.ok) return failure("bad_frame", "this cursor is not one the server gave for this search; search again without it");
  const people = await withPresence(env, page.people);
  return { ok: true, answer: { type: "people", ref: frame.ref, people, ...(page.next ? { next: page.next } : {}), visibility } };
}

/**
 * `frame.userId` when they exist and `searcher` may see them: themselves, anyone when everyone
 * is visible, and whoever shares a conversation with them whatever the setting (their card
 * shows in that conversation). Someone the searcher blocks is found: their card still shows.
 */
export async function findPerson(env: Cloudflare.Env, searcher: Searcher, frame: FindPersonFrame): Promise<Handled> {
  const visibility = directoryVisibility(env);
  const answer = (people: Person[]): Handled => ({ ok: true, answer: { type: "people", ref: frame.ref, people, visibility } });
  if (frame.userId === searcher.userId) return answer([{ id: searcher.userId, ...searcher.profile, online: true }]);
  const [user, visible] = await Promise.all([
    profileOf(env, frame.userId),
    visibility === "everyone" || shareConversation(env.DIRECTORY, searcher.userId, frame.userId),
  ]);
  return answer(user && visible ? await withPresence(env, [user]) : []);
}

/** `userId`'s profile: their Inbox's (signed in or registered), or else the directory's row. */
async function profileOf(env: Cloudflare.Env, userId: string): Promise<DirectoryUser | undefined> {
  const user = await inboxOf(env, userId).user();
  if (user) return userOf({ id: userId, name: user.name, avatar: user.avatar ?? null });
  return findUser(env.DIRECTORY, userId);
}

/** Each of `users` with whether they are online now, asked of their Inboxes at once. */
async function withPresence(env: Cloudflare.Env, users: DirectoryUser[]): Promise<Person[]> {
  const online = await Promise.all(users.map((user) => inboxOf(env, user.id).online()));
  return users.map((user, index) => ({ ...user, online: online[index]! }));
}

/**
 * Deleting a user through the server API (`DELETE /users/:id`), in an order a retry can finish:
 * first each conversation they are in (their messages erased a batch at a time when asked, then
 * they are removed as the API removes a member), then their Inbox (sockets closed, uploads and
 * tables gone), and last their directory rows. A failure part way leaves the rest listed where
 * it was found, so the same request sent again picks up there; once all is done the user is
 * unknown and a retry is answered 404.
 */
import { conversationsOf } from "../directory/memberships-sql.js";
import { findUser, forgetUser } from "../directory/users-sql.js";
import { conversationOf, inboxOf } from "../stubs.js";

/** What a deletion did, as the API answers it. */
export interface UserDeletion {
  id: string;
  deleted: true;
  /** Conversations they were removed from. */
  conversations: number;
  /** Their messages deleted (with `erase=messages`). */
  messagesErased: number;
}

/** Conversations worked on at once: a user in hundreds is not one long queue, nor hundreds of calls at a time. */
const PARALLEL_CONVERSATIONS = 4;

/** Deletes `userId` (and with `eraseMessages`, every message they sent); undefined when no such user exists. */
export async function deleteUser(env: Cloudflare.Env, userId: string, eraseMessages: boolean): Promise<UserDeletion | undefined> {
  const inbox = inboxOf(env, userId);
  // Their Inbox lists the conversations it heard of; the directory adds those it alone knows.
  const [stored, listed, memberOf] = await Promise.all([inbox.deletionTargets(), findUser(env.DIRECTORY, userId), conversationsOf(env.DIRECTORY, userId)]);
  if (!stored.known && !listed && memberOf.length === 0) return undefined;
  const waiting = [...new Set([...stored.conversationIds, ...memberOf])];
  const done: UserDeletion = { id: userId, deleted: true, conversations: 0, messagesErased: 0 };
  const leave = async (conversationId: string): Promise<void> => {
    const conversation = conversationOf(env, conversationId);
    for (let afterSeq = 0; ; ) {
      const step = await conversation.apiDeleteUser(userId, eraseMessages, afterSeq);
      if (!step.ok) throw new Error(`conversation ${conversationId}: ${step.message}`);
      done.messagesErased += step.value.erased;
      afterSeq = step.value.afterSeq;
      if (!step.value.done) continue;
      if (step.value.removed) done.conversations += 1;
      return;
    }
  };
  const worker = async (): Promise<void> => {
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) await leave(next);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CONVERSATIONS, waiting.length) }, worker));
  await inbox.erase();
  await forgetUser(env.DIRECTORY, userId);
  return done;
}

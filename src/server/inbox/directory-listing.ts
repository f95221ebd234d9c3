/**
 * Keeps an Inbox user's row in the people directory (src/server/directory/) current. Their
 * profile is saved in the Inbox when they sign in or the server API registers them; only one
 * that is new or changed since the directory last took it (inbox-sql.ts `listed`) is written,
 * off the caller's path. A failure is logged and never fails a sign-in: the next one tries again.
 */
import { saveUser } from "../directory/users-sql.js";
import { isListed, markListed, readProfile } from "./inbox-sql.js";

export function listInDirectory(ctx: DurableObjectState, env: Cloudflare.Env, userId: string): void {
  const sql = ctx.storage.sql;
  const profile = readProfile(sql);
  if (!profile || isListed(sql)) return;
  ctx.waitUntil(
    saveUser(env.DIRECTORY, { id: userId, ...profile }).then(
      () => markListed(sql, profile),
      (error: unknown) => console.error(`inbox ${userId}: listing the profile in the directory failed`, error),
    ),
  );
}

/**
 * Who a chat is for, from what the page gave: a token's `sub` (and `name`), or the `user` given
 * with a tokenProvider, or a guest (guest mode). The launcher reads it before the rest of the
 * store has loaded, so it lives apart from createChat.
 */
import { guestId } from "../protocol/guest-id.js";
import { ChatError } from "../transport/chat-error.js";
import { claimsOf } from "../transport/token-claims.js";

export interface ChatUserOptions {
  token?: string;
  tokenProvider?: () => Promise<string>;
  user?: string;
  name?: string;
}

export function userOf(options: ChatUserOptions): { userId: string; name: string } {
  if (options.token) {
    const claims = claimsOf(options.token);
    if (!claims.sub) throw new ChatError("unauthorized", "the token has no sub claim");
    if (options.user && options.user !== claims.sub) {
      throw new ChatError("unauthorized", `the token is for ${claims.sub}, not ${options.user}`);
    }
    const name = typeof claims.name === "string" && claims.name ? claims.name : options.name;
    return { userId: claims.sub, name: name || claims.sub };
  }
  if (!options.user) throw new ChatError("unauthorized", "give createChat a token, or a user with a tokenProvider or for guest mode");
  // A guest's id is the server's guest id for the one given (src/protocol/limits.ts).
  if (!options.tokenProvider) return { userId: guestId(options.user), name: options.name || options.user };
  return { userId: options.user, name: options.name || options.user };
}

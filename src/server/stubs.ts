/** How the Worker and each Durable Object reach another object: by its name, the user or conversation id. */

export function inboxOf(env: Cloudflare.Env, userId: string) {
  return env.Inbox.get(env.Inbox.idFromName(userId));
}

export function conversationOf(env: Cloudflare.Env, conversationId: string) {
  return env.Conversation.get(env.Conversation.idFromName(conversationId));
}

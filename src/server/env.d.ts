/** Bindings the Worker and its Durable Objects receive, as configured in wrangler.jsonc. */
import type { Conversation } from "./conversation.js";
import type { Inbox } from "./inbox.js";

declare global {
  namespace Cloudflare {
    interface Env {
      Conversation: DurableObjectNamespace<Conversation>;
      Inbox: DurableObjectNamespace<Inbox>;
    }
  }
}

/** Bindings and settings the Worker and its Durable Objects receive (wrangler.jsonc, secrets). */
import type { Conversation } from "./conversation.js";
import type { Inbox } from "./inbox.js";

declare global {
  namespace Cloudflare {
    interface Env {
      Conversation: DurableObjectNamespace<Conversation>;
      Inbox: DurableObjectNamespace<Inbox>;
      /** HS256 secret shared with the host site's backend. */
      JWT_SECRET?: string;
      /** PEM public key (SPKI) for RS256 / ES256 tokens. */
      JWT_PUBLIC_KEY?: string;
      /** URL of the host site's JWKS, for RS256 / ES256 tokens. */
      JWT_JWKS_URL?: string;
      /** Accepted algorithms, comma-separated; the first one is used with JWT_PUBLIC_KEY. */
      JWT_ALGORITHMS?: string;
      JWT_ISSUER?: string;
      JWT_AUDIENCE?: string;
      /** "on" lets anyone get a token for a name of their choice: demos and local development only. */
      GUEST_MODE?: string;
      /** Signs guest tokens. */
      GUEST_SECRET?: string;
      /** Comma-separated origins allowed to use this server, or "*". */
      ALLOWED_ORIGINS?: string;
    }
  }
}

/** Bindings and settings the Worker and its Durable Objects receive (wrangler.jsonc, secrets). */
import type { Conversation } from "./conversation/conversation.js";
import type { Inbox } from "./inbox/inbox.js";

declare global {
  namespace Cloudflare {
    interface Env {
      Conversation: DurableObjectNamespace<Conversation>;
      Inbox: DurableObjectNamespace<Inbox>;
      /** The people directory (src/server/directory/): users, their search terms, who is in which conversation. */
      DIRECTORY: D1Database;
      /** Uploaded files, under `${conversationId}/${attachmentId}`. */
      Attachments: R2Bucket;
      /** Sockets opened per client address (wrangler.jsonc `ratelimits`). */
      CONNECT_LIMITER?: RateLimit;
      /** Guest tokens issued per client address. */
      GUEST_LIMITER?: RateLimit;
      /** "off" lifts the limits per client address: the tests and benchmarks, which all come from 127.0.0.1. */
      ADDRESS_LIMITS?: string;
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
      /** Whom a user may find in the directory: `everyone`, `shared` (default: people in a conversation with them) or `nobody`. */
      DIRECTORY_VISIBILITY?: string;
      /** "on" lets anyone get a token for a name of their choice: demos and local development only. */
      GUEST_MODE?: string;
      /** Signs guest tokens. */
      GUEST_SECRET?: string;
      /** Comma-separated origins allowed to use this server, or "*". */
      ALLOWED_ORIGINS?: string;
      /** Frames per second one user may send to one room, all their sockets together (default 20), and its burst (default 40). */
      RATE_LIMIT_PER_SECOND?: string;
      RATE_LIMIT_BURST?: string;
      /** Sockets one user may hold to one room (default 10). */
      MAX_CONNECTIONS_PER_USER?: string;
      /** Longest message text (default and ceiling 4000). */
      MAX_MESSAGE_LENGTH?: string;
      /** Conversations one user may create in an hour through the widget (default 60). */
      MAX_CONVERSATIONS_PER_HOUR?: string;
      /** People one user may add to conversations in an hour, creating or adding (default 200). */
      MAX_ADDS_PER_HOUR?: string;
      /** Most members in a group (default and ceiling 500). */
      MAX_GROUP_MEMBERS?: string;
      /** Bytes one user may have uploaded and not yet sent (default 100 MB). */
      UPLOAD_QUOTA_BYTES?: string;
      /** Seconds an upload may wait to be sent before it is deleted (default a day). */
      UNSENT_UPLOAD_SECONDS?: string;
      /** Most pixels in a picture shown inline (default 40,000,000). */
      MAX_PICTURE_PIXELS?: string;
      /** Largest attachment in bytes (default 10 MB). */
      MAX_ATTACHMENT_BYTES?: string;
      /** Comma-separated attachment types, exact (`application/pdf`) or `image/*` (default: see limits.ts). */
      ATTACHMENT_TYPES?: string;
      /** The host backend's key to the server API (`/api/v1`); the API is off without it. */
      API_KEY?: string;
      /** Origins whose requests the server API accepts anyway; by default any Origin header is refused. */
      API_ORIGINS?: string;
      /** Comma-separated words refused or masked in messages (src/server/word-filter.ts). */
      BLOCKED_WORDS?: string;
      /** `reject` (default) refuses a message holding one; `mask` replaces each with asterisks. */
      BLOCKED_WORDS_MODE?: string;
      /** Comma-separated endpoints that receive webhooks (src/server/webhooks.ts). */
      WEBHOOK_URLS?: string;
      /** Signs every webhook (HMAC-SHA256); none are sent without it. */
      WEBHOOK_SECRET?: string;
      /** Attempts per webhook before it is dropped (default 8). */
      WEBHOOK_MAX_ATTEMPTS?: string;
      /** Wait before the first retry, doubled each time (default 2000 ms). */
      WEBHOOK_RETRY_BASE_MS?: string;
      /** Seconds a message waits unread, its member away, before their `unread.digest` webhook (default 300; src/server/inbox/digests.ts). */
      DIGEST_DELAY_SECONDS?: string;
      /** `on` lets the server API move an Inbox's clock (`POST /api/v1/users/:id/clock`): tests on a development server only (src/server/test-clock.ts). */
      TEST_CLOCK?: string;
      /** `off` stops link previews (src/server/link-preview.ts); on by default. */
      LINK_PREVIEWS?: string;
      /** Comma-separated `host:port`s previews may fetch although private: local test pages only. */
      PREVIEW_ALLOW_HOSTS?: string;
      /** The VAPID key pair's private half as a P-256 JWK (JSON): Web Push is off without it (src/server/push/push-settings.ts). */
      VAPID_PRIVATE_KEY?: string;
      /** Who push services may contact about this server: `mailto:` or an https URL. */
      VAPID_SUBJECT?: string;
      /** Seconds a push service keeps a message for a browser that is offline (default a day). */
      PUSH_TTL_SECONDS?: string;
      /** `off`: notifications say only "New message", not who wrote what. */
      PUSH_PREVIEWS?: string;
      /** Comma-separated origins pushes may be sent to (default: the browsers' push services). */
      PUSH_SERVICES?: string;
      /** Pieces of a message's path left out, for bench/message-pieces.ts only (src/server/bench-skips.ts). */
      BENCH_SKIP?: string;
    }
  }
}

/**
 * Per-user token buckets: each frame takes a token, tokens come back at a steady rate up to a
 * burst. A user's sockets share one bucket, and it outlives them, so neither more sockets nor
 * reconnecting buys more frames. Kept in memory: a Durable Object waking from hibernation
 * starts every user with a full bucket, which errs on the side of serving.
 */
import type { ErrorFrame } from "../protocol/index.js";
import type { ServerLimits } from "./limits.js";

/** Past this many users' buckets, the full ones are dropped. */
const MAX_BUCKETS = 1_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limits: ServerLimits;

  constructor(limits: ServerLimits) {
    this.#limits = limits;
  }

  /** Takes a token for `userId`; false when their bucket is empty. */
  allow(userId: string, now = Date.now()): boolean {
    const { framesPerSecond, frameBurst } = this.#limits;
    const bucket = this.#buckets.get(userId) ?? { tokens: frameBurst, updatedAt: now };
    bucket.tokens = Math.min(frameBurst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * framesPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(userId, bucket);
    if (this.#buckets.size > MAX_BUCKETS) this.#forgetFull(now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Drops the buckets that have filled up again: forgetting them changes nothing. */
  #forgetFull(now: number): void {
    const { framesPerSecond, frameBurst } = this.#limits;
    for (const [userId, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * framesPerSecond >= frameBurst) this.#buckets.delete(userId);
    }
  }

  /** The error for a dropped frame, naming its id or ref (found without parsing it whole). */
  refusal(raw: unknown): ErrorFrame {
    const ref = typeof raw === "string" ? /"(?:id|ref)"\s*:\s*"([^"\\]{1,64})"/.exec(raw.slice(0, 512))?.[1] : undefined;
    return {
      type: "error",
      code: "rate_limited",
      message: `too many frames: at most ${this.#limits.framesPerSecond} per second; this one was dropped, send it again later`,
      ...(ref ? { ref } : {}),
    };
  }
}

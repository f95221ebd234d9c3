/**
 * Per-connection token buckets: each frame takes a token, tokens come back at a steady rate
 * up to a burst. Kept in memory: a Durable Object waking from hibernation starts every
 * connection with a full bucket, which errs on the side of serving.
 */
import type { ErrorFrame } from "../protocol/index.js";
import type { ServerLimits } from "./limits.js";

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

  /** Takes a token for `connectionId`; false when its bucket is empty. */
  allow(connectionId: string, now = Date.now()): boolean {
    const { framesPerSecond, frameBurst } = this.#limits;
    const bucket = this.#buckets.get(connectionId) ?? { tokens: frameBurst, updatedAt: now };
    bucket.tokens = Math.min(frameBurst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * framesPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(connectionId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  forget(connectionId: string): void {
    this.#buckets.delete(connectionId);
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

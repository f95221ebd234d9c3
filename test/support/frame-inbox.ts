/**
 * Collects the frames a server sends to one socket, validated by the protocol's own parser
 * (the one the widget uses), so a test can await the next frame that matches a predicate
 * (with a timeout, so nothing hangs) or check that none arrived.
 */
import type { Parsed } from "../../src/protocol/index.js";

export const FRAME_TIMEOUT_MS = 5_000;

/** Any frame a server sends: every one has a `type`. */
export interface AnyFrame {
  type: string;
}

export type FrameOfType<F extends AnyFrame, K extends F["type"]> = Extract<F, { type: K }>;

interface Waiter<F> {
  predicate: (frame: F) => boolean;
  resolve: (frame: F) => void;
}

export class FrameInbox<F extends AnyFrame> {
  /** Every valid frame received, in arrival order, consumed or not. */
  readonly received: F[] = [];
  /** Frames the protocol's parser refused or had to trim (should stay empty). */
  readonly invalid: { raw: unknown; reason: string }[] = [];
  /** Frames no `next()` has taken yet. */
  readonly #unread: F[] = [];
  readonly #waiters = new Set<Waiter<F>>();

  constructor(
    readonly label: string,
    readonly parse: (raw: unknown) => Parsed<F>,
  ) {}

  /** Takes raw socket data (a string for text frames) and validates it with `parse`. */
  pushRaw(raw: unknown): void {
    const parsed = this.parse(raw);
    if (!parsed.ok) return void this.invalid.push({ raw, reason: parsed.error.message });
    // Items the parser had to leave out of a list are as wrong as a whole invalid frame.
    if (parsed.skipped) this.invalid.push({ raw, reason: parsed.skipped.join("; ") });
    this.push(parsed.frame);
  }

  /** Takes an already validated frame. */
  push(frame: F): void {
    this.received.push(frame);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(frame)) {
        this.#waiters.delete(waiter);
        waiter.resolve(frame);
        return;
      }
    }
    this.#unread.push(frame);
  }

  /**
   * The first unread frame matching `predicate`, taking it out of the unread list; waits for
   * one up to `timeoutMs` and rejects with what did arrive otherwise.
   */
  next<T extends F>(predicate: (frame: F) => frame is T, what?: string, timeoutMs?: number): Promise<T>;
  next(predicate: (frame: F) => boolean, what?: string, timeoutMs?: number): Promise<F>;
  next(predicate: (frame: F) => boolean, what = "matching frame", timeoutMs = FRAME_TIMEOUT_MS): Promise<F> {
    const index = this.#unread.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.#unread.splice(index, 1)[0]!);
    return new Promise<F>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`${this.label}: no ${what} within ${timeoutMs} ms; ${this.describe()}`));
      }, timeoutMs);
      const waiter: Waiter<F> = {
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** The next unread frame of `type` that also matches `predicate`. */
  nextOfType<K extends F["type"]>(
    type: K,
    predicate: (frame: FrameOfType<F, K>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<FrameOfType<F, K>> {
    return this.next(
      (frame): frame is FrameOfType<F, K> => frame.type === type && predicate(frame as FrameOfType<F, K>),
      `"${type}" frame`,
      timeoutMs,
    );
  }

  /** All frames received so far that match `predicate`, consumed or not. */
  all<T extends F>(predicate: (frame: F) => frame is T): T[];
  all(predicate?: (frame: F) => boolean): F[];
  all(predicate: (frame: F) => boolean = () => true): F[] {
    return this.received.filter(predicate);
  }

  /** Waits `ms` and fails if any frame matching `predicate` arrived by then (or before). */
  async expectNone(predicate: (frame: F) => boolean, ms = 300, what = "frame"): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const unexpected = this.received.filter(predicate);
    if (unexpected.length > 0) {
      throw new Error(`${this.label}: expected no ${what}, got:\n${unexpected.map((f) => `  ${JSON.stringify(f)}`).join("\n")}`);
    }
  }

  /** What arrived so far, for failure messages. */
  describe(): string {
    return (
      "received so far:\n" +
      this.received.map((frame) => `  ${JSON.stringify(frame).slice(0, 300)}`).join("\n") +
      (this.invalid.length > 0
        ? `\nand frames outside the protocol:\n${this.invalid.map(({ raw, reason }) => `  ${reason}: ${String(raw).slice(0, 200)}`).join("\n")}`
        : "")
    );
  }
}

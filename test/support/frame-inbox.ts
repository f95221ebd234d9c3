/**
 * Collects the frames a server sends to one client, so a test can await the next frame that
 * matches a predicate (with a timeout, so nothing hangs) or check that none arrived.
 */
import * as v from "valibot";
import { ServerFrame } from "../../src/protocol/index.js";

export const FRAME_TIMEOUT_MS = 5_000;

export type FrameOfType<K extends ServerFrame["type"]> = Extract<ServerFrame, { type: K }>;

type Predicate = (frame: ServerFrame) => boolean;

interface Waiter {
  predicate: Predicate;
  resolve: (frame: ServerFrame) => void;
}

export class FrameInbox {
  /** Every valid frame received, in arrival order, consumed or not. */
  readonly received: ServerFrame[] = [];
  /** Frames that did not match the protocol's ServerFrame schema (should stay empty). */
  readonly invalid: { raw: unknown; reason: string }[] = [];
  /** Frames no `next()` has taken yet. */
  readonly #unread: ServerFrame[] = [];
  readonly #waiters = new Set<Waiter>();

  constructor(readonly label: string) {}

  /**
   * Takes raw socket data (a string for text frames) and validates it against the protocol's
   * ServerFrame schema. (Not through parseServerFrame: that also applies the client-to-server
   * frame length limit, which a welcome with many messages legitimately exceeds.)
   */
  pushRaw(raw: unknown): void {
    if (typeof raw !== "string") {
      this.invalid.push({ raw, reason: "binary frame from the server" });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.invalid.push({ raw, reason: "not JSON" });
      return;
    }
    const result = v.safeParse(ServerFrame, json);
    if (!result.success) {
      this.invalid.push({ raw, reason: result.issues.map((issue) => issue.message).join("; ") });
      return;
    }
    this.push(result.output);
  }

  /** Takes an already validated frame (as ConversationSocket's onFrame hands it over). */
  push(frame: ServerFrame): void {
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
  next<T extends ServerFrame>(predicate: (frame: ServerFrame) => frame is T, what?: string, timeoutMs?: number): Promise<T>;
  next(predicate: Predicate, what?: string, timeoutMs?: number): Promise<ServerFrame>;
  next(predicate: Predicate, what = "a matching frame", timeoutMs = FRAME_TIMEOUT_MS): Promise<ServerFrame> {
    const index = this.#unread.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.#unread.splice(index, 1)[0]!);
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `${this.label}: no ${what} within ${timeoutMs} ms; received so far:\n` +
              this.received.map((frame) => `  ${JSON.stringify(frame).slice(0, 300)}`).join("\n") +
              (this.invalid.length > 0
                ? `\nand frames outside the protocol:\n${this.invalid.map(({ raw, reason }) => `  ${reason}: ${String(raw).slice(0, 200)}`).join("\n")}`
                : ""),
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
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
  nextOfType<K extends ServerFrame["type"]>(
    type: K,
    predicate: (frame: FrameOfType<K>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<FrameOfType<K>> {
    return this.next(
      (frame): frame is FrameOfType<K> => frame.type === type && predicate(frame as FrameOfType<K>),
      `"${type}" frame`,
      timeoutMs,
    );
  }

  /** All frames received so far that match `predicate`, consumed or not. */
  all(predicate: Predicate = () => true): ServerFrame[] {
    return this.received.filter(predicate);
  }

  /** Waits `ms` and fails if any frame matching `predicate` arrived by then (or before). */
  async expectNone(predicate: Predicate, ms = 300, what = "frame"): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const unexpected = this.received.filter(predicate);
    if (unexpected.length > 0) {
      throw new Error(`${this.label}: expected no ${what}, got:\n${unexpected.map((f) => `  ${JSON.stringify(f)}`).join("\n")}`);
    }
  }
}

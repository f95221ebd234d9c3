/**
 * Waiting on a store until what it holds settles a request: used by `chat.send` (the message
 * stored or refused) and `chat.startSession` (the conversation live or refused).
 */
import type { ReadableAtom } from "nanostores";
import { ChatError } from "../transport/chat-error.js";

/**
 * How a value of the store settles the wait: a value to resolve with, or the error to reject
 * with, read a moment later, once every subscriber has heard the change (a refusal's reason is
 * kept by then).
 */
export type Settled<R> = { value: R } | { error: () => ChatError };

/**
 * Follows `store` until `decide` settles the wait (undefined: not yet), or rejects with a
 * `timeout` ChatError saying `timedOut` after `timeoutMs`; then stops following it.
 */
export function settledBy<T, R>(store: ReadableAtom<T>, decide: (value: T) => Settled<R> | undefined, timeoutMs: number, timedOut: string): Promise<R> {
  return new Promise((resolve, reject) => {
    let stop = () => {};
    let settled = false;
    const settle = (outcome: Settled<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A microtask later: `stop` is set even when the store settles on its first call.
      queueMicrotask(() => {
        stop();
        if ("value" in outcome) resolve(outcome.value);
        else reject(outcome.error());
      });
    };
    const timer = setTimeout(() => settle({ error: () => new ChatError("timeout", timedOut) }), timeoutMs);
    stop = store.subscribe((value) => {
      const outcome = decide(value);
      if (outcome) settle(outcome);
    });
  });
}

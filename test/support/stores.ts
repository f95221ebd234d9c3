/** Waiting on the headless API's stores in tests, with a timeout so nothing hangs. */
import type { ReadableAtom } from "nanostores";

/** Resolves with the store's value once `predicate` holds, or fails after `timeoutMs`. */
export function until<T>(store: ReadableAtom<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 8_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(store.get())}`));
    }, timeoutMs);
    unsubscribe = store.subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(value);
    });
  });
}

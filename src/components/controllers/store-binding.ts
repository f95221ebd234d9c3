/**
 * A reactive controller that keeps an element subscribed to a store it can swap, such as the
 * messages of whichever conversation the element currently shows.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ReadableAtom } from "nanostores";

export class StoreBinding<Value> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #store: ReadableAtom<Value> | null = null;
  #unsubscribe: (() => void) | null = null;
  #connected = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows `store` from now on; the previous store loses this subscriber. */
  bind(store: ReadableAtom<Value> | null): void {
    if (store === this.#store) return;
    this.#stopListening();
    this.#store = store;
    if (this.#connected) this.#startListening();
  }

  get value(): Value | undefined {
    return this.#store?.get();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#startListening();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopListening();
  }

  #startListening(): void {
    this.#unsubscribe = this.#store?.listen(() => this.#host.requestUpdate()) ?? null;
  }

  #stopListening(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}

/**
 * The launcher's unread count before the store has loaded: a socket of its own to the user's
 * inbox (src/transport/unread-socket.ts), opened for the options the widget's attributes give
 * and closed once the widget has a chat, or leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ChatOptions } from "../../store/index.js";
import { userOf } from "../../store/chat-user.js";
import { TokenSource } from "../../transport/token-source.js";
import { watchUnread } from "../../transport/unread-socket.js";

export class LauncherCount implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #refused: () => void;
  readonly #cannotConnect: (error: unknown) => void;
  #socket: { key: string; stop: () => void } | null = null;
  #count: number | undefined;

  /** `refused` runs when the server refuses the user; `cannotConnect` when the options name nobody usable. */
  constructor(host: ReactiveControllerHost, refused: () => void, cannotConnect: (error: unknown) => void) {
    this.#host = host;
    this.#refused = refused;
    this.#cannotConnect = cannotConnect;
    host.addController(this);
  }

  /** The last count the socket read; undefined before it read one or once forgotten. */
  get count(): number | undefined {
    return this.#count;
  }

  /** Counts for `options`' user from now on; null closes the socket (the widget has its chat). */
  follow(options: ChatOptions | null): void {
    const key = options ? JSON.stringify([options.host, options.token, options.user, options.name, Boolean(options.tokenProvider)]) : "";
    if (this.#socket && this.#socket.key !== key) this.hostDisconnected();
    if (!options || this.#socket) return;
    try {
      const { userId } = userOf(options);
      const tokens = new TokenSource({ ...options, guest: options.token || options.tokenProvider ? undefined : { user: userId, name: options.name } });
      const stop = watchUnread({
        host: options.host,
        userId,
        tokens,
        onCount: (count) => {
          this.#count = count;
          this.#host.requestUpdate();
        },
        onRefused: this.#refused,
      });
      this.#socket = { key, stop: () => (stop(), tokens.dispose()) };
    } catch (error) {
      this.#cannotConnect(error);
    }
  }

  /** Forgets the count: the chat's own has taken over. */
  forget(): void {
    this.#count = undefined;
  }

  hostDisconnected(): void {
    this.#socket?.stop();
    this.#socket = null;
  }
}

/**
 * A reactive controller that remembers when members of the shown conversation went offline, as
 * presence frames said during this session, so a one-to-one header can say "Active 5 min ago".
 * Nothing is guessed: someone not seen leaving while the window listened is just "Offline".
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ConversationHandle } from "../../store/index.js";
import type { ConversationController } from "../controllers/conversation-controller.js";
import type { Strings } from "../strings.js";

const MINUTE = 60_000;

/** "Online", "Active 5 min ago" (left at `offlineSince`), or "Offline" when that is unknown. */
export function presenceText(t: Strings, online: boolean, offlineSince: number | undefined, now: number): string {
  if (online) return t.peerOnline;
  if (offlineSince === undefined) return t.peerOffline;
  return t.peerActiveAgo(Math.max(0, Math.floor((now - offlineSince) / MINUTE)));
}

export class PeerPresence implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #conversation: ConversationController;
  /** When each member's last "went offline" frame came, by user id. */
  readonly #offlineSince = new Map<string, number>();
  /** The handle those times are about; the one listened to, or null while disconnected. */
  #about: ConversationHandle | null = null;
  #listening: ConversationHandle | null = null;
  #stop: (() => void) | null = null;
  #clock = 0;

  constructor(host: ReactiveControllerHost, conversation: ConversationController) {
    this.#host = host;
    this.#conversation = conversation;
    host.addController(this);
  }

  /** What to say of `userId`'s presence: "Online", "Active 5 min ago", or "Offline". */
  text(t: Strings, userId: string, online: boolean): string {
    return presenceText(t, online, this.#offlineSince.get(userId), Date.now());
  }

  hostConnected(): void {
    this.#listening = null;
    // "N min ago" moves on by itself.
    this.#clock = window.setInterval(() => {
      if (this.#offlineSince.size) this.#host.requestUpdate();
    }, MINUTE);
  }

  hostUpdate(): void {
    const handle = this.#conversation.handle;
    if (handle === this.#listening) return;
    this.#stop?.();
    if (handle !== this.#about) this.#offlineSince.clear();
    this.#about = handle;
    this.#listening = handle;
    this.#stop = handle?.on("presence", ({ userId, online }) => {
      if (online) this.#offlineSince.delete(userId);
      else this.#offlineSince.set(userId, Date.now());
    }) ?? null;
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
    window.clearInterval(this.#clock);
  }
}

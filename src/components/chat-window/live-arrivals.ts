/**
 * A reactive controller holding what the chat window's live region announces, brought up to
 * date in every update from the conversation the window shows.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ChatMessage } from "../../store/index.js";
import type { ConversationController } from "../controllers/conversation-controller.js";
import { newestSeq, nextArrivals, type Watched } from "./arrivals.js";

export class LiveArrivals implements ReactiveController {
  /** Others' messages that arrived live, newest last. */
  messages: readonly ChatMessage[] = [];
  readonly #conversation: ConversationController;
  readonly #userId: () => string | undefined;
  /** What the last update watched, to tell arrivals from a load. */
  #watched: Watched = { conversation: null, online: false, seq: 0 };

  constructor(host: ReactiveControllerHost, conversation: ConversationController, userId: () => string | undefined) {
    this.#conversation = conversation;
    this.#userId = userId;
    host.addController(this);
  }

  hostUpdate(): void {
    const { handle, messages, status } = this.#conversation;
    const held = messages.value ?? [];
    const now = { conversation: handle, online: status.value === "online", seq: newestSeq(held) };
    this.messages = nextArrivals(this.messages, this.#watched, now, held, this.#userId());
    this.#watched = now;
  }
}

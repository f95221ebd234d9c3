/**
 * The roving focus of `<chat-window>`'s message log: the log is one Tab stop, held by one
 * `<chat-message>` (an article) at a time, and ArrowUp, ArrowDown, Home and End move it between
 * the rendered messages. A message's own controls are reached from it (`ChatMessageElement.roving`).
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Ref } from "lit/directives/ref.js";
import type { ChatMessageElement } from "../chat-message/chat-message.js";

/** How long a message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2000;

export class MessageFocus implements ReactiveController {
  /** The message holding the Tab stop; the newest rendered one when unset or no longer rendered. */
  #activeId: string | undefined;
  #highlighted: ChatMessageElement | undefined;
  #highlightTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly list: Ref<HTMLElement>,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    this.#assignStop();
  }

  hostDisconnected(): void {
    clearTimeout(this.#highlightTimer);
  }

  /** On the log: arrow keys, Home and End on a focused message (not inside it) move focus. */
  readonly handleKey = (event: KeyboardEvent): void => {
    const messages = this.#messages();
    const focused = event.composedPath()[0];
    const at = focused === this.list.value ? messages.indexOf(this.#active(messages)!) : messages.indexOf(focused as ChatMessageElement);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = { ArrowUp: at - 1, ArrowDown: at + 1, Home: 0, End: messages.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#focus(messages[Math.max(0, Math.min(next, messages.length - 1))]!);
  };

  /** Focus anywhere in a message (a click, a jump) makes it the one holding the stop. */
  readonly handleFocusIn = (event: FocusEvent): void => {
    const message = (event.target as Element).closest?.("chat-message");
    if (!message || message.dataset.id === this.#activeId) return;
    this.#activeId = message.dataset.id;
    this.#assignStop();
  };

  /** After a jump to `messageId`: it holds the stop, and is highlighted for a moment. */
  async reveal(messageId: string, jumped: Promise<void>): Promise<void> {
    await jumped;
    const message = this.#messages().find((item) => item.dataset.id === messageId);
    if (!message) return;
    this.#activeId = messageId;
    this.#assignStop();
    if (this.#highlighted) this.#highlighted.highlighted = false;
    clearTimeout(this.#highlightTimer);
    message.highlighted = true;
    this.#highlighted = message;
    this.#highlightTimer = setTimeout(() => (message.highlighted = false), HIGHLIGHT_MS);
  }

  #messages(): ChatMessageElement[] {
    return [...(this.list.value?.querySelectorAll("chat-message") ?? [])];
  }

  #active(messages: ChatMessageElement[]): ChatMessageElement | undefined {
    return messages.find((message) => message.dataset.id === this.#activeId) ?? messages.at(-1);
  }

  #focus(message: ChatMessageElement): void {
    this.#activeId = message.dataset.id;
    this.#assignStop();
    // "nearest" scrolls only as far as needed; the scroll anchor then keeps this place.
    message.focus({ preventScroll: true });
    message.scrollIntoView({ block: "nearest" });
  }

  #assignStop(): void {
    const messages = this.#messages();
    const active = this.#active(messages);
    for (const message of messages) {
      message.roving = true;
      const tabIndex = message === active ? 0 : -1;
      if (message.tabIndex !== tabIndex || !message.hasAttribute("tabindex")) message.tabIndex = tabIndex;
    }
  }
}

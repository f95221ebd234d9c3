/**
 * The chat window's person card: a `chat-person` event from inside it (a member's name in the
 * members panel, a sender's name in the log) opens `<chat-person-card>` and moves focus into
 * it; Escape or Close hides it and gives focus back to what opened it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import type { Chat } from "../../store/index.js";
import type { ChatPersonDetail, ChatSelectDetail } from "../events.js";
import { personCardParts } from "../parts.js";
import "../person-card/person-card.js";
import type { Strings } from "../strings.js";

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

export class PersonCards implements ReactiveController {
  /** The person shown, or null while no card is open. */
  person: ChatPersonDetail | null = null;
  #opener: HTMLElement | null = null;

  constructor(
    private readonly host: Host,
    /** Called when the card opened the one-to-one, once the card is gone. */
    private readonly selected: (conversationId: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener("chat-person", this.#open);
  }

  hostDisconnected(): void {
    this.host.removeEventListener("chat-person", this.#open);
  }

  readonly #open = async (event: CustomEvent<ChatPersonDetail>): Promise<void> => {
    event.stopPropagation();
    this.#opener = event.composedPath()[0] as HTMLElement;
    this.person = { ...event.detail };
    this.host.requestUpdate();
    await this.host.updateComplete;
    const card = this.host.renderRoot.querySelector("chat-person-card");
    await card?.updateComplete;
    card?.focus();
  };

  /** Hides the card; focus goes back to its opener unless something else takes it. */
  close(returnFocus: boolean): void {
    if (!this.person) return;
    this.person = null;
    this.host.requestUpdate();
    if (returnFocus) this.#opener?.focus();
    this.#opener = null;
  }

  render(chat: Chat | null, locale: string, strings: Partial<Strings> | null) {
    if (!this.person) return nothing;
    return html`<chat-person-card
      part="person-card"
      exportparts=${personCardParts}
      class="person-card"
      lang=${locale || nothing}
      .strings=${strings}
      .chat=${chat}
      .person=${this.person}
      @chat-cancel=${(event: Event) => {
        event.stopPropagation();
        this.close(true);
      }}
      @chat-select=${(event: CustomEvent<ChatSelectDetail>) => {
        this.close(false);
        this.selected(event.detail.conversationId);
      }}
    ></chat-person-card>`;
  }
}

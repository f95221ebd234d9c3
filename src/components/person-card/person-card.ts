import { html, nothing, type PropertyValues } from "lit";
import type { Chat } from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { emit, type ChatPersonDetail, type ChatSelectDetail } from "../events.js";
import { personCardStyles } from "./person-card.styles.js";

/**
 * A person's card: avatar, name, presence and id, and a Message button that opens (or starts)
 * the one-to-one conversation with them. A small non-modal dialog: it shows at once what the
 * opener knew and asks the directory (`chat.users.get`) for fresh presence.
 *
 * @tag chat-person-card
 * @summary A person's card.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @event chat-select - The one-to-one with the person was opened: `detail.conversationId`.
 * @event chat-cancel - Escape or Close: the holder hides the card and gives focus back.
 * @csspart dialog - The card itself, a non-modal dialog named by the person's name.
 * @csspart avatar - The person's picture or initials.
 * @csspart name - The person's name.
 * @csspart presence - "Online" or "Offline", with its dot.
 * @csspart id - The person's user id.
 * @csspart message-button - Opens the one-to-one with the person (not on one's own card).
 * @csspart close-button - Closes the card.
 * @csspart error - Why the one-to-one could not be opened.
 */
export class ChatPersonCard extends ConfabElement {
  static styles = personCardStyles;

  static properties = {
    ...ConfabElement.properties,
    chat: { attribute: false },
    person: { attribute: false },
    error: { state: true },
    busy: { state: true },
  };

  chat: Chat | null = null;
  person: ChatPersonDetail | null = null;
  private error = "";
  private busy = false;
  /** Whose fresh presence was last asked for: the answer replaces `person`, which must not ask again. */
  #askedFor: string | undefined;

  constructor() {
    super();
    this.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      this.close();
    });
  }

  /** Moves focus into the card: its Message button, or Close on one's own card. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>("button")?.focus();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("person") || this.person?.userId === this.#askedFor) return;
    this.#askedFor = this.person?.userId;
    this.error = "";
    const asked = this.person;
    if (!asked || !this.chat) return;
    this.chat.users.get(asked.userId).then(
      (found) => {
        if (found && this.person === asked) this.person = { userId: found.id, name: found.name, avatar: found.avatar ?? asked.avatar, online: found.online };
      },
      // The card already shows what its opener knew; without fresh presence it shows none.
      () => {},
    );
  }

  private close(): void {
    emit(this, "chat-cancel", {});
  }

  private async message(): Promise<void> {
    if (!this.chat || !this.person || this.busy) return;
    this.busy = true;
    this.error = "";
    try {
      const conversation = await this.chat.create({ type: "direct", members: [this.person.userId] });
      emit<ChatSelectDetail>(this, "chat-select", { conversationId: conversation.id });
    } catch (error) {
      this.error = errorText(this.t, error);
    } finally {
      this.busy = false;
    }
  }

  render() {
    const person = this.person;
    if (!person) return nothing;
    const t = this.t;
    const self = person.userId === this.chat?.user.userId;
    return html`<div part="dialog" class="card" role="dialog" aria-labelledby="name">
      ${renderAvatar(t, person.name, person.avatar)}
      <div class="about">
        <h3 part="name" id="name"><bdi>${person.name}</bdi></h3>
        ${person.online === undefined
          ? nothing
          : html`<p part="presence" class=${person.online ? "state online" : "state"}>${person.online ? t.peerOnline : t.peerOffline}</p>`}
        <p part="id" class="id">${person.userId}</p>
      </div>
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        ${self
          ? nothing
          : html`<button part="message-button" class="primary" type="button" ?disabled=${this.busy} @click=${this.message}>${t.messagePerson}</button>`}
        <button part="close-button" class="quiet" type="button" @click=${this.close}>${t.close}</button>
      </div>
    </div>`;
  }
}

defineElement("chat-person-card", ChatPersonCard);

declare global {
  interface HTMLElementTagNameMap {
    "chat-person-card": ChatPersonCard;
  }
}

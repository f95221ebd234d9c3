import { html, nothing, type PropertyValues } from "lit";
import { createRef, ref } from "lit/directives/ref.js";
import type { ChatMessage, ConversationHandle } from "../../store/index.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { emit, type ChatMessageActionDetail } from "../events.js";
import { chatSearchStyles } from "./chat-search.styles.js";

/**
 * Searches a conversation's history on the server (members only, newest first) and lists what
 * matches; choosing a result emits `chat-jump`, so the window holding it shows that message.
 *
 * @tag chat-search
 * @summary Search in one conversation.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @csspart form - The row with the search box and its button.
 * @csspart input - The search box.
 * @csspart search-button - Starts the search.
 * @csspart status - How many messages matched, or why the search failed.
 * @csspart results - The list of matching messages.
 * @csspart result - One matching message; activating it jumps there.
 * @event chat-jump - The user chose the result `detail.messageId`.
 */
export class ChatSearch extends ConfabElement {
  static styles = chatSearchStyles;

  static properties = {
    ...ConfabElement.properties,
    conversation: { attribute: false },
    results: { state: true },
    status: { state: true },
  };

  conversation: ConversationHandle | null = null;
  private results: ChatMessage[] = [];
  private status = "";
  private readonly input = createRef<HTMLInputElement>();

  override focus(): void {
    this.input.value?.focus();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("conversation")) return;
    this.results = [];
    this.status = "";
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const query = this.input.value!.value.trim();
    const conversation = this.conversation;
    if (!query || !conversation) return;
    this.status = this.t.searching;
    try {
      const results = await conversation.search(query);
      if (conversation !== this.conversation) return;
      this.results = results;
      this.status = this.t.found(results.length);
    } catch (error) {
      this.results = [];
      this.status = error instanceof Error ? error.message : String(error);
    }
  }

  render() {
    const t = this.t;
    return html`
      <form part="form" role="search" @submit=${this.handleSubmit}>
        <input ${ref(this.input)} part="input" type="search" aria-label=${t.searchMessages} placeholder=${t.searchMessages} />
        <button part="search-button" class="quiet" type="submit">${t.search}</button>
      </form>
      <p part="status" role="status">${this.status}</p>
      ${this.results.length > 0
        ? html`<ul part="results">
            ${this.results.map(
              (message) =>
                html`<li>
                  <button
                    part="result"
                    type="button"
                    @click=${() => emit<ChatMessageActionDetail>(this, "chat-jump", { messageId: message.id })}
                  >
                    <span class="name">${message.senderName}</span> ${message.text}
                  </button>
                </li>`,
            )}
          </ul>`
        : nothing}
    `;
  }
}

defineElement("chat-search", ChatSearch);

declare global {
  interface HTMLElementTagNameMap {
    "chat-search": ChatSearch;
  }
}

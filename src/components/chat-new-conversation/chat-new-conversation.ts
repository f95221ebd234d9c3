import { html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { namedBy } from "../../protocol/limits.js";
import type { Chat, ConversationHandle, ConversationType } from "../../store/index.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { errorText } from "../error-text.js";
import { emit, type ChatSelectDetail } from "../events.js";
import { chatNewConversationStyles } from "./chat-new-conversation.styles.js";

/** What the form does: start a conversation of a type, or join a group by its id. */
type FormKind = ConversationType | "join";

/** Each kind's label and field label, as keys of the strings table. */
const kinds = { direct: ["direct", "userId"], group: ["group", "memberIds"], join: ["joinById", "conversationId"] } as const;

/**
 * A form to start a one-to-one conversation or a group, or to join an open group by its id.
 *
 * @tag chat-new-conversation
 * @summary Start a conversation.
 * @attr theme - `light`, `dark` or `auto`; inside another element, follows that one's.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @event chat-select - The conversation was created (or, one-to-one, found): `detail.conversationId`.
 * @event chat-cancel - The user closed the form without creating anything.
 * @csspart form - The form.
 * @csspart create-button - The submit button.
 * @csspart cancel-button - The cancel button.
 * @csspart error - Why the last attempt failed.
 */
export class ChatNewConversation extends ConfabElement {
  static styles = chatNewConversationStyles;

  static properties = {
    ...ConfabElement.properties,
    chat: { attribute: false },
    kind: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  chat: Chat | null = null;
  private kind: FormKind = "direct";
  private error = "";
  private busy = false;

  /** Moves focus to the first field. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input[type=text]")?.focus();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.chat || this.busy) return;
    const form = event.target as HTMLFormElement;
    const fields = new FormData(form);
    const ids = String(fields.get("ids") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    if (this.kind !== "group" && ids.length !== 1) {
      this.error = this.kind === "direct" ? this.t.nameOne : this.t.giveOneId;
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      // In guest mode a person types a guest's id as they picked it ("bob" is the guest ~bob).
      const people = this.kind === "join" ? ids : ids.map((id) => namedBy(this.chat!.user.userId, id));
      const conversation = await this.submit(this.chat, people, fields);
      form.reset();
      emit<ChatSelectDetail>(this, "chat-select", { conversationId: conversation.id });
    } catch (error) {
      this.error = errorText(this.t, error);
    } finally {
      this.busy = false;
    }
  }

  private submit(chat: Chat, ids: string[], fields: FormData): Promise<ConversationHandle> {
    if (this.kind === "join") return chat.join(ids[0]!);
    if (this.kind === "direct") return chat.create({ type: "direct", members: ids });
    const title = String(fields.get("title") ?? "").trim();
    return chat.create({ type: "group", members: ids, title: title || undefined, joinable: fields.has("joinable") });
  }

  private handleCancel(): void {
    this.error = "";
    emit(this, "chat-cancel", {});
  }

  render() {
    const t = this.t;
    return html`
      <form part="form" aria-label=${t.newConversation} @submit=${this.handleSubmit}>
        <fieldset>
          <legend>${t.newConversation}</legend>
          ${(Object.keys(kinds) as FormKind[]).map(
            (kind) => html`<label
              ><input
                type="radio"
                name="kind"
                value=${kind}
                .checked=${live(this.kind === kind)}
                @change=${() => (this.kind = kind)}
              />${t[kinds[kind][0]]}</label
            >`,
          )}
        </fieldset>
        <label>
          ${t[kinds[this.kind][1]]}
          <input type="text" name="ids" required autocomplete="off" />
        </label>
        ${this.kind === "group"
          ? html`<label>${t.title} <input type="text" name="title" maxlength="120" autocomplete="off" /></label>
              <label class="check"><input type="checkbox" name="joinable" />${t.joinable}</label>`
          : nothing}
        ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button part="cancel-button" class="quiet" type="button" @click=${this.handleCancel}>${t.cancel}</button>
          <button part="create-button" class="primary" type="submit" ?disabled=${this.busy}>
            ${this.kind === "join" ? t.join : t.start}
          </button>
        </div>
      </form>
    `;
  }
}

defineElement("chat-new-conversation", ChatNewConversation);

declare global {
  interface HTMLElementTagNameMap {
    "chat-new-conversation": ChatNewConversation;
  }
  interface GlobalEventHandlersEventMap {
    "chat-cancel": CustomEvent<Record<string, never>>;
  }
}
